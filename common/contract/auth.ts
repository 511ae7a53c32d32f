import { z } from 'zod';
import { operation } from './define';
import { emailField } from './fields';
import type { LoginResult } from './two-factor';

export interface User {
  id: number;
  email: string;
  username: string;
  company_name: string | null;
  created_at: string;
  updated_at: string;
}

export const PASSWORD_MIN = 8;
// scrypt cost grows with input length; a cap keeps one request from hogging the pool.
export const PASSWORD_MAX = 1024;

/** A new password (registration, change password): the same rules everywhere. */
export const newPasswordField = (label = 'Password') =>
  z
    .string({ error: `${label} is required` })
    .min(PASSWORD_MIN, `${label} must be at least ${PASSWORD_MIN} characters`)
    .max(PASSWORD_MAX, `${label} must be at most ${PASSWORD_MAX} characters`);

/** Stored lower-cased, so sign-in and uniqueness ignore letter case. */
export const usernameField = z
  .string({ error: 'Username is required' })
  .trim()
  .min(3, 'Username must be at least 3 characters')
  .max(32, 'Username must be at most 32 characters')
  .regex(/^[A-Za-z0-9_.-]+$/, 'Username may use letters, digits, dots, dashes and underscores')
  .toLowerCase();

/** Empty or missing means "no company name". */
export const companyNameField = z
  .string({ error: 'Company name must be text' })
  .trim()
  .max(200, 'Company name must be at most 200 characters')
  .nullish()
  .transform((v) => (v ? v : null));

export const registerInput = z.strictObject({
  email: emailField,
  username: usernameField,
  password: newPasswordField(),
  company_name: companyNameField,
});

export const loginInput = z
  .strictObject({
    username: z.string({ error: 'Username must be text' }).trim().max(254).optional(),
    email: z.string({ error: 'Email must be text' }).trim().max(254).optional(),
    password: z.string({ error: 'Password is required' }).min(1, 'Password is required').max(PASSWORD_MAX),
  })
  .superRefine((v, ctx) => {
    if (!v.username && !v.email) {
      ctx.addIssue({ code: 'custom', path: ['username'], message: 'Enter your username or email' });
    }
  })
  .transform((v) => ({ identifier: (v.username || v.email || '').toLowerCase(), password: v.password }));

const empty = z.strictObject({});

export const authOperations = {
  'auth.register': operation<{ user: User }>()({
    method: 'POST',
    path: '/api/auth/register',
    status: 201,
    auth: false,
    input: registerInput,
    summary: 'Create an account and sign in',
  }),
  'auth.login': operation<LoginResult>()({
    method: 'POST',
    path: '/api/auth/login',
    auth: false,
    input: loginInput,
    summary: 'Sign in with username or email and password (with two-factor on: a challenge for the code step, no session yet)',
  }),
  'auth.logout': operation<{ message: string }>()({
    method: 'POST',
    path: '/api/auth/logout',
    auth: false,
    input: empty,
    summary: 'Sign out',
  }),
  'auth.me': operation<{ user: User }>()({
    method: 'GET',
    path: '/api/auth/me',
    auth: true,
    role: 'viewer',
    scope: 'account',
    input: empty,
    summary: 'The signed-in account',
  }),
};
