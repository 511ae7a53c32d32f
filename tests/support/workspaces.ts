import type { Kysely } from 'kysely';
import { findPersonalWorkspaceId } from '../../main/db/repositories/workspaces';
import type { Database } from '../../main/db/schema';

/** The account's personal workspace, where a test's rows for that account belong. */
export async function personalWorkspaceId(db: Kysely<Database>, userId: number): Promise<number> {
  const id = await findPersonalWorkspaceId(db, userId);
  if (id === undefined) throw new Error(`account ${userId} has no personal workspace`);
  return id;
}
