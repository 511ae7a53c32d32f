import type { Generated, Insertable, Kysely, Selectable, Updateable } from 'kysely';
import type { Database } from '../schema';

// The users table: one row per account. Sign-in names (email, username) are unique.

export interface UsersTable {
  id: Generated<number>;
  email: string;
  username: string;
  password_hash: string;
  company_name: string | null;
  created_at: string;
  updated_at: string;
}
export type UserRow = Selectable<UsersTable>;
export type NewUserRow = Insertable<UsersTable>;
export type UserUpdate = Updateable<UsersTable>;

export function findUserById(db: Kysely<Database>, id: number): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The account signed in as `identifier`, which may be its email or its username. */
export function findUserBySignInName(db: Kysely<Database>, identifier: string): Promise<UserRow | undefined> {
  return db
    .selectFrom('users')
    .selectAll()
    .where((eb) => eb.or([eb('email', '=', identifier), eb('username', '=', identifier)]))
    .executeTakeFirst();
}

/** Accounts (other than `exceptId`) that already use this email or username. */
export async function findUsersUsing(
  db: Kysely<Database>,
  wanted: { email?: string; username?: string },
  exceptId: number | null,
): Promise<Pick<UserRow, 'email' | 'username'>[]> {
  const { email, username } = wanted;
  if (email === undefined && username === undefined) return [];
  let query = db
    .selectFrom('users')
    .select(['email', 'username'])
    .where((eb) => eb.or([...(email !== undefined ? [eb('email', '=', email)] : []), ...(username !== undefined ? [eb('username', '=', username)] : [])]));
  if (exceptId !== null) query = query.where('id', '!=', exceptId);
  return query.execute();
}

export function insertUser(db: Kysely<Database>, user: NewUserRow): Promise<UserRow> {
  return db.insertInto('users').values(user).returningAll().executeTakeFirstOrThrow();
}

export function updateUser(db: Kysely<Database>, id: number, change: UserUpdate): Promise<UserRow> {
  return db.updateTable('users').set(change).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

export async function deleteUser(db: Kysely<Database>, id: number): Promise<void> {
  await db.deleteFrom('users').where('id', '=', id).execute();
}

export async function hasAnyUser(db: Kysely<Database>): Promise<boolean> {
  return (await db.selectFrom('users').select('id').limit(1).executeTakeFirst()) !== undefined;
}

/** Every account's id, for work done account by account (the sweep). */
export async function allUserIds(db: Kysely<Database>): Promise<number[]> {
  return (await db.selectFrom('users').select('id').execute()).map((u) => u.id);
}

/** Usernames (the display name) of these accounts, by id. */
export async function usernamesOf(db: Kysely<Database>, ids: readonly number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('users').select(['id', 'username']).where('id', 'in', [...new Set(ids)]).execute();
  return new Map(rows.map((r) => [r.id, r.username]));
}
