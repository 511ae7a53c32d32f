import { AppError } from '../../common/errors';
import type { Ports } from '../core/context';
import type { HandlersFor } from '../core/handlers';
import { smtpPasswordKey } from '../reminders/smtp-account';
import { accountKey } from './account-throttle';
import { confirmPassword, type AccountDeps } from './accounts';

// Deleting an account: its password first, a copy of the data file, then every row and secret it owns.

// Children before parents, so no foreign key is left pointing at a deleted row.
const OWNED_TABLES = ['reminders', 'reminder_plans', 'expenses', 'categories', 'exchange_rates', 'settings', 'sessions'] as const;

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function accountDeletionHandlers(ports: Ports, deps: AccountDeps): Pick<HandlersFor<'account'>, 'account.delete'> {
  const { db, secrets, logger } = ports;

  return {
    async 'account.delete'(ctx, input) {
      const user = await confirmPassword(db, deps.throttle, ctx.userId, input.password, 'password');

      let backup: string | null;
      try {
        backup = await deps.backupDatabase(`delete-account-${user.id}`);
      } catch (error) {
        throw new AppError('unavailable', `Could not copy the data file before deleting, so nothing was deleted: ${reason(error)}`);
      }
      try {
        await secrets.delete(smtpPasswordKey(user.id));
      } catch (error) {
        throw new AppError('unavailable', `The OS keychain refused to remove this account's SMTP password, so nothing was deleted: ${reason(error)}`);
      }

      await db.transaction().execute(async (trx) => {
        for (const table of OWNED_TABLES) await trx.deleteFrom(table).where('user_id', '=', user.id).execute();
        await trx.deleteFrom('users').where('id', '=', user.id).execute();
      });
      // The armed job may point at one of the deleted reminders.
      ports.reminders.rearm();
      await deps.throttle.loginPerAccount.reset(accountKey(user.id, user.username));
      logger.info('account deleted', { userId: user.id, backup });
      await ctx.session.signOut();
      return { message: `The account ${user.username} and all its data were deleted.` };
    },
  };
}
