// Preloaded (`node --import`) into the built browser-mode server (dist/main/serve.cjs) by the catch-up bench, so
// what is measured is the product as a user runs it, not a harness under tsx. It watches the event loop
// from the moment the server listens (serve.ts starts the catch-up right after) and answers the bench
// over the IPC channel: {type:'report'} with the delay, the longest turn in CPU time and peak RSS.
import net from 'node:net';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';

const send = (message) => process.send && process.send(message);
send({ type: 'start', at: Date.now() });

// Its values are the time between two 1 ms ticks: a stall plus at most ~1 ms.
const delay = monitorEventLoopDelay({ resolution: 1 });
// The longest turn again in CPU time (user + system, all threads): on a shared machine a turn's wall time
// also holds the time this process waited for a core, which an idle machine does not add.
let lastCpu = process.cpuUsage();
let lastTick = performance.now();
let listeningAt = 0;
const longest = { startUp: { cpuMs: 0, at: 0 }, catchUp: { cpuMs: 0, at: 0 } };
const tick = () => {
  const cpu = process.cpuUsage(lastCpu);
  lastCpu = process.cpuUsage();
  const ms = (cpu.user + cpu.system) / 1000;
  const phase = listeningAt === 0 ? longest.startUp : longest.catchUp;
  if (ms > phase.cpuMs) {
    phase.cpuMs = ms;
    phase.at = Math.round(lastTick - (listeningAt || 0));
  }
  lastTick = performance.now();
};
const turns = setInterval(tick, 1);
turns.unref();

const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function (...args) {
  this.once('listening', () => {
    if (listeningAt !== 0) return;
    tick();
    listeningAt = performance.now();
    delay.enable();
    send({ type: 'listening', at: Date.now() });
  });
  return listen.apply(this, args);
};

process.on('message', (message) => {
  if (!message || message.type !== 'report') return;
  tick();
  delay.disable();
  const caughtUp = { ...longest.catchUp };
  // A later report covers only what came after this one (the bench's requests on the idle server).
  longest.catchUp = { cpuMs: 0, at: 0 };
  send({
    type: 'report',
    sinceListeningMs: Math.round(performance.now() - listeningAt),
    delayMaxMs: delay.max / 1e6,
    delayP99Ms: delay.percentile(99) / 1e6,
    maxTurnCpuMs: caughtUp.cpuMs,
    maxTurnAtMs: caughtUp.at,
    startUpTurnCpuMs: longest.startUp.cpuMs,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
  });
});
// The IPC channel must not keep the server alive after its own SIGTERM handling.
if (process.channel) process.channel.unref();
