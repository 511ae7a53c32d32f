import { z } from 'zod';
import { operation } from './define';

export interface AppStatus {
  /** false on a fresh install: the UI opens on "Create your account". */
  has_accounts: boolean;
  /** Whether a forgotten password can be reset by an emailed link here (a team server with SMTP_URL and its address). */
  password_reset: boolean;
  version: string;
}

export const appOperations = {
  'app.status': operation<AppStatus>()({
    method: 'GET',
    path: '/api/app/status',
    auth: false,
    input: z.strictObject({}),
    summary: 'Whether any account exists, whether a forgotten password can be reset by email, and the app version',
  }),
};
