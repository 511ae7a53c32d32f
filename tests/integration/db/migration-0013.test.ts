import { type Kysely, sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { migrateToLatest } from '../../../main/db/migrator';
import { migrationsUpTo, rowsAsText, useEmptyDatabases, type UpgradeRow } from '../../support/upgrade-database';

// 0013 moves every account's data into a personal workspace. A database built at 0012 (the release before)
// with rows of every kind is upgraded, and every row is compared with what it was: nothing lost, nothing
// changed but the key. 0012's tables (reset links, two-factor) are the account's, not a workspace's: untouched.

const emptyDatabase = useEmptyDatabases();

const T = (day: number, hour = 9) => `2026-03-${String(day).padStart(2, '0')}T${String(hour).padStart(2, '0')}:00:00.000Z`;

async function seedAt0012(db: Kysely<unknown>): Promise<void> {
  await sql`insert into users (email, username, password_hash, company_name, created_at, updated_at) values
    ('ana@example.com', 'ana', 'scrypt$a', 'Acme Ltd', ${T(1)}, ${T(2)}),
    ('bo@example.com', 'bo', 'scrypt$b', null, ${T(3)}, ${T(3)}),
    ('cy@example.com', 'cy', 'scrypt$c', '   ', ${T(4)}, ${T(5)})`.execute(db);
  // cy has no settings row (an account made before settings existed keeps working on the defaults).
  await sql`insert into settings (user_id, base_currency, locale, time_zone, reminder_days_default, reminder_time, reminders_paused_until, updated_at, smtp_host, smtp_port, smtp_security, smtp_username, smtp_from) values
    (1, 'EUR', 'de-DE', 'Europe/Berlin', '[7,1]', '08:30', ${T(20)}, ${T(6)}, 'smtp.example.com', 587, 'starttls', 'ana', 'Ana <ana@example.com>'),
    (2, 'USD', null, null, '[7]', '09:00', null, ${T(7)}, null, null, null, null, null)`.execute(db);
  await sql`insert into categories (user_id, name, is_default, created_at, updated_at) values
    (1, 'Design', 1, ${T(1)}, ${T(1)}), (1, 'Tools', 0, ${T(2)}, ${T(8)}), (2, 'design', 1, ${T(3)}, ${T(3)}), (3, 'Other', 1, ${T(4)}, ${T(4)})`.execute(db);
  await sql`insert into expenses (user_id, category_id, name, amount_minor, currency, cycle_unit, cycle_every, anchor_day, renewal_date, description, status, trial_ends_on, notice_period_days, auto_renew, payment_method, url, reminder_days, reminder_sent, cancelled_at, deleted_at, created_at, updated_at) values
    (1, 1, 'Figma', 1500, 'EUR', 'month', 1, 31, '2026-03-31', 'Team plan', 'active', null, 30, 1, 'Visa 4242', 'https://figma.com', '[3]', 1, null, null, ${T(1)}, ${T(2)}),
    (1, 2, 'Linear', 9600, 'USD', 'year', 1, 15, '2026-06-15', null, 'trial', '2026-03-20', null, 0, null, null, null, 0, null, null, ${T(2)}, ${T(2)}),
    (1, 2, 'Old tool', 500, 'USD', 'week', 2, 3, '2026-03-17', null, 'cancelled', null, null, 1, null, null, null, 0, ${T(9)}, ${T(10)}, ${T(3)}, ${T(10)}),
    (2, 3, 'Notion', 800, 'USD', 'month', 3, 1, '2026-04-01', null, 'paused', null, null, 1, null, null, null, 0, null, null, ${T(3)}, ${T(3)}),
    (3, 4, 'Slack', 0, 'JPY', 'day', 7, 9, '2026-03-09', null, 'active', null, null, 1, null, null, null, 0, null, null, ${T(4)}, ${T(4)})`.execute(db);
  await sql`insert into exchange_rates (user_id, currency, rate, updated_at) values
    (1, 'USD', '0.92', ${T(5)}), (1, 'GBP', '1.1712345678901234', ${T(5)}), (2, 'EUR', '1.087', ${T(6)})`.execute(db);
  await sql`insert into reminders (user_id, expense_id, kind, target_date, lead_days, due_at, state, next_attempt_at, attempts, claimed_at, last_error, message_id, notification, notified_at, email, email_to, emailed_at, snoozed_until, sent_at, created_at, updated_at, dismissed_from, last_error_summary) values
    (1, 1, 'renewal', '2026-03-31', 3, ${T(28, 7)}, 'pending', ${T(28, 7)}, 0, null, null, null, null, null, null, null, null, null, null, ${T(1)}, ${T(1)}, null, null),
    (1, 1, 'notice', '2026-03-01', 0, ${T(1, 7)}, 'sent', null, 1, ${T(1, 7)}, null, '<a@spend>', 'shown', ${T(1, 7)}, 'sent', 'ana@example.com', ${T(1, 7)}, null, ${T(1, 7)}, ${T(1)}, ${T(1)}, null, null),
    (1, 2, 'trial', '2026-03-20', 1, ${T(19, 7)}, 'failed', ${T(19, 8)}, 3, ${T(19, 7)}, '535 auth', '<b@spend>', null, null, 'retrying', 'ana@example.com', null, null, null, ${T(2)}, ${T(19)}, null, 'The server refused the password'),
    (2, 4, 'renewal', '2026-04-01', 7, ${T(25, 9)}, 'dismissed', null, 0, null, null, null, null, null, null, null, null, ${T(26)}, null, ${T(3)}, ${T(4)}, 'snoozed', null)`.execute(db);
  await sql`insert into sessions (token_hash, id, user_id, kind, agent, created_at, last_seen_at, expires_at) values
    ('hash-a', 'sess-a', 1, 'web', 'Firefox', ${T(1)}, ${T(2)}, '2026-04-01T00:00:00.000Z'),
    ('hash-b', 'sess-b', 2, 'desktop', null, ${T(3)}, ${T(3)}, '2027-03-01T00:00:00.000Z')`.execute(db);
  await sql`insert into reminder_plans (user_id, time_zone, replan_after, replan_reason, updated_at) values (1, 'Europe/Berlin', 1, 'settings', ${T(5)}), (2, 'UTC', null, null, ${T(6)})`.execute(db);
  await sql`insert into throttle_state (key, count, blocked_until, expires_at, version) values ('login:account:1', 3, null, ${T(30)}, 4)`.execute(db);
  await sql`insert into password_resets (token_hash, user_id, created_at, expires_at, used_at) values
    ('reset-a', 1, ${T(10)}, ${T(10, 10)}, null), ('reset-b', 2, ${T(11)}, ${T(11, 10)}, ${T(11, 9)})`.execute(db);
  await sql`insert into two_factor (user_id, secret_sealed, created_at, enabled_at, last_time_step) values
    (1, 'iv.tag.sealed', ${T(12)}, ${T(12, 10)}, 59012345), (3, 'iv2.tag2.sealed2', ${T(13)}, null, null)`.execute(db);
  await sql`insert into recovery_codes (user_id, code_hash, created_at, used_at) values
    (1, 'code-1', ${T(12, 10)}, null), (1, 'code-2', ${T(12, 10)}, ${T(14)})`.execute(db);
  await sql`insert into sign_in_challenges (token_hash, user_id, created_at, expires_at) values ('challenge-a', 1, ${T(15)}, ${T(15, 10)})`.execute(db);
}

const ACCOUNT_TABLES: [string, string][] = [
  ['password_resets', 'token_hash'],
  ['two_factor', 'user_id'],
  ['recovery_codes', 'user_id, code_hash'],
  ['sign_in_challenges', 'token_hash'],
];

describe('migration 0013 (workspaces)', () => {
  it('moves every account into a personal workspace it owns, and every row survives the upgrade unchanged but for its workspace', async () => {
    const db = await emptyDatabase();
    await migrateToLatest(db, { migrations: migrationsUpTo('0012_password_reset_two_factor') });
    await seedAt0012(db);
    const before = {
      users: await rowsAsText(db, 'users', 'id'),
      expenses: await rowsAsText(db, 'expenses', 'id'),
      categories: await rowsAsText(db, 'categories', 'id'),
      reminders: await rowsAsText(db, 'reminders', 'id'),
      sessions: await rowsAsText(db, 'sessions', 'id'),
      settings: await rowsAsText(db, 'settings', 'user_id'),
      rates: await rowsAsText(db, 'exchange_rates', 'user_id, currency'),
      plans: await rowsAsText(db, 'reminder_plans', 'user_id'),
      throttle: await rowsAsText(db, 'throttle_state', 'key'),
      account: await Promise.all(ACCOUNT_TABLES.map(([table, order]) => rowsAsText(db, table, order))),
    };

    expect((await migrateToLatest(db, { migrations: migrationsUpTo('0013_workspaces') })).applied).toEqual(['0013_workspaces']);

    const workspaces = await rowsAsText(db, 'workspaces', 'id');
    expect(workspaces.map((w) => [w.name, w.kind, w.require_two_factor, w.created_at])).toEqual([
      ['Acme Ltd', 'personal', '0', T(1)],
      ['bo', 'personal', '0', T(3)],
      ['cy', 'personal', '0', T(4)],
    ]);
    const members = await rowsAsText(db, 'workspace_members', 'user_id');
    expect(members.map((m) => [m.user_id, m.role, m.remind_all, m.joined_at])).toEqual([
      ['1', 'owner', '0', T(1)],
      ['2', 'owner', '0', T(3)],
      ['3', 'owner', '0', T(4)],
    ]);
    const workspaceOf = new Map(members.map((m) => [m.user_id, m.workspace_id]));
    const withWorkspace = (r: UpgradeRow): UpgradeRow => ({ ...r, workspace_id: workspaceOf.get(r.user_id ?? '') ?? null });

    expect(await rowsAsText(db, 'users', 'id')).toEqual(before.users);
    expect(await rowsAsText(db, 'expenses', 'id')).toEqual(before.expenses.map(withWorkspace));
    expect(await rowsAsText(db, 'categories', 'id')).toEqual(before.categories.map(withWorkspace));
    expect(await rowsAsText(db, 'reminders', 'id')).toEqual(before.reminders.map(withWorkspace));
    expect(await rowsAsText(db, 'sessions', 'id')).toEqual(before.sessions.map(withWorkspace));
    expect(await rowsAsText(db, 'reminder_plans', 'user_id')).toEqual(before.plans);
    expect(await rowsAsText(db, 'throttle_state', 'key')).toEqual(before.throttle);
    expect(await Promise.all(ACCOUNT_TABLES.map(([table, order]) => rowsAsText(db, table, order)))).toEqual(before.account);
    expect(before.account.map((table) => table.length)).toEqual([2, 2, 2, 1]);

    // Rates and settings are the workspace's; the member's own locale and zone moved to member_settings.
    const byWorkspace = (r: UpgradeRow): UpgradeRow => {
      const { user_id, ...rest } = r;
      return { ...rest, workspace_id: workspaceOf.get(user_id ?? '') ?? null };
    };
    expect(await rowsAsText(db, 'exchange_rates', 'workspace_id, currency')).toEqual(before.rates.map(byWorkspace));
    expect(await rowsAsText(db, 'settings', 'workspace_id')).toEqual(
      before.settings.map((r) => {
        const { locale: _locale, time_zone: _zone, ...rest } = byWorkspace(r);
        return rest;
      }),
    );
    expect(await rowsAsText(db, 'member_settings', 'user_id')).toEqual([
      { user_id: '1', locale: 'de-DE', time_zone: 'Europe/Berlin', updated_at: T(6) },
      { user_id: '2', locale: null, time_zone: null, updated_at: T(7) },
      { user_id: '3', locale: null, time_zone: null, updated_at: expect.any(String) as unknown as string },
    ]);
  });

  it('keeps one category name per workspace whatever its case, and lets two workspaces of one account both have "Design"', async () => {
    const db = await emptyDatabase();
    await migrateToLatest(db, { migrations: migrationsUpTo('0012_password_reset_two_factor') });
    await seedAt0012(db);
    await migrateToLatest(db);
    await sql`insert into workspaces (name, kind, created_at, updated_at) values ('Team', 'company', ${T(9)}, ${T(9)})`.execute(db);
    await sql`insert into categories (user_id, workspace_id, name, created_at, updated_at) values (1, 4, 'Design', ${T(9)}, ${T(9)})`.execute(db);
    await expect(sql`insert into categories (user_id, workspace_id, name, created_at, updated_at) values (2, 4, 'DESIGN', ${T(9)}, ${T(9)})`.execute(db)).rejects.toThrow(
      /categories_workspace_name|UNIQUE constraint failed: categories.workspace_id, categories.name/,
    );
  });
});
