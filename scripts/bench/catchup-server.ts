// Browser mode starting on a database with reminders to catch up, in its own process so that what is
// measured is its event loop alone. Prints "start <epoch ms>", then "listening <url>", then, once no
// reminder is due or in flight, "caught-up <json>" with its event-loop delay and peak RSS.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { sql } from 'kysely';
import { startCore } from '../../main/core/start-core';
import { createHttpServer } from '../../main/http/server';
import { silentLogger } from '../../main/ports';
import { SENDING_TIMEOUT_MS } from '../../main/reminders/delivery';
import { createMemorySecrets } from '../../main/secrets/keychain';

function usage(): never {
  throw new Error('usage: catchup-server <data-dir>   (SMTP_URL and NODE_EXTRA_CA_CERTS in the environment)');
}
const dataDir: string = process.argv[2] ?? usage();
const POLL_MS = 100;

async function main(): Promise<void> {
  // Its values are the time between two 1 ms ticks: a stall plus at most ~1 ms.
  const delay = monitorEventLoopDelay({ resolution: 1 });
  delay.enable();
  // The longest turn again, counted in CPU time: on a machine shared with other work a turn's wall time
  // also holds the time this process waited for a core, which an idle machine does not add.
  let lastCpu = process.cpuUsage();
  let maxTurnCpuMs = 0;
  const turns = setInterval(() => {
    const cpu = process.cpuUsage(lastCpu);
    lastCpu = process.cpuUsage();
    maxTurnCpuMs = Math.max(maxTurnCpuMs, (cpu.user + cpu.system) / 1000);
  }, 1);
  const started = Date.now();
  console.log(`start ${started}`);
  const core = await startCore({ dataDir, logger: silentLogger, secrets: createMemorySecrets('catchup'), notifier: { notify: () => false }, smtpUrl: process.env.SMTP_URL, deferReminders: true });
  const http = createHttpServer({ core });
  console.log(`listening ${await http.listen(0)}`);
  // As main/serve.ts does: listening first, then the catch-up.
  core.reminders.start();

  const db = core.database.db;
  // Done when nothing is due and nothing is being sent; read through the partial index of armed rows only.
  const busy = async (): Promise<boolean> => {
    const now = new Date();
    const row = await db
      .selectFrom('reminders')
      .select('id')
      .where(sql<boolean>`state in ('pending', 'snoozed', 'sending')`)
      .where('next_attempt_at', '<=', new Date(now.getTime() + SENDING_TIMEOUT_MS + 60_000).toISOString())
      .where((eb) => eb.or([eb('next_attempt_at', '<=', now.toISOString()), eb('state', '=', 'sending')]))
      .limit(1)
      .executeTakeFirst();
    return row !== undefined;
  };
  const timer = setInterval(() => {
    void busy().then((still) => {
      if (still) return;
      clearInterval(timer);
      clearInterval(turns);
      delay.disable();
      const states = Object.fromEntries(
        core.database.sqlite! // this bench runs on the SQLite file (no DATABASE_URL)
          .prepare('select state, count(*) as n from reminders group by state')
          .all()
          .map((r) => [(r as { state: string }).state, (r as { n: number }).n]),
      );
      console.log(
        `caught-up ${JSON.stringify({
          ms: Date.now() - started,
          delayMaxMs: delay.max / 1e6,
          delayP99Ms: delay.percentile(99) / 1e6,
          maxTurnCpuMs,
          maxRssMb: process.resourceUsage().maxRSS / 1024,
          states,
        })}`,
      );
    });
  }, POLL_MS);

  process.on('SIGTERM', () => {
    clearInterval(timer);
    void http.close().then(() => core.stop()).then(() => process.exit(0));
  });
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exit(1);
});
