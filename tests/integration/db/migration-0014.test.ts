import { type Kysely, sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { migrateToLatest } from '../../../main/db/migrator';
import { migrations } from '../../../migrations/index';
import { migrationsUpTo, rowsAsText, useEmptyDatabases } from '../../support/upgrade-database';

// 0014 adds seats, a price per seat and a cost centre to subscriptions. A database made at 0013 (the release
// before) is upgraded: every row keeps every value, and the three new columns are null (entered amount, no centre).

const emptyDatabase = useEmptyDatabases();

const T = (day: number) => `2026-03-${String(day).padStart(2, '0')}T09:00:00.000Z`;

async function seedAt0013(db: Kysely<unknown>): Promise<void> {
  await sql`insert into users (email, username, password_hash, company_name, created_at, updated_at) values
    ('ana@example.com', 'ana', 'scrypt$a', 'Acme Ltd', ${T(1)}, ${T(2)}), ('bo@example.com', 'bo', 'scrypt$b', null, ${T(3)}, ${T(3)})`.execute(db);
  await sql`insert into workspaces (name, kind, require_two_factor, created_at, updated_at) values ('Acme Ltd', 'company', 0, ${T(1)}, ${T(1)})`.execute(db);
  await sql`insert into workspace_members (workspace_id, user_id, role, remind_all, joined_at) values (1, 1, 'owner', 0, ${T(1)}), (1, 2, 'member', 0, ${T(3)})`.execute(db);
  await sql`insert into categories (user_id, workspace_id, name, is_default, created_at, updated_at) values (1, 1, 'Design', 1, ${T(1)}, ${T(1)})`.execute(db);
  await sql`insert into expenses (user_id, workspace_id, category_id, name, amount_minor, currency, cycle_unit, cycle_every, anchor_day, renewal_date, description, status, trial_ends_on, notice_period_days, auto_renew, payment_method, url, reminder_days, reminder_sent, cancelled_at, deleted_at, created_at, updated_at) values
    (1, 1, 1, 'Figma', 1500, 'EUR', 'month', 1, 31, '2026-03-31', 'Team plan', 'active', null, 30, 1, 'Visa 4242', 'https://figma.com', '[3]', 1, null, null, ${T(1)}, ${T(2)}),
    (2, 1, 1, 'Linear', 9007199254740991, 'USD', 'year', 1, 15, '2026-06-15', null, 'trial', '2026-03-20', null, 0, null, null, null, 0, null, null, ${T(2)}, ${T(2)}),
    (2, 1, 1, 'Old tool', 500, 'USD', 'week', 2, 3, '2026-03-17', null, 'cancelled', null, null, 1, null, null, null, 0, ${T(9)}, ${T(10)}, ${T(3)}, ${T(10)})`.execute(db);
}

describe('migration 0014 (seats and cost centres)', () => {
  it('keeps every value of a subscription made at 0013, with seats, price per seat and cost centre null; down gives the 0013 rows back', async () => {
    const db = await emptyDatabase();
    await migrateToLatest(db, { migrations: migrationsUpTo('0013_workspaces') });
    await seedAt0013(db);
    const before = await rowsAsText(db, 'expenses', 'id');
    const otherTables = async () => Promise.all(['users', 'workspaces', 'categories'].map((t) => rowsAsText(db, t, 'id')));
    const othersBefore = await otherTables();

    expect((await migrateToLatest(db, { migrations: migrationsUpTo('0014_seats_cost_centres') })).applied).toEqual(['0014_seats_cost_centres']);

    expect(await rowsAsText(db, 'expenses', 'id')).toEqual(before.map((r) => ({ ...r, seats: null, seat_price_minor: null, cost_centre: null })));
    expect(await otherTables()).toEqual(othersBefore);

    await migrations['0014_seats_cost_centres']!.down!(db);
    expect(await rowsAsText(db, 'expenses', 'id')).toEqual(before);
  });

  it('stores a price per seat as large as any amount (bigint on PostgreSQL, like amount_minor)', async () => {
    const db = await emptyDatabase();
    await migrateToLatest(db);
    await seedAt0013(db);
    await sql`update expenses set seats = 100000, seat_price_minor = 9007199254740991, cost_centre = 'R&D' where id = 2`.execute(db);
    const [row] = await rowsAsText(db, 'expenses', 'id').then((all) => all.filter((r) => r.id === '2'));
    expect([row!.seats, row!.seat_price_minor, row!.cost_centre]).toEqual(['100000', '9007199254740991', 'R&D']);
  });
});
