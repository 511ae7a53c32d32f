// Preloaded (`node --import`) into the built browser-mode server (dist/main/serve.cjs) by the catch-up bench, so
// what is measured is the product as a user runs it, not a harness under tsx. It watches the event loop
// from the moment the server listens (serve.ts starts the catch-up right after) and answers the bench
// over the IPC channel: {type:'report'} with the delay, the longest turn in CPU time and peak RSS.
import fs from 'node:fs';
import net from 'node:net';
import v8 from 'node:v8';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';

const send = (message) => process.send && process.send(message);
send({ type: 'start', at: Date.now() });

// Its values are the time between two 1 ms ticks: a stall plus at most ~1 ms.
const delay = monitorEventLoopDelay({ resolution: 1 });
// The longest turn again in CPU time of the main thread alone: on a shared machine a turn's wall time also
// holds the time this process waited for a core, which an idle machine does not add, and the process's
// CPU time holds its other threads' (GC, the thread pool). Linux keeps each thread's time on a core in
// nanoseconds (schedstat, first field); elsewhere process.cpuUsage() (all threads) stands in.
const SCHEDSTAT = `/proc/self/task/${process.pid}/schedstat`;
// One open file read again at offset 0 (~20 µs a tick, where opening it each time costs ~100 µs).
const schedstat = fs.existsSync(SCHEDSTAT) ? fs.openSync(SCHEDSTAT, 'r') : null;
const buffer = Buffer.alloc(128);
/** [CPU time, time waiting on a run queue for a core] of the main thread, in ms (schedstat's first two fields). */
const readSchedstat = () => {
  const fields = buffer.toString('latin1', 0, fs.readSync(schedstat, buffer, 0, buffer.length, 0)).split(' ');
  return [Number(fields[0]) / 1e6, Number(fields[1]) / 1e6];
};
const threadCpuMs = schedstat !== null
  ? () => readSchedstat()
  : () => {
      const cpu = process.cpuUsage();
      return [(cpu.user + cpu.system) / 1000, 0];
    };
const turnClock = schedstat !== null ? 'main thread (schedstat)' : 'all threads (process.cpuUsage)';
let [lastCpu, lastQueued] = threadCpuMs();
let lastTick = performance.now();
let listeningAt = 0;
// Per phase: the longest turn in CPU time, and the longest in wall time less the time the thread waited for a core
// (what the process itself held the loop for: its CPU plus its own waits — disk, locks — on any machine load).
const longest = { startUp: { cpuMs: 0, at: 0, ownMs: 0, ownAt: 0 }, catchUp: { cpuMs: 0, at: 0, ownMs: 0, ownAt: 0 } };
const tick = () => {
  const now = performance.now();
  const [cpu, queued] = threadCpuMs();
  const ms = cpu - lastCpu;
  const own = now - lastTick - (queued - lastQueued);
  lastCpu = cpu;
  lastQueued = queued;
  const phase = listeningAt === 0 ? longest.startUp : longest.catchUp;
  if (ms > phase.cpuMs) {
    phase.cpuMs = ms;
    phase.at = Math.round(lastTick - (listeningAt || 0));
  }
  if (own > phase.ownMs) {
    phase.ownMs = own;
    phase.ownAt = Math.round(lastTick - (listeningAt || 0));
  }
  lastTick = now;
};
const turns = setInterval(tick, 1);
turns.unref();

// What holds the memory at its peak: V8's heap, or native memory (SQLite's page cache, buffers, code).
const memory = { rssMb: 0, heapUsedMb: 0, heapTotalMb: 0, externalMb: 0, spaces: '' };
const mb = (bytes) => bytes / 2 ** 20;
/** V8's spaces by what they hold in RSS (committed physical memory), largest first. */
const heapSpaces = () =>
  v8
    .getHeapSpaceStatistics()
    .filter((s) => s.physical_space_size > 2 ** 20)
    .sort((a, b) => b.physical_space_size - a.physical_space_size)
    .map((s) => `${s.space_name.replace(/_space$/, '')} ${mb(s.physical_space_size).toFixed(0)}`)
    .join(', ');
let atListening = { rssMb: 0, spaces: '' };
const sampleMemory = () => {
  const m = process.memoryUsage();
  if (mb(m.rss) <= memory.rssMb) return;
  Object.assign(memory, { rssMb: mb(m.rss), heapUsedMb: mb(m.heapUsed), heapTotalMb: mb(m.heapTotal), externalMb: mb(m.external), spaces: heapSpaces() });
};
setInterval(sampleMemory, 100).unref();

const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function (...args) {
  this.once('listening', () => {
    if (listeningAt !== 0) return;
    tick();
    listeningAt = performance.now();
    delay.enable();
    atListening = { rssMb: mb(process.memoryUsage().rss), spaces: heapSpaces() };
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
  longest.catchUp = { cpuMs: 0, at: 0, ownMs: 0, ownAt: 0 };
  send({
    type: 'report',
    sinceListeningMs: Math.round(performance.now() - listeningAt),
    delayMaxMs: delay.max / 1e6,
    delayP99Ms: delay.percentile(99) / 1e6,
    maxTurnCpuMs: caughtUp.cpuMs,
    maxTurnAtMs: caughtUp.at,
    maxOwnTurnMs: schedstat !== null ? caughtUp.ownMs : null,
    maxOwnTurnAtMs: caughtUp.ownAt,
    startUpTurnCpuMs: longest.startUp.cpuMs,
    turnClock,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
    atPeak: { ...memory },
    atListening,
  });
});
// The IPC channel must not keep the server alive after its own SIGTERM handling.
if (process.channel) process.channel.unref();
