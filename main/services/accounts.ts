import type { User } from '../../common/contract';
import { AppError } from '../../common/errors';
import type { Ports } from '../core/context';
import type { HandlersFor } from '../core/handlers';
import type { UserRow } from '../db/schema';
import { seedAccount } from './account-defaults';
import { dummyPasswordHash, hashPassword, verifyPassword } from './passwords';

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

const BAD_CREDENTIALS = 'Wrong username/email or password';

/** Slows down password guessing per identifier: after 5 misses, wait 2^(n-5) seconds (max 15 min). */
export function createLoginThrottle(now: () => number) {
  const failures = new Map<string, { count: number; until: number }>();
  return {
    check(identifier: string): void {
      const entry = failures.get(identifier);
      if (entry && entry.until > now()) {
        const seconds = Math.ceil((entry.until - now()) / 1000);
        throw new AppError('rate_limited', `Too many failed sign-ins. Try again in ${seconds} seconds.`);
      }
    },
    fail(identifier: string): void {
      const count = (failures.get(identifier)?.count ?? 0) + 1;
      const delay = count >= 5 ? Math.min(2 ** (count - 5) * 1000, 15 * 60_000) : 0;
      failures.set(identifier, { count, until: now() + delay });
      if (failures.size > 10_000) failures.delete(failures.keys().next().value!);
    },
    succeed(identifier: string): void {
      failures.delete(identifier);
    },
  };
}

export function accountHandlers(ports: Ports): HandlersFor<'auth'> {
  const { db, clock } = ports;
  const throttle = createLoginThrottle(() => clock.now().getTime());

  return {
    async 'auth.register'(ctx, input) {
      const username = input.username.toLowerCase();
      const taken = await db
        .selectFrom('users')
        .select(['email', 'username'])
        .where((eb) => eb.or([eb('email', '=', input.email), eb('username', '=', username)]))
        .execute();
      const fields: Record<string, string> = {};
      if (taken.some((u) => u.email === input.email)) fields.email = 'An account with this email already exists';
      if (taken.some((u) => u.username === username)) fields.username = 'This username is taken';
      if (Object.keys(fields).length > 0) {
        throw new AppError('conflict', Object.values(fields).join('; '), fields);
      }

      const now = clock.now().toISOString();
      const password_hash = await hashPassword(input.password);
      let row: UserRow;
      try {
        row = await db.transaction().execute(async (trx) => {
          const user = await trx
            .insertInto('users')
            .values({ email: input.email, username, password_hash, company_name: input.company_name, created_at: now, updated_at: now })
            .returningAll()
            .executeTakeFirstOrThrow();
          await seedAccount(trx, user.id, now);
          return user;
        });
      } catch (error) {
        // Two registrations racing for the same name: the unique index decides.
        if (error instanceof Error && /UNIQUE constraint failed: users\.(email|username)/.test(error.message)) {
          const field = error.message.includes('users.email') ? 'email' : 'username';
          throw new AppError('conflict', `This ${field} is already taken`, { [field]: `This ${field} is already taken` });
        }
        throw error;
      }
      await ctx.session.signIn(row.id);
      return { user: toUser(row) };
    },

    async 'auth.login'(ctx, input) {
      throttle.check(input.identifier);
      const row = await db
        .selectFrom('users')
        .selectAll()
        .where((eb) => eb.or([eb('email', '=', input.identifier), eb('username', '=', input.identifier)]))
        .executeTakeFirst();
      const ok = await verifyPassword(input.password, row?.password_hash ?? (await dummyPasswordHash()));
      if (!row || !ok) {
        throttle.fail(input.identifier);
        throw new AppError('unauthorized', BAD_CREDENTIALS);
      }
      throttle.succeed(input.identifier);
      await ctx.session.signIn(row.id);
      return { user: toUser(row) };
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
