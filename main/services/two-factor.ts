import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { User } from '../../common/contract';
import { CHALLENGE_MINUTES, type TwoFactorChallenge } from '../../common/contract/two-factor';
import { AppError } from '../../common/errors';
import type { Ports } from '../core/context';
import type { HandlersFor } from '../core/handlers';
import type { Database } from '../db/schema';
import {
  deleteExpiredSignInChallenges,
  deleteSignInChallenge,
  findLiveSignInChallenge,
  insertSignInChallenge,
} from '../db/repositories/sign-in-challenges';
import { countUnusedRecoveryCodes, deleteRecoveryCodesOfUser, replaceRecoveryCodes, useRecoveryCode } from '../db/repositories/recovery-codes';
import { beginTwoFactor, deleteTwoFactor, enableTwoFactor, findTwoFactor, useTimeStep } from '../db/repositories/two-factor';
import { findUserById } from '../db/repositories/users';
import type { SecretBox } from '../secrets/secret-box';
import { looksLikeTotpCode, newRecoveryCodes, recoveryCodeHash } from './recovery-codes';
import { newTotpSecret, totpTimeStep, totpUri } from './totp';
import { confirmPassword, toUser, type AccountDeps } from './users';

// auth.twoFactor.*: turning TOTP two-factor sign-in on and off, and the code step of a sign-in.

const ALREADY_ON = 'Two-factor sign-in is already on; turn it off first to move it to another app';
const WRONG_CODE = 'That code is not right: type the 6 digits your authenticator app shows now, or an unused recovery code';
const EXPIRED = 'This sign-in has expired; sign in again';

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/**
 * Whether the account signs in with a code. The hook for workspaces that require two-factor sign-in
 * (helper "ws"): the door refuses their operations to a member for whom this is false.
 */
export async function isTwoFactorEnabled(db: Kysely<Database>, userId: number): Promise<boolean> {
  return (await findTwoFactor(db, userId))?.enabled_at != null;
}

export interface TwoFactor {
  handlers: Pick<HandlersFor<'auth'>, 'auth.twoFactor.status' | 'auth.twoFactor.begin' | 'auth.twoFactor.confirm' | 'auth.twoFactor.disable' | 'auth.twoFactor.verify'>;
  /** After the right password: a challenge to complete with a code when two-factor is on, else null. */
  challengeFor(userId: number): Promise<TwoFactorChallenge | null>;
}

