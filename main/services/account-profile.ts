import { AppError } from '../../common/errors';
import type { Ports } from '../core/context';
import type { HandlersFor } from '../core/handlers';
import { deleteSessionsOfUser } from '../db/repositories/sessions';
import { type UserUpdate, updateUser } from '../db/repositories/users';
import { clientKey } from './account-throttle';
import { confirmPassword, conflict, findUser, takenFields, toUser, uniqueViolation, type AccountDeps } from './users';
import { hashPassword } from './passwords';

// The signed-in account's own details and password.

type ProfileHandlers = Pick<HandlersFor<'account'>, 'account.update' | 'account.changePassword'>;

function sessionsEnded(n: number): string {
  return n === 0 ? 'No other session was signed in.' : `${n} other session${n === 1 ? ' was' : 's were'} signed out.`;
}

export function accountProfileHandlers(ports: Ports, deps: AccountDeps): ProfileHandlers {
  const { db, clock } = ports;
  const { throttle } = deps;

  return {
    async 'account.update'(ctx, input) {
      const current = await findUser(ports, ctx.userId);
      if (!current) throw new AppError('unauthorized', 'Sign in first');
      const wanted = {
        ...(input.email !== undefined && input.email !== current.email ? { email: input.email } : {}),
        ...(input.username !== undefined && input.username !== current.username ? { username: input.username } : {}),
      };
      if (Object.keys(wanted).length > 0) {
        // A taken answer tells whether an email has an account here: it counts like a registration.
        const key = clientKey('register', ctx);
        await throttle.registerPerClient.attempt(key);
        const taken = await takenFields(db, wanted, ctx.userId);
        if (Object.keys(taken).length > 0) throw conflict(taken);
        await throttle.registerPerClient.refund(key);
      }
      const change: UserUpdate = { ...wanted };
      if (input.company_name !== undefined && input.company_name !== current.company_name) change.company_name = input.company_name;
      if (Object.keys(change).length === 0) return { user: toUser(current) };
      change.updated_at = clock.now().toISOString();
      try {
        const row = await updateUser(db, ctx.userId, change);
        return { user: toUser(row) };
      } catch (error) {
        throw uniqueViolation(error) ?? error;
      }
    },

    async 'account.changePassword'(ctx, input) {
      await confirmPassword(db, throttle, ctx.userId, input.current_password, 'current_password');
      const password_hash = await hashPassword(input.new_password);
      const now = clock.now().toISOString();
      const others = await db.transaction().execute(async (trx) => {
        await updateUser(trx, ctx.userId, { password_hash, updated_at: now });
        return deleteSessionsOfUser(trx, ctx.userId, ctx.sessionId ?? null);
      });
      // This caller goes on signed in, with a fresh token issued after the change.
      await ctx.session.signIn(ctx.userId);
      return { message: `Password changed. ${sessionsEnded(others)}`, signed_out: others };
    },
  };
}
