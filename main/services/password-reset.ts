import { createHash, randomBytes } from 'node:crypto';
import { PASSWORD_RESET_MINUTES, RESET_LINK_INVALID, RESET_REQUESTED } from '../../common/contract/password-reset';
import { AppError } from '../../common/errors';
import type { Ports } from '../core/context';
import type { HandlersFor } from '../core/handlers';
import {
  closePasswordResetsOf,
  deleteExpiredPasswordResets,
  findPasswordReset,
  insertPasswordReset,
  usePasswordReset,
} from '../db/repositories/password-resets';
import { deleteSessionsOfUser } from '../db/repositories/sessions';
import { deleteSignInChallengesOfUser } from '../db/repositories/sign-in-challenges';
import { findUserBySignInName, updateUser } from '../db/repositories/users';
import { accountKey, clientKey } from './account-throttle';
import { hashPassword } from './passwords';
import { passwordResetEmail } from './password-reset-email';
import type { AccountDeps } from './users';

// auth.requestPasswordReset / auth.resetPassword: a forgotten password, reset by a one-time link that the
// team server emails (its own SMTP, SMTP_URL). The link's secret is stored only as its sha-256.

type ResetOperations = 'auth.requestPasswordReset' | 'auth.resetPassword';

/** Where the link points: the server's public address (PUBLIC_URL, else where it listens). */
export interface ResetLinks {
  baseUrl(): string | null;
}

type ResetDelivery = { smtp: NonNullable<Ports['smtp']>; environment: NonNullable<NonNullable<Ports['smtp']>['environment']>; base: string };

/** What a reset link needs here: the server's own SMTP and its address; else, in words, what is missing. */
export function resetDelivery(ports: Ports, links: ResetLinks): ResetDelivery | { missing: string } {
  const smtp = ports.smtp;
  const environment = smtp?.environment ?? null;
  if (!smtp || !environment) {
    return { missing: 'Password reset by email is not set up here: the server needs SMTP_URL. Ask whoever runs Spend Manager to set it, or to reset your password.' };
  }
  const base = links.baseUrl();
  if (!base) return { missing: 'Password reset by email is not set up here: the server does not know its own address (PUBLIC_URL).' };
  return { smtp, environment, base: base.replace(/\/+$/, '') };
}

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export function passwordResetHandlers(ports: Ports, deps: AccountDeps, links: ResetLinks): Pick<HandlersFor<'auth'>, ResetOperations> {
  const { db, clock, logger } = ports;
  const { throttle } = deps;

  /** The server's SMTP and address, or a refusal saying what the administrator has to set up. */
  function delivery() {
    const ready = resetDelivery(ports, links);
    if ('missing' in ready) throw new AppError('unavailable', ready.missing);
    return ready;
  }

  return {
    async 'auth.requestPasswordReset'(ctx, input) {
      const { smtp, environment, base } = delivery();
      // Counted whether or not the account exists: the limits answer alike for both.
      await throttle.resetPerClient.attempt(clientKey('reset', ctx));
      const row = await findUserBySignInName(db, input.identifier);
      await throttle.resetPerAccount.attempt(row ? `reset:account:${row.id}` : `reset:name:${input.identifier}`);
      if (!row) return { message: RESET_REQUESTED };

      const token = randomBytes(32).toString('base64url');
      const now = clock.now();
      const expiresAt = new Date(now.getTime() + PASSWORD_RESET_MINUTES * 60_000);
      await insertPasswordReset(db, { token_hash: hashToken(token), user_id: row.id, created_at: now.toISOString(), expires_at: expiresAt.toISOString(), used_at: null });
      await deleteExpiredPasswordResets(db, now.toISOString(), 20);

      // Sent after answering: an SMTP round trip only for real accounts would tell them apart by time.
      const message = passwordResetEmail({ to: row.email, username: row.username, link: `${base}/#/reset/${token}`, expiresAt });
      void (async () => {
        const mailer = smtp.createMailer(environment.settings, environment.password);
        try {
          await mailer.send(message);
        } finally {
          mailer.close();
        }
      })().catch((error: unknown) => {
        // Never the link: whoever reads the log must not be able to use it.
        logger.error('password reset email failed', { user_id: row.id, error: error instanceof Error ? error.message : String(error) });
      });
      return { message: RESET_REQUESTED };
    },

    async 'auth.resetPassword'(_ctx, input) {
      const tokenHash = hashToken(input.token);
      const refuse = (message: string) => new AppError('bad_request', message, { token: message });
      const found = await findPasswordReset(db, tokenHash);
      const checkedAt = clock.now().toISOString();
      if (!found) throw refuse(RESET_LINK_INVALID);
      if (found.used_at !== null) throw refuse('This reset link has already been used; ask for a new one from the sign-in screen if you need it');
      if (found.expires_at <= checkedAt) throw refuse(`This reset link has expired (links work for ${PASSWORD_RESET_MINUTES} minutes); ask for a new one from the sign-in screen`);

      const password_hash = await hashPassword(input.new_password);
      const now = clock.now().toISOString();
      const userId = await db.transaction().execute(async (trx) => {
        // Compare-and-set: of two uses racing (two tabs, two servers), one wins and the other changes nothing.
        const id = await usePasswordReset(trx, tokenHash, now);
        if (id === null) return null;
        await updateUser(trx, id, { password_hash, updated_at: now });
        await closePasswordResetsOf(trx, id, now);
        await deleteSessionsOfUser(trx, id);
        await deleteSignInChallengesOfUser(trx, id);
        return id;
      });
      if (userId === null) throw refuse('This reset link has already been used or has expired; ask for a new one from the sign-in screen');
      // Earlier wrong guesses no longer matter: the owner just proved they read the account's email.
      await throttle.loginPerAccount.reset(accountKey(userId, ''));
      return { message: 'Your password has been changed and every device was signed out. Sign in with the new password.' };
    },
  };
}
