import type { Generated, Insertable, Kysely, Selectable } from 'kysely';
import type { Database } from '../schema';

// The exchange_rates table: a workspace's rates, each "base units per unit of currency", as decimal text, with
// where each came from (0018): typed by a member, or the ECB's daily reference file of rate_date.

export type RateSource = 'manual' | 'ecb';

export interface ExchangeRatesTable {
  workspace_id: number;
  currency: string;
  rate: string;
  updated_at: string;
  source: Generated<RateSource>;
  /** The ECB file's date (YYYY-MM-DD); null for a typed rate. */
  rate_date: string | null;
}
export type ExchangeRateRow = Selectable<ExchangeRatesTable>;
export type NewExchangeRateRow = Insertable<ExchangeRatesTable>;
export type StoredRateRow = Omit<ExchangeRateRow, 'workspace_id'>;

/** The workspace's rates by currency code. */
export function listRates(db: Kysely<Database>, workspaceId: number): Promise<StoredRateRow[]> {
  return db
    .selectFrom('exchange_rates')
    .select(['currency', 'rate', 'updated_at', 'source', 'rate_date'])
    .where('workspace_id', '=', workspaceId)
    .orderBy('currency')
    .execute();
}

/** Replaces all of the workspace's rates with these (call inside a transaction). */
export async function replaceRates(trx: Kysely<Database>, workspaceId: number, rates: Omit<NewExchangeRateRow, 'workspace_id'>[]): Promise<void> {
  await deleteRatesOfWorkspace(trx, workspaceId);
  if (rates.length > 0) await trx.insertInto('exchange_rates').values(rates.map((r) => ({ ...r, workspace_id: workspaceId }))).execute();
}

/** Writes these rates (insert, or replace the currency's row), leaving the workspace's other rates as they are. */
export async function upsertRates(trx: Kysely<Database>, workspaceId: number, rates: Omit<NewExchangeRateRow, 'workspace_id'>[]): Promise<void> {
  for (const r of rates) {
    await trx
      .insertInto('exchange_rates')
      .values({ ...r, workspace_id: workspaceId })
      .onConflict((oc) => oc.columns(['workspace_id', 'currency']).doUpdateSet({ rate: r.rate, updated_at: r.updated_at, source: r.source, rate_date: r.rate_date }))
      .execute();
  }
}

/** The currencies the workspace's subscriptions (not deleted) are in: the ones it needs rates for. */
export async function currenciesInUse(db: Kysely<Database>, workspaceId: number): Promise<string[]> {
  const rows = await db.selectFrom('expenses').select('currency').distinct().where('workspace_id', '=', workspaceId).where('deleted_at', 'is', null).orderBy('currency').execute();
  return rows.map((r) => r.currency);
}

export async function deleteRatesOfWorkspace(db: Kysely<Database>, workspaceId: number): Promise<void> {
  await db.deleteFrom('exchange_rates').where('workspace_id', '=', workspaceId).execute();
}
