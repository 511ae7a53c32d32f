import type { Kysely } from 'kysely';
import type { User } from '../../common/contract';
import { AppError, type FieldErrors } from '../../common/errors';
import type { Ports, RequestContext } from '../core/context';
import type { HandlersFor } from '../core/handlers';
import type { Database, UserRow } from '../db/schema';
import { seedAccount } from './account-defaults';
import { accountKey, clientKey, type AuthThrottle } from './account-throttle';
import { dummyPasswordHash, hashPassword, verifyPassword } from './passwords';
import type { Sessions } from './sessions';

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
  return ports.db.selectFrom('users').selectAll().where('id', '=', userId).executeTakeFirst();
}

/** What the account services share besides the ports. */
export interface AccountDeps {
  sessions: Sessions;
  throttle: AuthThrottle;
  /** Copies the database file aside, named for `label`; null when there is no file (in memory). */
  backupDatabase(label: string): Promise<string | null>;
}

const BAD_CREDENTIALS = 'Wrong username/email or password';
export const EMAIL_TAKEN = 'An account with this email already exists';
export const USERNAME_TAKEN = 'This username is taken';

/** The fields of `wanted` another account already uses, each with its message. */
export async function takenFields(db: Kysely<Database>, wanted: { email?: string; username?: string }, exceptUserId: number | null): Promise<FieldErrors> {
  const { email, username } = wanted;
  if (email === undefined && username === undefined) return {};
  let query = db
    .selectFrom('users')
    .select(['email', 'username'])
    .where((eb) => eb.or([...(email !== undefined ? [eb('email', '=', email)] : []), ...(username !== undefined ? [eb('username', '=', username)] : [])]));
  if (exceptUserId !== null) query = query.where('id', '!=', exceptUserId);
  const taken = await query.execute();
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
  if (!(error instanceof Error)) return null;
  const match = /UNIQUE constraint failed: users\.(email|username)/.exec(error.message);
  if (!match) return null;
  return conflict(match[1] === 'email' ? { email: EMAIL_TAKEN } : { username: USERNAME_TAKEN });
}

/**
 * Checks the signed-in account's own password (change password, delete account). Wrong answers
 * count with failed sign-ins of the account, so a borrowed session cannot guess it quickly either.
 */
export async function confirmPassword(db: Kysely<Database>, throttle: AuthThrottle, userId: number, password: string, field: string): Promise<UserRow> {
  const row = await db.selectFrom('users').selectAll().where('id', '=', userId).executeTakeFirst();
  if (!row) throw new AppError('unauthorized', 'Sign in first');
  const key = accountKey(row.id, row.username);
  await throttle.loginPerAccount.attempt(key);
  if (!(await verifyPassword(password, row.password_hash))) {
    throw new AppError('forbidden', 'That is not your current password', { [field]: 'That is not your current password' });
  }
  await throttle.loginPerAccount.reset(key);
  return row;
}

/** Counts a per-client attempt; if the per-account one is refused after it, the first is taken back. */
async function attemptBoth(throttle: AuthThrottle, perAccount: string, perClient: string): Promise<void> {
  await throttle.loginPerAccount.attempt(perAccount);
  try {
    await throttle.loginPerClient.attempt(perClient);
  } catch (error) {
    await throttle.loginPerAccount.refund(perAccount);
    throw error;
  }
}

export function accountHandlers(ports: Ports, deps: AccountDeps): HandlersFor<'auth'> {
  const { db, clock } = ports;
  const { throttle } = deps;

  async function signInAs(ctx: RequestContext, row: UserRow): Promise<{ user: User }> {
    await ctx.session.signIn(row.id);
    return { user: toUser(row) };
  }

  return {
    async 'auth.register'(ctx, input) {
      // Every attempt that gets this far counts, taken or not: mass sign-up and email probing alike.
      await throttle.registerPerClient.attempt(clientKey('register', ctx));
      const taken = await takenFields(db, { email: input.email, username: input.username }, null);
      if (Object.keys(taken).length > 0) throw conflict(taken);

      const now = clock.now().toISOString();
      const password_hash = await hashPassword(input.password);
      let row: UserRow;
      try {
        row = await db.transaction().execute(async (trx) => {
          const user = await trx
            .insertInto('users')
            .values({ email: input.email, username: input.username, password_hash, company_name: input.company_name, created_at: now, updated_at: now })
            .returningAll()
            .executeTakeFirstOrThrow();
          await seedAccount(trx, user.id, now);
          return user;
        });
      } catch (error) {
        throw uniqueViolation(error) ?? error;
      }
      return signInAs(ctx, row);
    },

    async 'auth.login'(ctx, input) {
      const row = await db
        .selectFrom('users')
        .selectAll()
        .where((eb) => eb.or([eb('email', '=', input.identifier), eb('username', '=', input.identifier)]))
        .executeTakeFirst();
      // Counted before the password is checked, so parallel guesses cannot all slip past the limit.
      const perAccount = accountKey(row?.id ?? null, input.identifier);
      const perClient = clientKey('login', ctx);
      await attemptBoth(throttle, perAccount, perClient);
      const ok = await verifyPassword(input.password, row?.password_hash ?? (await dummyPasswordHash()));
      if (!row || !ok) throw new AppError('unauthorized', BAD_CREDENTIALS);
      await throttle.loginPerAccount.reset(perAccount);
      await throttle.loginPerClient.refund(perClient);
      return signInAs(ctx, row);
    },

    async 'auth.logout'(ctx) {
      await ctx.session.signOut();
      return { message: 'Signed out' };
    },

    async 'auth.me'(ctx) {
      const row = await findUser(ports, ctx.userId);
      if (!row) throw new AppError('unauthorized', 'Sign in first');
      return { user: toUser(row) };
    },
  };
}
