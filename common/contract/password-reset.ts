import { z } from 'zod';
import { newPasswordField } from './auth';
import { operation } from './define';

// A forgotten password, reset by a one-time link the team server emails (issue 10 §2).

/** How long an emailed link works. */
export const PASSWORD_RESET_MINUTES = 60;

/** 32 random bytes, base64url: the secret part of a reset link (#/reset/<token>). */
export const RESET_TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export const RESET_LINK_INVALID = 'This reset link is not valid; ask for a new one from the sign-in screen';

/** Always the same answer, account or not: the form must not tell who has an account. */
export const RESET_REQUESTED =
  'If an account matches, we have emailed it a link to choose a new password. The link works once, for 1 hour; check your spam folder if it does not arrive.';

export const passwordResetRequestInput = z
  .strictObject({
    username: z.string({ error: 'Username must be text' }).trim().max(254, 'Username must be at most 254 characters').optional(),
    email: z.string({ error: 'Email must be text' }).trim().max(254, 'Email must be at most 254 characters').optional(),
  })
  .superRefine((v, ctx) => {
    if (!v.username && !v.email) ctx.addIssue({ code: 'custom', path: ['username'], message: 'Enter your username or email' });
  })
  .transform((v) => ({ identifier: (v.username || v.email || '').toLowerCase() }));

export const passwordResetInput = z.strictObject({
  token: z.string({ error: RESET_LINK_INVALID }).regex(RESET_TOKEN_PATTERN, RESET_LINK_INVALID),
  new_password: newPasswordField('New password'),
});

export const passwordResetOperations = {
  'auth.requestPasswordReset': operation<{ message: string }>()({
    method: 'POST',
    path: '/api/auth/password-reset/request',
    auth: false,
    input: passwordResetRequestInput,
    summary: 'Email a one-time link to choose a new password (same answer whether or not the account exists)',
  }),
  'auth.resetPassword': operation<{ message: string }>()({
    method: 'POST',
    path: '/api/auth/password-reset',
    auth: false,
    input: passwordResetInput,
    summary: "Set a new password with an emailed link; every session of the account ends and the link stops working",
  }),
};
