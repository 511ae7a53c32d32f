import { type Kysely, sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { migrateToLatest } from '../../../main/db/migrator';
import { migrations } from '../../../migrations/index';
import { migrationsUpTo, rowsAsText, useEmptyDatabases } from '../../support/upgrade-database';

// 0018 says where each exchange rate came from (every existing one was typed: 'manual', no date) and gives a
// workspace's settings the daily ECB fetch (off), its last time and its last failure. A database made at the
// migration before is upgraded: every rate and setting keeps its value; down gives the old rows back.

const emptyDatabase = useEmptyDatabases();
const T = '2026-03-01T09:00:00.000Z';
const NAME = '0018_rate_sources';
/** The release before: whatever migration precedes 0018 in the list. */
const PREVIOUS = Object.keys(migrations).filter((n) => n < NAME).sort().at(-1)!;

async function seedBefore(db: Kysely<unknown>): Promise<void> {
  await sql`insert into users (email, username, password_hash, company_name, created_at, updated_at) values ('ana@example.com', 'ana', 'scrypt$a', 'Acme Ltd', ${T}, ${T})`.execute(db);
  await sql`insert into workspaces (name, kind, require_two_factor, created_at, updated_at) values ('Acme Ltd', 'company', 0, ${T}, ${T}), ('Ana', 'personal', 0, ${T}, ${T})`.execute(db);
  await sql`insert into settings (workspace_id, base_currency, reminder_days_default, reminder_time, updated_at) values (1, 'EUR', '[3,7]', '08:30', ${T})`.execute(db);
  await sql`insert into exchange_rates (workspace_id, currency, rate, updated_at) values (1, 'USD', '0.9241', ${T}), (1, 'GBP', '1.1702', ${T}), (2, 'EUR', '1.08', ${T})`.execute(db);
}

describe('migration 0018 (rate sources)', () => {
  it('marks every existing rate as typed by hand with no date, turns the daily fetch off, and down gives the old rows back', async () => {
    const db = await emptyDatabase();
    await migrateToLatest(db, { migrations: migrationsUpTo(PREVIOUS) });
    await seedBefore(db);
    const rates = await rowsAsText(db, 'exchange_rates', 'workspace_id, currency');
    const settings = await rowsAsText(db, 'settings', 'workspace_id');

    expect((await migrateToLatest(db, { migrations: migrationsUpTo(NAME) })).applied).toEqual([NAME]);
    expect(await rowsAsText(db, 'exchange_rates', 'workspace_id, currency')).toEqual(rates.map((r) => ({ ...r, source: 'manual', rate_date: null })));
    expect(await rowsAsText(db, 'settings', 'workspace_id')).toEqual(
      settings.map((r) => ({ ...r, rates_daily: '0', rates_fetched_at: null, rates_error: null, rates_error_since: null })),
    );

    await migrations[NAME]!.down!(db);
    expect(await rowsAsText(db, 'exchange_rates', 'workspace_id, currency')).toEqual(rates);
    expect(await rowsAsText(db, 'settings', 'workspace_id')).toEqual(settings);
  });

  it('stores an ECB rate with its date and refuses a source or a daily flag it does not know', async () => {
    const db = await emptyDatabase();
    await migrateToLatest(db);
    await seedBefore(db);
    await sql`insert into exchange_rates (workspace_id, currency, rate, updated_at, source, rate_date) values (1, 'JPY', '0.006134969325', ${T}, 'ecb', '2026-02-27')`.execute(db);
    const jpy = (await rowsAsText(db, 'exchange_rates', 'currency')).find((r) => r.currency === 'JPY');
    expect([jpy!.source, jpy!.rate_date]).toEqual(['ecb', '2026-02-27']);
    await expect(sql`insert into exchange_rates (workspace_id, currency, rate, updated_at, source) values (1, 'CHF', '1.05', ${T}, 'guess')`.execute(db)).rejects.toThrow();
    await expect(sql`update settings set rates_daily = 2 where workspace_id = 1`.execute(db)).rejects.toThrow();
    await sql`update settings set rates_daily = 1, rates_error = 'Could not reach the ECB', rates_error_since = ${T} where workspace_id = 1`.execute(db);
    expect((await rowsAsText(db, 'settings', 'workspace_id'))[0]).toMatchObject({ rates_daily: '1', rates_error: 'Could not reach the ECB', rates_error_since: T });
  });
});
