import type { Kysely } from 'kysely';
import type { CostCentre } from '../../common/contract/expenses';
import { liveCostCentres } from '../db/repositories/expenses';
import type { Database } from '../db/schema';

// Cost centres are free text compared ignoring letter case. The comparison happens here, in JS, so
// "Über" and "über" are one centre on SQLite (whose nocase folds ASCII only) as on PostgreSQL; SQL
// then matches the stored spellings exactly, which the workspace's cost-centre index serves.

/** What two spellings of one cost centre have in common. */
export function costCentreKey(name: string): string {
  return name.toLowerCase();
}

/** Stored spellings folded into one entry per centre: the most used spelling names it. */
export function foldCostCentres(rows: { cost_centre: string; n: number }[]): (CostCentre & { spellings: string[] })[] {
  const byKey = new Map<string, { best: { name: string; n: number }; count: number; spellings: string[] }>();
  for (const row of rows) {
    const key = costCentreKey(row.cost_centre);
    const seen = byKey.get(key);
    if (!seen) byKey.set(key, { best: { name: row.cost_centre, n: row.n }, count: row.n, spellings: [row.cost_centre] });
    else {
      seen.count += row.n;
      seen.spellings.push(row.cost_centre);
      if (row.n > seen.best.n || (row.n === seen.best.n && row.cost_centre < seen.best.name)) seen.best = { name: row.cost_centre, n: row.n };
    }
  }
  return [...byKey.values()]
    .map((c) => ({ name: c.best.name, count: c.count, spellings: c.spellings.sort() }))
    .sort((a, b) => b.count - a.count || a.name.localeCompare(b.name));
}

/** The workspace's cost centres, most used first. */
export async function costCentresOf(db: Kysely<Database>, workspaceId: number): Promise<CostCentre[]> {
  return foldCostCentres(await liveCostCentres(db, workspaceId)).map(({ name, count }) => ({ name, count }));
}

/** Every stored spelling of `name` in the workspace (none: no subscription carries it). */
export async function spellingsOf(db: Kysely<Database>, workspaceId: number, name: string): Promise<string[]> {
  const key = costCentreKey(name);
  return foldCostCentres(await liveCostCentres(db, workspaceId)).find((c) => costCentreKey(c.name) === key)?.spellings ?? [];
}

/**
 * The spelling to store: the one the workspace already uses for this centre (other subscriptions than
 * `exceptId`), so "marketing" typed later joins "Marketing" instead of starting a second spelling.
 */
export async function canonicalCostCentre(db: Kysely<Database>, workspaceId: number, exceptId: number | null, given: string | null): Promise<string | null> {
  if (given === null) return null;
  const key = costCentreKey(given);
  return foldCostCentres(await liveCostCentres(db, workspaceId, exceptId)).find((c) => costCentreKey(c.name) === key)?.name ?? given;
}
