import { z } from 'zod';
import type { User } from './auth';
import { PASSWORD_MAX } from './auth';
import { operation } from './define';

// Two-factor sign-in with a TOTP app (issue 10 §2): turning it on and off, and the code step of signing in.

export interface TwoFactorStatus {
  enabled: boolean;
  enabled_at: string | null;
  /** Recovery codes not used yet (0 when off). */
  recovery_codes_left: number;
}

/** What an authenticator app needs: the secret as text and as an otpauth:// URI (what a QR code holds). */
export interface TwoFactorSetup {
  secret: string;
  uri: string;
}

/** The first step of a sign-in with two-factor on: no session yet, a challenge to complete with a code. */
export interface TwoFactorChallenge {
  challenge: string;
  expires_at: string;
}

export type LoginResult = { user: User } | { two_factor: TwoFactorChallenge };

export const RECOVERY_CODE_COUNT = 10;
/** How long the code step of a sign-in may take. */
export const CHALLENGE_MINUTES = 5;
export const CHALLENGE_PATTERN = /^[A-Za-z0-9_-]{43}$/;

const totpCode = z
  .string({ error: 'Code is required' })
  .transform((v) => v.replace(/\s+/g, ''))
  .pipe(z.string().regex(/^\d{6}$/, 'Code must be the 6 digits your authenticator app shows'));

/** A 6-digit code from the app, or one of the recovery codes (xxxxx-xxxxx). */
const codeOrRecovery = z
  .string({ error: 'Code is required' })
  .transform((v) => v.replace(/\s+/g, ''))
  .pipe(
    z
      .string()
      .min(1, 'Enter the 6-digit code from your authenticator app, or a recovery code')
      .max(64, 'Code must be the 6 digits your app shows, or a recovery code like abcde-12345'),
  );

export const twoFactorConfirmInput = z.strictObject({ code: totpCode });

const currentPassword = (purpose: string) =>
  z.string({ error: 'Password is required' }).min(1, `Enter your password to ${purpose}`).max(PASSWORD_MAX, `Password must be at most ${PASSWORD_MAX} characters`);

/** The password, so that a borrowed session cannot put its own phone between the owner and the account. */
export const twoFactorBeginInput = z.strictObject({ password: currentPassword('turn two-factor sign-in on') });

export const twoFactorDisableInput = z.strictObject({
  password: currentPassword('turn two-factor sign-in off'),
  code: codeOrRecovery,
});

export const twoFactorVerifyInput = z.strictObject({
  challenge: z.string({ error: 'This sign-in has expired; sign in again' }).regex(CHALLENGE_PATTERN, 'This sign-in has expired; sign in again'),
  code: codeOrRecovery,
});

const empty = z.strictObject({});

export const twoFactorOperations = {
  'auth.twoFactor.status': operation<TwoFactorStatus>()({
    method: 'GET',
    path: '/api/auth/two-factor',
    auth: true,
    // The account's own sign-in, whatever workspace the caller acts in.
    role: 'viewer',
    scope: 'account',
    input: empty,
    summary: 'Whether two-factor sign-in is on, and how many recovery codes are left',
  }),
  'auth.twoFactor.begin': operation<TwoFactorSetup>()({
    method: 'POST',
    path: '/api/auth/two-factor/begin',
    auth: true,
    role: 'viewer',
    scope: 'account',
    input: twoFactorBeginInput,
    summary: 'A new secret for an authenticator app (needs the password); two-factor stays off until a code confirms it',
  }),
  'auth.twoFactor.confirm': operation<{ recovery_codes: string[] }>()({
    method: 'POST',
    path: '/api/auth/two-factor/confirm',
    auth: true,
    role: 'viewer',
    scope: 'account',
    input: twoFactorConfirmInput,
    summary: 'Turn two-factor sign-in on with a code from the app; answers the recovery codes, shown this once',
  }),
  'auth.twoFactor.disable': operation<{ message: string }>()({
    method: 'POST',
    path: '/api/auth/two-factor/disable',
    auth: true,
    role: 'viewer',
    scope: 'account',
    input: twoFactorDisableInput,
    summary: 'Turn two-factor sign-in off (needs the password and a code or recovery code)',
  }),
  'auth.twoFactor.verify': operation<{ user: User }>()({
    method: 'POST',
    path: '/api/auth/two-factor/verify',
    auth: false,
    input: twoFactorVerifyInput,
    summary: 'Complete a sign-in with the code from the app, or a recovery code (each works once)',
  }),
};
