import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { addDays, todayIn } from '../../common/domain/calendar-date';
import { openDatabase } from '../../main/db/open';
import { silentLogger } from '../../main/ports';
import { createSmtpMailer } from '../../main/reminders/mailer';
import { replanWorkspace } from '../../main/reminders/planner';
import { createScheduler, earliestPendingAt } from '../../main/reminders/scheduler';
import { createReminderSystem } from '../../main/reminders/system';
import { createMemorySecrets } from '../../main/secrets/keychain';
import { SMTP_POOL_CONNECTIONS, smtpPasswordKey } from '../../main/reminders/smtp-account';
import { startTestSmtpServer } from '../../tests/support/smtp-server';
import type { BenchResult } from '../bench';
import { insertRawAccount, insertRawCategory, type RawAccount } from './raw-account';

// Reminders at scale: arming the one job over 100k subscriptions, and one sweep mailing 1,000 reminders
// through a real SMTP server on loopback (STARTTLS + AUTH).

const SUBSCRIPTIONS = 100_000;
const MAILS = 1_000;
const ARM_TARGET_MS = 5;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))]!;
}

/** Inserts subscriptions straight through SQLite: the bench measures reminders, not the subscriptions service. */
function seed(sqlite: import('better-sqlite3').Database, email: string, count: number, renewal: (i: number) => string): RawAccount {
  const now = new Date().toISOString();
  const account = insertRawAccount(sqlite, { email, username: email.split('@')[0]!, passwordHash: 'x', stamp: now });
  const category = insertRawCategory(sqlite, account, 'Bench', now);
  const insert = sqlite.prepare(
    `insert into expenses (user_id, workspace_id, category_id, name, amount_minor, currency, cycle_unit, cycle_every, anchor_day, renewal_date, status, auto_renew, reminder_sent, created_at, updated_at)
     values (?, ?, ?, ?, ?, 'USD', 'month', 1, ?, ?, 'active', 1, 0, ?, ?)`,
  );
  sqlite.transaction(() => {
    for (let i = 0; i < count; i++) {
      const date = renewal(i);
      insert.run(account.userId, account.workspaceId, category, `Tool ${i}`, 1000 + (i % 9000), Number(date.slice(8)), date, now, now);
    }
  })();
  return account;
}

export async function benchReminders(): Promise<BenchResult[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'spend-bench-reminders-'));
  const results: BenchResult[] = [];
  const smtp = await startTestSmtpServer({ mode: 'starttls', auth: { user: 'bench@company.test', pass: 'bench-pass' } });
  const database = await openDatabase({ file: path.join(dir, 'spend-manager.db') });
  try {
    const clock = { now: () => new Date(), timeZone: () => 'UTC' };
    const today = todayIn('UTC', clock.now());

    // 100k subscriptions renewing over the next year: planning, then arming.
    const big = seed(database.sqlite, 'big@company.test', SUBSCRIPTIONS, (i) => addDays(today, 10 + (i % 365)));
    let started = performance.now();
    const report = await database.db.transaction().execute((trx) => replanWorkspace(trx, clock, big.workspaceId));
    const planMs = performance.now() - started;
    results.push({
      name: `plan reminders for ${SUBSCRIPTIONS.toLocaleString('en-US')} subscriptions (one transaction)`,
      value: planMs,
      unit: 'ms',
      note: `${report.inserted.toLocaleString('en-US')} rows inserted`,
    });

    const queryTimes: number[] = [];
    for (let i = 0; i < 200; i++) {
      started = performance.now();
      await earliestPendingAt(database.db);
      queryTimes.push(performance.now() - started);
    }
    const armTimes: number[] = [];
    let armed = 0;
    const scheduler = createScheduler({
      db: database.db,
      clock,
      logger: silentLogger,
      sweep: async () => {},
      scheduleJob: () => ((armed += 1), { cancel() {} }),
    });
    scheduler.start();
    await scheduler.idle();
    for (let i = 0; i < 200; i++) {
      started = performance.now();
      scheduler.rearm();
      await scheduler.idle();
      armTimes.push(performance.now() - started);
    }
    scheduler.stop();
    const plan = database.sqlite
      .prepare("explain query plan select next_attempt_at from reminders where state in ('pending', 'snoozed', 'sending') and next_attempt_at is not null order by next_attempt_at limit 1")
      .all() as { detail: string }[];
    results.push({
      name: `arm the next job at ${SUBSCRIPTIONS.toLocaleString('en-US')} subscriptions (earliest-pending query + re-arm)`,
      value: median(armTimes),
      p95: percentile(armTimes, 95),
      runs: armTimes.length,
      unit: 'ms',
      target: ARM_TARGET_MS,
      note: `the query alone: median ${median(queryTimes).toFixed(3)} ms (${plan.map((p) => p.detail).join('; ')}); jobs armed: ${armed}, one live at a time`,
    });

    // 1,000 subscriptions renewing in 3 days: their 7-day reminders are due now, all in one sweep.
    const mailer = seed(database.sqlite, 'mail@company.test', MAILS, () => addDays(today, 3));
    database.sqlite
      .prepare("update settings set smtp_host = ?, smtp_port = ?, smtp_security = 'starttls', smtp_username = ?, smtp_from = ?, updated_at = ? where workspace_id = ?")
      .run(smtp.host, smtp.port, 'bench@company.test', 'reminders@company.test', new Date().toISOString(), mailer.workspaceId);
    const secrets = createMemorySecrets('bench');
    await secrets.set(smtpPasswordKey(mailer.userId), 'bench-pass');
    const system = createReminderSystem({
      db: database.db,
      clock,
      logger: silentLogger,
      notifier: { notify: () => false },
      secrets,
      smtp: {
        environment: null,
        createMailer: (settings, password) => createSmtpMailer(settings, password, { ca: smtp.ca, poolConnections: SMTP_POOL_CONNECTIONS }),
      },
      scheduleJob: () => ({ cancel() {} }),
    });
    await database.db.transaction().execute((trx) => replanWorkspace(trx, clock, mailer.workspaceId));
    started = performance.now();
    const sweep = await system.delivery.sweep();
    const sweepMs = performance.now() - started;
    await smtp.waitForMails(MAILS, 30_000);
    if (sweep.sent !== MAILS) throw new Error(`expected ${MAILS} reminders sent in one sweep, got ${JSON.stringify(sweep)}`);
    results.push({
      name: `one sweep mailing ${MAILS.toLocaleString('en-US')} due reminders (loopback SMTP, STARTTLS + AUTH)`,
      value: MAILS / (sweepMs / 1000),
      unit: 'mails/s',
      note: `${(sweepMs / 1000).toFixed(2)} s over ${SMTP_POOL_CONNECTIONS} pooled connections; ${smtp.mails.length} mails received, ${new Set(smtp.mails.map((m) => m.messageId)).size} distinct Message-IDs`,
    });
    await system.stop();
  } finally {
    await database.close();
    await smtp.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return results;
}
