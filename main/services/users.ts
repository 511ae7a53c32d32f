import type { Kysely } from 'kysely';
import type { User } from '../../common/contract';
import { AppError, type FieldErrors } from '../../common/errors';
import type { Ports } from '../core/context';
import { type UserRow, findUserById, findUsersUsing } from '../db/repositories/users';
import type { Database } from '../db/schema';
import { uniqueViolation as uniqueKeyViolation } from '../db/sql-dialect';
import { accountKey, type AuthThrottle } from './account-throttle';
import { verifyPassword } from './passwords';
import type { Sessions } from './sessions';

// What the auth and account services share: the user as JSON, taken names, password checks.

export function toUser(row: UserRow): User {
  return {
    id: row.id,
    email: row.email,
    username: row.username,
    company_name: row.company_name,
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
}

export async function findUser(ports: Pick<Ports, 'db'>, userId: number): Promise<UserRow | undefined> {
  return findUserById(ports.db, userId);
}

/** What the account services share besides the ports. */
export interface AccountDeps {
  sessions: Sessions;
  throttle: AuthThrottle;
  /** Copies the database file aside, named for `label`; null when there is no file (in memory). */
  backupDatabase(label: string): Promise<string | null>;
}

export const EMAIL_TAKEN = 'An account with this email already exists';
export const USERNAME_TAKEN = 'This username is taken';

/** The fields of `wanted` another account already uses, each with its message. */
export async function takenFields(db: Kysely<Database>, wanted: { email?: string; username?: string }, exceptUserId: number | null): Promise<FieldErrors> {
  const { email, username } = wanted;
  const taken = await findUsersUsing(db, wanted, exceptUserId);
  const fields: FieldErrors = {};
  if (email !== undefined && taken.some((u) => u.email === email)) fields.email = EMAIL_TAKEN;
  if (username !== undefined && taken.some((u) => u.username === username)) fields.username = USERNAME_TAKEN;
  return fields;
}

export function conflict(fields: FieldErrors): AppError {
  return new AppError('conflict', Object.values(fields).join('; '), fields);
}

/** Two writes racing for the same email or username: the unique index decides, and says which. */
export function uniqueViolation(error: unknown): AppError | null {
  const violation = uniqueKeyViolation(error);
  if (violation?.table !== 'users') return null;
  return conflict(violation.columns.includes('email') ? { email: EMAIL_TAKEN } : { username: USERNAME_TAKEN });
}

/**
 * Checks the signed-in account's own password (change password, delete account). Wrong answers
 * count with failed sign-ins of the account, so a borrowed session cannot guess it quickly either.
 */
export async function confirmPassword(db: Kysely<Database>, throttle: AuthThrottle, userId: number, password: string, field: string): Promise<UserRow> {
  const row = await findUserById(db, userId);
  if (!row) throw new AppError('unauthorized', 'Sign in first');
  const key = accountKey(row.id, row.username);
  await throttle.loginPerAccount.attempt(key);
  if (!(await verifyPassword(password, row.password_hash))) {
    throw new AppError('forbidden', 'That is not your current password', { [field]: 'That is not your current password' });
  }
  await throttle.loginPerAccount.reset(key);
  return row;
}

