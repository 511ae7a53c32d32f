import { AppError } from '../../common/errors';
import type { Ports } from '../core/context';
import type { HandlersFor } from '../core/handlers';
import { smtpPasswordKey } from '../reminders/smtp-account';
import { accountKey } from './account-throttle';
import { deleteMemberSettings } from '../db/repositories/member-settings';
import { deleteReminderPlansOfUser } from '../db/repositories/reminder-plans';
import { deleteRemindersOfUser } from '../db/repositories/reminders';
import { deleteSessionsOfUser } from '../db/repositories/sessions';
import { deleteUser } from '../db/repositories/users';
import { deletePasswordResetsOfUser } from '../db/repositories/password-resets';
import { deleteSignInChallengesOfUser } from '../db/repositories/sign-in-challenges';
import { deleteRecoveryCodesOfUser } from '../db/repositories/recovery-codes';
import { deleteTwoFactor } from '../db/repositories/two-factor';
import { companyMembershipsOf } from '../db/repositories/workspace-members';
import { findPersonalWorkspaceId } from '../db/repositories/workspaces';
import { deleteWorkspaceData, leaveAll } from './workspace-removal';
import type { Database } from '../db/schema';
import type { Kysely } from 'kysely';
import { confirmPassword, type AccountDeps } from './users';

// Deleting an account: its password first, a copy of the data file, then every row and secret it owns.
// Its personal workspace goes with it; in a shared workspace its subscriptions pass to an owner.

// Children before parents, so no foreign key is left pointing at a deleted row.
const OWNED_ROWS: ((trx: Kysely<Database>, userId: number) => Promise<unknown>)[] = [
  deleteRemindersOfUser,
  deleteReminderPlansOfUser,
  deleteMemberSettings,
  (trx, userId) => deleteSessionsOfUser(trx, userId),
  deletePasswordResetsOfUser,
  deleteSignInChallengesOfUser,
  deleteRecoveryCodesOfUser,
  deleteTwoFactor,
];

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
        await leaveAll(trx, ports.reminders, await companyMembershipsOf(trx, user.id), user.id, ports.clock.now().toISOString());
        const personal = await findPersonalWorkspaceId(trx, user.id);
        if (personal !== undefined) await deleteWorkspaceData(trx, personal);
        for (const remove of OWNED_ROWS) await remove(trx, user.id);
        await deleteUser(trx, user.id);
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
