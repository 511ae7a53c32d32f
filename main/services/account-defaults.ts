import type { Kysely } from 'kysely';
import { DEFAULT_CATEGORIES } from '../../common/contract/categories';
import { insertCategories } from '../db/repositories/categories';
import { upsertMemberSettings } from '../db/repositories/member-settings';
import { insertSettings } from '../db/repositories/settings';
import { insertMember } from '../db/repositories/workspace-members';
import { insertWorkspace } from '../db/repositories/workspaces';
import type { Database } from '../db/schema';
import type { UserRow } from '../db/repositories/users';

// What a new workspace starts with: the default categories and a settings row (base USD, remind 7 days
// ahead); what a new account starts with: its personal workspace, which it owns.

/** A workspace with its owner, categories and settings; returns its id. Call inside a transaction. */
export async function seedWorkspace(trx: Kysely<Database>, owner: number, name: string, kind: 'personal' | 'company', now: string): Promise<number> {
  const workspaceId = await insertWorkspace(trx, { name, kind, created_at: now, updated_at: now });
  await insertMember(trx, { workspace_id: workspaceId, user_id: owner, role: 'owner', remind_all: 0, joined_at: now });
  await insertCategories(
    trx,
    DEFAULT_CATEGORIES.map((category) => ({ user_id: owner, workspace_id: workspaceId, name: category, is_default: 1, created_at: now, updated_at: now })),
  );
  await insertSettings(trx, { workspace_id: workspaceId, updated_at: now });
  return workspaceId;
}

/** Call inside the transaction that inserts the user, so an account never exists half-made. */
export async function seedAccount(trx: Kysely<Database>, user: Pick<UserRow, 'id' | 'username' | 'company_name'>, now: string): Promise<void> {
  await seedWorkspace(trx, user.id, user.company_name ?? user.username, 'personal', now);
  await upsertMemberSettings(trx, user.id, { updated_at: now });
}