export function createTwoFactor(ports: Ports, deps: AccountDeps, box: SecretBox): TwoFactor {
  const { db, clock } = ports;
  const { throttle } = deps;
  const codeKey = (userId: number) => `2fa:account:${userId}`;

  /** Uses a code of an account with two-factor on: a TOTP code (never the same step twice) or a recovery code (once). */
  async function useCode(userId: number, code: string): Promise<boolean> {
    const row = await findTwoFactor(db, userId);
    if (!row?.enabled_at) return false;
    if (!looksLikeTotpCode(code)) return useRecoveryCode(db, userId, recoveryCodeHash(code), clock.now().toISOString());
    const step = await totpTimeStep(await box.open(row.secret_sealed), code, clock.now(), row.last_time_step);
    return step !== null && (await useTimeStep(db, userId, step));
  }

  /** A wrong code counts against the account; a right one forgets its earlier misses. */
  async function checkCode(userId: number, code: string, refusal: (message: string) => AppError): Promise<void> {
    await throttle.twoFactorPerAccount.attempt(codeKey(userId));
    if (!(await useCode(userId, code))) throw refusal(WRONG_CODE);
    await throttle.twoFactorPerAccount.reset(codeKey(userId));
  }

  const handlers: TwoFactor['handlers'] = {
    async 'auth.twoFactor.status'(ctx) {
      const row = await findTwoFactor(db, ctx.userId);
      const enabled = row?.enabled_at != null;
      return { enabled, enabled_at: row?.enabled_at ?? null, recovery_codes_left: enabled ? await countUnusedRecoveryCodes(db, ctx.userId) : 0 };
    },

    async 'auth.twoFactor.begin'(ctx, input) {
      const user = await confirmPassword(db, throttle, ctx.userId, input.password, 'password');
      if (await isTwoFactorEnabled(db, ctx.userId)) throw new AppError('conflict', ALREADY_ON);
      const secret = newTotpSecret();
      // Only the sealed secret is stored; this answer is the one time it is shown.
      if (!(await beginTwoFactor(db, ctx.userId, await box.seal(secret), clock.now().toISOString()))) throw new AppError('conflict', ALREADY_ON);
      return { secret, uri: totpUri(secret, user.email) };
    },

    async 'auth.twoFactor.confirm'(ctx, input) {
      const row = await findTwoFactor(db, ctx.userId);
      if (row?.enabled_at) throw new AppError('conflict', ALREADY_ON);
      if (!row) throw new AppError('bad_request', 'Set up your authenticator app first (Turn on two-factor sign-in)', { code: 'Set up your authenticator app first' });
      await throttle.twoFactorPerAccount.attempt(codeKey(ctx.userId));
      const now = clock.now();
      const step = await totpTimeStep(await box.open(row.secret_sealed), input.code, now, null);
      const notRight = "That code is not right: type the 6 digits the app shows now (and check that your phone's clock is set automatically)";
      if (step === null) throw new AppError('validation', notRight, { code: notRight });
      const codes = newRecoveryCodes();
      const at = now.toISOString();
      const enabled = await db.transaction().execute(async (trx) => {
        // Only the secret this code was checked against is turned on (a second "begin" meanwhile replaced it).
        if (!(await enableTwoFactor(trx, ctx.userId, row.secret_sealed, step, at))) return false;
        await replaceRecoveryCodes(trx, ctx.userId, codes.map((code) => ({ user_id: ctx.userId, code_hash: recoveryCodeHash(code), created_at: at, used_at: null })));
        return true;
      });
      if (!enabled) throw new AppError('conflict', 'The setup changed in another window meanwhile; start again');
      await throttle.twoFactorPerAccount.reset(codeKey(ctx.userId));
      return { recovery_codes: codes };
    },

    async 'auth.twoFactor.disable'(ctx, input) {
      await confirmPassword(db, throttle, ctx.userId, input.password, 'password');
      if (!(await isTwoFactorEnabled(db, ctx.userId))) throw new AppError('conflict', 'Two-factor sign-in is not on');
      await checkCode(ctx.userId, input.code, (message) => new AppError('forbidden', message, { code: message }));
      await db.transaction().execute(async (trx) => {
        await deleteRecoveryCodesOfUser(trx, ctx.userId);
        await deleteTwoFactor(trx, ctx.userId);
      });
      return { message: 'Two-factor sign-in is off: signing in needs only your password now' };
    },

    async 'auth.twoFactor.verify'(ctx, input) {
      const challengeHash = hashToken(input.challenge);
      const found = await findLiveSignInChallenge(db, challengeHash, clock.now().toISOString());
      if (!found) throw new AppError('unauthorized', EXPIRED, { challenge: EXPIRED });
      await checkCode(found.user_id, input.code, (message) => new AppError('unauthorized', message, { code: message }));
      // A challenge completes once, whichever server or tab gets there first.
      if (!(await deleteSignInChallenge(db, challengeHash))) throw new AppError('unauthorized', EXPIRED, { challenge: EXPIRED });
      const user = await findUserById(db, found.user_id);
      if (!user) throw new AppError('unauthorized', EXPIRED, { challenge: EXPIRED });
      await ctx.session.signIn(user.id);
      return { user: toUser(user) satisfies User };
    },
  };

  return {
    handlers,
    async challengeFor(userId) {
      if (!(await isTwoFactorEnabled(db, userId))) return null;
      const challenge = randomBytes(32).toString('base64url');
      const now = clock.now();
      const expires = new Date(now.getTime() + CHALLENGE_MINUTES * 60_000).toISOString();
      await insertSignInChallenge(db, { token_hash: hashToken(challenge), user_id: userId, created_at: now.toISOString(), expires_at: expires });
      await deleteExpiredSignInChallenges(db, now.toISOString(), 20);
      return { challenge, expires_at: expires };
    },
  };
}
