import { type Kysely, sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { migrateToLatest } from '../../../main/db/migrator';
import { migrations } from '../../../migrations/index';
import { TEST_DIALECT } from '../../support/test-database';
import { migrationsUpTo, rowsAsText, useEmptyDatabases } from '../../support/upgrade-database';

// 0023 lets a reminder be a price-change alert. A database made at the migration before is upgraded with every
// reminder row as it was (ids, states, channels, every older kind), its indexes, foreign keys and occurrence key
// still there, and the next id after the highest one ever used; down takes the alerts out and refuses the kind again.

const emptyDatabase = useEmptyDatabases();
const T = '2026-03-10T09:00:00.000Z';
const NAME = '0023_price_change_alerts';
const PREVIOUS = Object.keys(migrations).filter((n) => n < NAME).sort().at(-1)!;
const INDEXES = ['reminders_armed_next', 'reminders_message', 'reminders_user_armed_next', 'reminders_user_due', 'reminders_user_state_due'];

async function seedBefore(db: Kysely<unknown>): Promise<void> {
  await sql`insert into users (email, username, password_hash, company_name, created_at, updated_at) values ('ana@example.com', 'ana', 'scrypt$a', 'Acme Ltd', ${T}, ${T})`.execute(db);
  await sql`insert into workspaces (name, kind, require_two_factor, created_at, updated_at) values ('Acme Ltd', 'company', 0, ${T}, ${T})`.execute(db);
  await sql`insert into categories (workspace_id, user_id, name, created_at, updated_at) values (1, 1, 'Chat', ${T}, ${T})`.execute(db);
  await sql`insert into expenses (user_id, workspace_id, category_id, name, amount_minor, currency, cycle_unit, cycle_every, anchor_day, renewal_date, status, auto_renew, reminder_sent, created_at, updated_at)
    values (1, 1, 1, 'Slack', 8750, 'USD', 'month', 1, 3, '2026-04-03', 'active', 1, 0, ${T}, ${T})`.execute(db);
  const row = (id: number, kind: string, target: string, lead: number, state: string) =>
    sql`insert into reminders (id, user_id, workspace_id, expense_id, kind, target_date, lead_days, due_at, state, next_attempt_at, attempts, message_id, notification, email, email_to, sent_at, created_at, updated_at, dismissed_from)
      values (${id}, 1, 1, 1, ${kind}, ${target}, ${lead}, '2026-03-27T09:00:00.000Z', ${state}, ${state === 'pending' ? '2026-03-27T09:00:00.000Z' : null}, ${state === 'sent' ? 1 : 0},
        ${state === 'sent' ? '<reminder-3@spend-manager.local>' : null}, ${state === 'sent' ? 'shown' : null}, ${state === 'sent' ? 'sent' : null}, ${state === 'sent' ? 'ana@example.com' : null},
        ${state === 'sent' ? T : null}, ${T}, ${T}, ${state === 'dismissed' ? 'pending' : null})`;
  await row(3, 'renewal', '2026-04-03', 7, 'sent').execute(db);
  await row(5, 'renewal', '2026-04-03', 1, 'pending').execute(db);
  await row(9, 'notice', '2026-03-27', 7, 'dismissed').execute(db);
  await row(10, 'trial', '2026-03-30', 3, 'missed').execute(db);
  await row(11, 'follow_up', '2026-03-20', 0, 'pending').execute(db);
  // The highest id ever used was 14 (its row deleted since): a rebuilt SQLite table must not hand it out again.
  await row(14, 'trial', '2026-03-31', 3, 'pending').execute(db);
  await sql`delete from reminders where id = 14`.execute(db);
  // Ids given by hand leave PostgreSQL's identity behind; the app's own inserts would have moved it past them.
  if (TEST_DIALECT !== 'sqlite') await sql`select setval(pg_get_serial_sequence('reminders', 'id'), 14)`.execute(db);
}

const alert = (id: number | null, kind = 'price_change') =>
  sql`insert into reminders (${sql.raw(id === null ? '' : 'id, ')}user_id, workspace_id, expense_id, kind, target_date, lead_days, due_at, state, next_attempt_at, created_at, updated_at)
    values (${sql.raw(id === null ? '' : `${id}, `)}1, 1, 1, ${kind}, '2026-03-03', 0, ${T}, 'pending', ${T}, ${T}, ${T}) returning id`;

async function indexNames(db: Kysely<unknown>): Promise<string[]> {
  const rows =
    TEST_DIALECT === 'sqlite'
      ? await sql<{ name: string }>`select name from sqlite_master where type = 'index' and tbl_name = 'reminders' and name not like 'sqlite_autoindex%' order by name`.execute(db)
      : await sql<{ name: string }>`select indexname as name from pg_indexes where tablename = 'reminders' and indexname not in ('reminders_pkey', 'reminders_occurrence') order by indexname`.execute(db);
  return rows.rows.map((r) => r.name);
}

describe('migration 0023 (price-change alerts)', () => {
  it('upgrades with every reminder row, index and counter kept, stores an alert, and still takes every older kind', async () => {
    const db = await emptyDatabase();
    await migrateToLatest(db, { migrations: migrationsUpTo(PREVIOUS) });
    await seedBefore(db);
    const before = await rowsAsText(db, 'reminders', 'id');
    expect(before.map((r) => [r.id, r.kind])).toEqual([['3', 'renewal'], ['5', 'renewal'], ['9', 'notice'], ['10', 'trial'], ['11', 'follow_up']]);
    await expect(alert(null).execute(db)).rejects.toThrow();
    expect((await migrateToLatest(db, { migrations: migrationsUpTo(NAME) })).applied).toEqual([NAME]);
    expect(await rowsAsText(db, 'reminders', 'id')).toEqual(before);
    expect(await indexNames(db)).toEqual(INDEXES);
    const inserted = await alert(null).execute(db);
    // SQLite's rebuilt table keeps its autoincrement counter (PostgreSQL's table is not rebuilt, its identity untouched).
    if (TEST_DIALECT === 'sqlite') expect(Number((inserted.rows[0] as { id: number | string }).id)).toBe(15);
    else expect(inserted.rows).toHaveLength(1);
    // One alert per payment and recipient: the occurrence key still holds.
    await expect(alert(99).execute(db)).rejects.toThrow();
    for (const kind of ['renewal', 'notice', 'trial', 'follow_up']) await alert(null, kind).execute(db);
    await expect(sql`update reminders set kind = 'payment' where id = 3`.execute(db)).rejects.toThrow();
  });

  it('keeps both foreign keys: reminders go with their subscription and their recipient', async () => {
    const db = await emptyDatabase();
    await migrateToLatest(db, { migrations: migrationsUpTo(PREVIOUS) });
    await seedBefore(db);
    await migrateToLatest(db, { migrations: migrationsUpTo(NAME) });
    if (TEST_DIALECT === 'sqlite') await sql`pragma foreign_keys = on`.execute(db);
    await expect(sql`insert into reminders (user_id, workspace_id, expense_id, kind, target_date, lead_days, due_at, created_at, updated_at) values (1, 1, 99, 'price_change', '2026-03-03', 0, ${T}, ${T}, ${T})`.execute(db)).rejects.toThrow();
    await alert(null).execute(db);
    await sql`delete from expenses where id = 1`.execute(db);
    expect(await rowsAsText(db, 'reminders', 'id')).toEqual([]);
  });

  it('down removes the alerts, keeps the rest and refuses the kind again', async () => {
    const db = await emptyDatabase();
    await migrateToLatest(db, { migrations: migrationsUpTo(PREVIOUS) });
    await seedBefore(db);
    const before = await rowsAsText(db, 'reminders', 'id');
    await migrateToLatest(db, { migrations: migrationsUpTo(NAME) });
    await alert(null).execute(db);
    await migrations[NAME]!.down!(db);
    expect(await rowsAsText(db, 'reminders', 'id')).toEqual(before);
    expect(await indexNames(db)).toEqual(INDEXES);
    await expect(alert(null).execute(db)).rejects.toThrow();
    await alert(null, 'follow_up').execute(db);
  });
});
