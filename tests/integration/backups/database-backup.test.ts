import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FileOut } from '../../../common/contract/files';
import { REMOVED_PASSWORD_HASH } from '../../../main/db/database-copy';
import type { SqliteHandle } from '../../../main/db/database-handle';
import { DAILY_BACKUPS_KEPT, createDailyBackup, dailyBackupFiles } from '../../../main/jobs/daily-backup';
import type { Logger } from '../../../main/ports';
import { refusalOf, signedInCaller, startTestCore, type TestCaller, type TestCore } from '../../support/core';
import { testClock } from '../../support/clock';
import { manualJobs } from '../../support/manual-jobs';
import { TEST_DIALECT } from '../../support/test-dialect';
import { tempDir } from '../../support/temp';

// The whole-database backup (SQLite) and the daily automatic one, opened again with better-sqlite3 and looked into.

let core: TestCore;
let alice: TestCaller;
beforeEach(async () => {
  core = await startTestCore({ clock: testClock('2026-12-02T09:00:00Z', 'UTC') });
  alice = await signedInCaller(core, 'alice');
});
afterEach(async () => {
  await core.close();
});

const bytesOf = (file: FileOut) => (typeof file.data === 'string' ? Buffer.from(file.data) : Buffer.from(file.data));

function opened(bytes: Buffer): BetterSqlite3.Database {
  const file = path.join(tempDir(), 'copy.db');
  fs.writeFileSync(file, bytes);
  return new BetterSqlite3(file, { readonly: true });
}

