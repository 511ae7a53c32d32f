import type { Insertable, Kysely, Selectable } from 'kysely';
import type { Database } from '../schema';

// The exchange_rates table: an account's rates, each "base units per unit of currency", as decimal text.

export interface ExchangeRatesTable {
  user_id: number;
  currency: string;
  rate: string;
  updated_at: string;
}
export type ExchangeRateRow = Selectable<ExchangeRatesTable>;
export type NewExchangeRateRow = Insertable<ExchangeRatesTable>;

/** The account's rates by currency code. */
export function listRates(db: Kysely<Database>, userId: number): Promise<Omit<ExchangeRateRow, 'user_id'>[]> {
  return db.selectFrom('exchange_rates').select(['currency', 'rate', 'updated_at']).where('user_id', '=', userId).orderBy('currency').execute();
}

/** Replaces all of the account's rates with these (call inside a transaction). */
export async function replaceRates(trx: Kysely<Database>, userId: number, rates: Omit<NewExchangeRateRow, 'user_id'>[]): Promise<void> {
  await deleteRatesOfUser(trx, userId);
  if (rates.length > 0) await trx.insertInto('exchange_rates').values(rates.map((r) => ({ ...r, user_id: userId }))).execute();
}

export async function deleteRatesOfUser(db: Kysely<Database>, userId: number): Promise<void> {
  await db.deleteFrom('exchange_rates').where('user_id', '=', userId).execute();
}
