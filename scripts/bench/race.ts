import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { openDatabase } from '../../main/db/open';
import { seedDueReminders } from '../../tests/support/due-reminders';
import { serveEntry, startServe } from '../../tests/support/serve-process';
import { startTestSmtpServer } from '../../tests/support/smtp-server';
import { TEST_PG_ADMIN_URL, testDatabaseUrl } from '../../tests/support/test-dialect';
import type { BenchResult } from '../bench';

// Issue 10 §3's race, timed: 4 built `serve` processes on one PostgreSQL database (the test cluster of
// scripts/pg-test-cluster.sh, or TEST_DATABASE_URL) send 1,000 reminders that fall due at one instant
// to one SMTP server on loopback. Mails per second from the due instant to the last mail accepted.

const SERVERS = 4;
const ACCOUNTS = 200;
const PER_ACCOUNT = 5;
const REMINDERS = ACCOUNTS * PER_ACCOUNT;
// Time for the servers to start and arm before the rows fall due.
const START_ALLOWANCE_MS = 30_000;
const RACE_TIMEOUT_MS = 5 * 60_000;

/** CPU seconds (user + system) a process has used so far, from /proc (Linux); null elsewhere. */
function cpuSecondsOf(pid: number | undefined): number | null {
  try {
    // Fields after the command name: utime and stime are the 12th and 13th, in clock ticks (100 a second).
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

export async function benchRace(): Promise<BenchResult[]> {
  const admin = new pg.Pool({ connectionString: TEST_PG_ADMIN_URL, max: 1 });
  const name = `spend_bench_race_${process.pid}`;
  // SPEND_SERVE_ENTRY: race a given build (e.g. a variant to compare); else one built from this checkout.
  const built = serveEntry();
  const smtp = await startTestSmtpServer({ mode: 'plain' });
  const dirs: string[] = [];
  await admin.query(`drop database if exists "${name}" with (force)`);
  await admin.query(`create database "${name}"`);
  try {
    const url = testDatabaseUrl(name);
    // Opening migrates it.
    const db = await openDatabase({ url });
    const dueAt = new Date(Date.now() + START_ALLOWANCE_MS);
    try {
      await seedDueReminders(db.db, { accounts: ACCOUNTS, perAccount: PER_ACCOUNT, dueAt });
    } finally {
      await db.close();
    }
    const servers = Array.from({ length: SERVERS }, (_, i) => {
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'spend-bench-race-'));
      dirs.push(dataDir);
      return startServe(built.entry, { DATABASE_URL: url, SPEND_MANAGER_DATA_DIR: dataDir, SMTP_URL: `smtp://${smtp.host}:${smtp.port}?starttls=never&from=server${i}%40race.test` });
    });
    try {
      await Promise.all(servers.map((s) => s.url));
      const listeningBy = Date.now();
      if (listeningBy > dueAt.getTime()) throw new Error(`the servers took ${listeningBy - dueAt.getTime() + START_ALLOWANCE_MS} ms to start: more than the ${START_ALLOWANCE_MS} ms allowed`);
      await smtp.waitForMails(REMINDERS, dueAt.getTime() - Date.now() + RACE_TIMEOUT_MS);
      const lastAt = Date.now();
      const seconds = (lastAt - dueAt.getTime()) / 1000;
      const distinct = new Set(smtp.mails.map((m) => m.messageId)).size;
      const cpu = servers.map((s) => cpuSecondsOf(s.child.pid));
      const cpuTotal = cpu.every((c): c is number => c !== null) ? cpu.reduce((a, b) => a + b, 0) : null;
      const perServer = Array.from({ length: SERVERS }, (_, i) => smtp.mails.filter((m) => m.envelope.from === `server${i}@race.test`).length);
      return [
        {
          name: `4-server reminder race (PostgreSQL): mails per second`,
          value: REMINDERS / seconds,
          unit: 'mails/s',
          note: `${REMINDERS.toLocaleString('en-US')} reminders over ${ACCOUNTS} accounts due at one instant, ${smtp.mails.length} mails received in ${seconds.toFixed(1)} s (${distinct} distinct Message-IDs), per server ${perServer.join(' / ')}`,
        },
        ...(cpuTotal === null
          ? []
          : [
              {
                name: '4-server reminder race (PostgreSQL): server CPU per mail',
                value: (cpuTotal * 1000) / REMINDERS,
                unit: 'ms',
                note: `user + system CPU of the 4 servers from start (${cpuTotal.toFixed(1)} s in all, start-up included) over the mails sent: what the load average does not distort`,
              },
            ]),
      ];
    } finally {
      await Promise.all(servers.map((s) => s.stop()));
    }
  } finally {
    await smtp.stop();
    built.remove();
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
    await admin.query(`drop database if exists "${name}" with (force)`);
    await admin.end();
  }
}
