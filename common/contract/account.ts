import { z } from 'zod';
import type { User } from './auth';
import { companyNameField, newPasswordField, PASSWORD_MAX, usernameField } from './auth';
import { operation } from './define';
import { emailField } from './fields';

// The signed-in account managing itself: profile, password, sessions, deletion.

export interface AccountSession {
  /** A public id for this list; never the token nor its stored hash. */
  id: string;
  kind: 'web' | 'desktop';
  /** "Chrome on macOS", "Spend Manager desktop", or "Unknown browser". */
  device: string;
  created_at: string;
  /** Updated at most every few minutes, so it is approximate to that. */
  last_seen_at: string;
  expires_at: string;
  /** The session this request came from ("This device"). */
  current: boolean;
}

/** 16 random bytes, base64url: what account.sessions lists. */
export const SESSION_ID_PATTERN = /^[A-Za-z0-9_-]{22}$/;

export const sessionIdField = z
  .string({ error: 'Session id is required' })
  .regex(SESSION_ID_PATTERN, 'Session id must be one of the ids from the sessions list');

const currentPassword = z
  .string({ error: 'Current password is required' })
  .min(1, 'Current password is required')
  .max(PASSWORD_MAX, `Current password must be at most ${PASSWORD_MAX} characters`);

export const accountUpdateInput = z
  .strictObject({
    email: emailField.optional(),
    username: usernameField.optional(),
    company_name: companyNameField.optional(),
  })
  .refine((v) => v.email !== undefined || v.username !== undefined || v.company_name !== undefined, {
    message: 'Send at least one of email, username or company_name',
    path: ['_'],
  });

export const passwordChangeInput = z
  .strictObject({
    current_password: currentPassword,
    new_password: newPasswordField('New password'),
  })
  .refine((v) => v.current_password !== v.new_password, {
    message: 'New password must differ from the current one',
    path: ['new_password'],
  });

export const accountDeleteInput = z.strictObject({
  password: z
    .string({ error: 'Password is required' })
    .min(1, 'Enter your password to delete the account')
    .max(PASSWORD_MAX, `Password must be at most ${PASSWORD_MAX} characters`),
});

const empty = z.strictObject({});

export const accountOperations = {
  'account.update': operation<{ user: User }>()({
    method: 'PUT',
    path: '/api/account',
    auth: true,
    role: 'viewer',
    scope: 'account',
    input: accountUpdateInput,
    summary: 'Change the email, username or company name of the signed-in account',
  }),
  'account.changePassword': operation<{ message: string; signed_out: number }>()({
    method: 'PUT',
    path: '/api/account/password',
    auth: true,
    role: 'viewer',
    scope: 'account',
    input: passwordChangeInput,
    summary: 'Change the password; every other session of the account is signed out',
  }),
  'account.sessions': operation<{ sessions: AccountSession[] }>()({
    method: 'GET',
    path: '/api/account/sessions',
    auth: true,
    role: 'viewer',
    scope: 'account',
    input: empty,
    summary: 'Where the account is signed in',
  }),
  'account.endSession': operation<{ message: string }>()({
    method: 'DELETE',
    path: '/api/account/sessions/:id',
    auth: true,
    role: 'viewer',
    scope: 'account',
    input: z.strictObject({ id: sessionIdField }),
    summary: 'Sign one session out',
  }),
  'account.endOtherSessions': operation<{ message: string; signed_out: number }>()({
    method: 'POST',
    path: '/api/account/sessions/end-others',
    auth: true,
    role: 'viewer',
    scope: 'account',
    input: empty,
    summary: 'Sign out everywhere except this session',
  }),
  'account.delete': operation<{ message: string }>()({
    method: 'POST',
    path: '/api/account/delete',
    auth: true,
    role: 'viewer',
    scope: 'account',
    input: accountDeleteInput,
    summary: 'Delete the account and all its data (a backup of the data file is kept first)',
  }),
};
