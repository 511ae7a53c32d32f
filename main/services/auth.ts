import type { LoginResult, User } from '../../common/contract';
import { AppError } from '../../common/errors';
import type { Ports, RequestContext } from '../core/context';
import type { HandlersFor } from '../core/handlers';
import { type UserRow, findUserBySignInName, insertUser } from '../db/repositories/users';
import { seedAccount } from './account-defaults';
import { accountKey, clientKey, type AuthThrottle } from './account-throttle';
import { dummyPasswordHash, hashPassword, verifyPassword } from './passwords';
import { type AccountDeps, conflict, findUser, takenFields, toUser, uniqueViolation } from './users';

// auth.*: registering, signing in and out, and who is signed in.

const BAD_CREDENTIALS = 'Wrong username/email or password';

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

/** The sign-in operations; password reset and two-factor have files of their own. */
type AuthOperations = 'auth.register' | 'auth.login' | 'auth.logout' | 'auth.me';

/** `secondStep`: the code step when the account has two-factor on (a challenge), else null. */
export function authHandlers(ports: Ports, deps: AccountDeps, secondStep: (userId: number) => Promise<LoginResult | null>): Pick<HandlersFor<'auth'>, AuthOperations> {
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
          const user = await insertUser(trx, { email: input.email, username: input.username, password_hash, company_name: input.company_name, created_at: now, updated_at: now });
          await seedAccount(trx, user, now);
          return user;
        });
      } catch (error) {
        throw uniqueViolation(error) ?? error;
      }
      return signInAs(ctx, row);
    },

    async 'auth.login'(ctx, input) {
      const row = await findUserBySignInName(db, input.identifier);
      // Counted before the password is checked, so parallel guesses cannot all slip past the limit.
      const perAccount = accountKey(row?.id ?? null, input.identifier);
      const perClient = clientKey('login', ctx);
      await attemptBoth(throttle, perAccount, perClient);
      const ok = await verifyPassword(input.password, row?.password_hash ?? (await dummyPasswordHash()));
      if (!row || !ok) throw new AppError('unauthorized', BAD_CREDENTIALS);
      await throttle.loginPerAccount.reset(perAccount);
      await throttle.loginPerClient.refund(perClient);
      // Two-factor on: no session until the code step completes it.
      return (await secondStep(row.id)) ?? signInAs(ctx, row);
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
