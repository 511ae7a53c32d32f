import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema';
import { dialectOf } from '../sql-dialect';

// Several servers sweep one PostgreSQL database: a transaction-scoped advisory lock per workspace keeps
// two of them from rolling the same workspace's renewals at once (the writes are idempotent, so this
// saves work and lock waits, not correctness). SQLite has one writer at a time: nothing to take.

/** The advisory lock space of the sweep (pg_try_advisory_xact_lock's first key): "SMsw". */
const SWEEP_LOCK_SPACE = 0x534d7377;

/** True when this transaction may roll the workspace's renewals now; false when another server is at it. */
export async function tryLockWorkspaceSweep(trx: Kysely<Database>, workspaceId: number): Promise<boolean> {
  if (dialectOf(trx) !== 'postgres') return true;
  const result = await sql<{ locked: boolean }>`select pg_try_advisory_xact_lock(${SWEEP_LOCK_SPACE}, ${workspaceId}) as locked`.execute(trx);
  return result.rows[0]?.locked === true;
}