describe.runIf(TEST_DIALECT === 'sqlite')('database backup (SQLite)', () => {
  it('is the whole database, passing integrity_check, with no session, invitation, reset, two-factor, calendar feed or password secret in it', async () => {
    await alice.call('expenses.create', { name: 'Figma', category: 'Design', amount: 45, renewal_date: '2026-12-31' });
    await alice.call('smtp.update', { host: 'smtp.example.com', port: 587, security: 'starttls', username: 'mailer', from: 'bills@example.com', password: 'smtp-pass-Very-Secret-42' });
    const { token } = await alice.call('invitations.create', { role: 'member' });
    const feedToken = (await alice.call('calendar.token', {})).url.split('/').at(-1)!.replace(/\.ics$/, '');
    const live = core.database.db;
    const secrets = [
      'smtp-pass-Very-Secret-42',
      token,
      feedToken,
      ...(await live.selectFrom('calendar_feeds').select('token_hash').execute()).map((r) => r.token_hash),
      ...(await live.selectFrom('users').select('password_hash').execute()).map((r) => r.password_hash),
      ...(await live.selectFrom('sessions').select(['token_hash', 'id']).execute()).flatMap((r) => [r.token_hash, r.id]),
      ...(await live.selectFrom('invitations').select(['token_hash', 'id']).execute()).flatMap((r) => [r.token_hash, r.id]),
    ];

    const file = await alice.call('backups.database', {});
    expect(file.name).toBe('spend-manager-database-2026-12-02.db');
    const bytes = bytesOf(file);
    expect(bytes.subarray(0, 16).toString('latin1')).toBe('SQLite format 3\u0000');
    for (const secret of secrets) expect(bytes.includes(Buffer.from(secret)), `copy contains ${secret.slice(0, 12)}…`).toBe(false);

    const copy = opened(bytes);
    expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
    for (const table of ['sessions', 'invitations', 'password_resets', 'two_factor', 'recovery_codes', 'sign_in_challenges', 'calendar_feeds']) {
      expect((copy.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n, table).toBe(0);
    }
    expect(copy.prepare('select username, password_hash from users').all()).toEqual([{ username: 'alice', password_hash: REMOVED_PASSWORD_HASH }]);
    expect(copy.prepare('select name, amount_minor from expenses').all()).toEqual([{ name: 'Figma', amount_minor: 4500 }]);
    copy.close();
    // The live database keeps its sessions: alice is still signed in.
    expect((await alice.call('expenses.list', {})).expenses).toHaveLength(1);
  });

  it('is refused when other accounts share the database file (it would hand over their data)', async () => {
    await signedInCaller(core, 'bob');
    const refusal = await refusalOf(alice, 'backups.database', {});
    expect(refusal.code).toBe('forbidden');
    expect(refusal.message).toBe('This database holds other accounts too, so only whoever runs the server can copy it: use the workspace backup');
  });
});

describe.runIf(TEST_DIALECT === 'sqlite')('restore from a database file (SQLite)', () => {
  const names = async () => (await alice.call('expenses.list', {})).expenses.map((e: { name: string }) => e.name).sort();

  it('restores the workspace out of a database backup, after saying what will change', async () => {
    await alice.call('expenses.create', { name: 'Figma', category: 'Design', amount: 45, renewal_date: '2026-12-31' });
    const file = bytesOf(await alice.call('backups.database', {}));
    await alice.call('expenses.create', { name: 'Notion', category: 'Productivity', amount: 10, renewal_date: '2026-12-20' });
    await alice.call('expenses.create', { name: 'Slack', category: 'Communication', amount: 8, renewal_date: '2026-12-21' });
    const preview = await alice.call('backups.restorePreview', { file: new Uint8Array(file) });
    expect(preview.summary).toMatch(/^Replaces 3 subscriptions with 1 from the backup of Dec 2, 2026 \(workspace 'alice Ltd'\)/);
    await alice.call('backups.restore', { id: preview.id });
    expect(await names()).toEqual(['Figma']);
  });

  const spoilt: [string, (file: Buffer) => Buffer, RegExp][] = [
    ['a truncated database', (file) => file.subarray(0, Math.floor(file.length / 2)), /damaged|cut short/],
    [
      'a damaged database',
      (file) => {
        const copy = Buffer.from(file);
        for (let i = 4096; i < copy.length; i += 97) copy[i] = 0xa5;
        return copy;
      },
      /damaged|cut short/,
    ],
    [
      'a database from a newer app',
      (file) => {
        const db = opened(file);
        const dir = tempDir();
        const target = path.join(dir, 'newer.db');
        fs.writeFileSync(target, file);
        db.close();
        const writable = new BetterSqlite3(target);
        writable.prepare('insert into kysely_migration (name, timestamp) values (?, ?)').run('0099_future', '2027-01-01T00:00:00.000Z');
        writable.close();
        return fs.readFileSync(target);
      },
      /newer version of Spend Manager \(it has migration 0099_future/,
    ],
  ];
  for (const [what, spoil, message] of spoilt) {
    it(`refuses ${what} in words and changes nothing`, async () => {
      await alice.call('expenses.create', { name: 'Figma', category: 'Design', amount: 45, renewal_date: '2026-12-31' });
      const file = bytesOf(await alice.call('backups.database', {}));
      await alice.call('expenses.create', { name: 'Notion', category: 'Productivity', amount: 10, renewal_date: '2026-12-20' });
      const refusal = await refusalOf(alice, 'backups.restorePreview', { file: new Uint8Array(spoil(file)) });
      expect(refusal.code).toBe('validation');
      expect(refusal.message).toMatch(message);
      expect(await names()).toEqual(['Figma', 'Notion']);
    });
  }
});

// A team server's behaviour: registered in the PostgreSQL run only (where it runs), not listed as skipped on SQLite,
// whose own database backup is tested above.
if (TEST_DIALECT === 'postgres') {
  describe('database backup (PostgreSQL)', () => {
    it('is refused with a 409 that points at the workspace backup', async () => {
      const refusal = await refusalOf(alice, 'backups.database', {});
      expect(refusal.code).toBe('conflict');
      expect(refusal.message).toBe('On a team server the database is backed up by its administrator: use the workspace backup');
    });
  });
}

const DAY_MS = 24 * 60 * 60 * 1000;

describe('daily automatic backup', () => {
  it.runIf(TEST_DIALECT === 'sqlite')('writes one a day, never two the same day, keeps the last 7, and every one passes integrity_check', async () => {
    const dir = path.join(core.dir, 'backups');
    const jobs = manualJobs(core.clock);
    const daily = createDailyBackup({ dir, copy: (target) => (core.database as SqliteHandle).copy(target), clock: core.clock, logger: quiet(), scheduleJob: jobs.scheduleJob });
    await daily.start();
    expect(dailyBackupFiles(dir)).toEqual(['spend-manager-daily-2026-12-02.db']);
    expect(await daily.runIfDue()).toBeNull();
    core.clock.advance(60 * 60 * 1000);
    expect(jobs.fireIfDue()).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(dailyBackupFiles(dir)).toHaveLength(1);

    for (let day = 1; day <= 9; day += 1) {
      core.clock.advance(DAY_MS);
      expect(await daily.runIfDue()).not.toBeNull();
    }
    const files = dailyBackupFiles(dir);
    expect(files).toHaveLength(DAILY_BACKUPS_KEPT);
    expect(files[0]).toBe('spend-manager-daily-2026-12-05.db');
    expect(files.at(-1)).toBe('spend-manager-daily-2026-12-11.db');
    const copy = new BetterSqlite3(path.join(dir, files.at(-1)!), { readonly: true });
    expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
    expect((copy.prepare('select count(*) as n from sessions').get() as { n: number }).n).toBe(0);
    copy.close();
    await daily.stop();
  });

  it.runIf(TEST_DIALECT === 'sqlite')('catches up at start when the last one is older than a day', async () => {
    const dir = path.join(core.dir, 'backups');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'spend-manager-daily-2026-11-28.db'), 'old');
    const daily = createDailyBackup({ dir, copy: (target) => (core.database as SqliteHandle).copy(target), clock: core.clock, logger: quiet(), scheduleJob: manualJobs(core.clock).scheduleJob });
    await daily.start();
    expect(dailyBackupFiles(dir)).toEqual(['spend-manager-daily-2026-11-28.db', 'spend-manager-daily-2026-12-02.db']);
    await daily.stop();
  });

  it('on PostgreSQL writes none and says the server’s administrator backs the database up', async () => {
    const dir = path.join(core.dir, 'backups');
    const lines: string[] = [];
    const daily = createDailyBackup({ dir, copy: null, clock: core.clock, logger: { ...quiet(), info: (m) => void lines.push(m) }, scheduleJob: manualJobs(core.clock).scheduleJob });
    await daily.start();
    expect(dailyBackupFiles(dir)).toEqual([]);
    expect(lines).toEqual(['daily backup: none on PostgreSQL, the database server’s administrator backs it up']);
    await daily.stop();
  });
});

function quiet(): Logger {
  return { info() {}, warn() {}, error() {} };
}
