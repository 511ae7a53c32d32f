import type { Insertable, Kysely, Selectable } from 'kysely';
import type { Database } from '../schema';

// The exchange_rates table: a workspace's rates, each "base units per unit of currency", as decimal text.

export interface ExchangeRatesTable {
  workspace_id: number;
  currency: string;
  rate: string;
  updated_at: string;
}
export type ExchangeRateRow = Selectable<ExchangeRatesTable>;
export type NewExchangeRateRow = Insertable<ExchangeRatesTable>;

/** The workspace's rates by currency code. */
export function listRates(db: Kysely<Database>, workspaceId: number): Promise<Omit<ExchangeRateRow, 'workspace_id'>[]> {
  return db.selectFrom('exchange_rates').select(['currency', 'rate', 'updated_at']).where('workspace_id', '=', workspaceId).orderBy('currency').execute();
}

/** Replaces all of the workspace's rates with these (call inside a transaction). */
export async function replaceRates(trx: Kysely<Database>, workspaceId: number, rates: Omit<NewExchangeRateRow, 'workspace_id'>[]): Promise<void> {
  await deleteRatesOfWorkspace(trx, workspaceId);
  if (rates.length > 0) await trx.insertInto('exchange_rates').values(rates.map((r) => ({ ...r, workspace_id: workspaceId }))).execute();
}

export async function deleteRatesOfWorkspace(db: Kysely<Database>, workspaceId: number): Promise<void> {
  await db.deleteFrom('exchange_rates').where('workspace_id', '=', workspaceId).execute();
}
