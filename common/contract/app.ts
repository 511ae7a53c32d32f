import { z } from 'zod';
import { operation } from './define';

export interface AppStatus {
  /** false on a fresh install: the UI opens on "Create your account". */
  has_accounts: boolean;
  version: string;
}

export const appOperations = {
  'app.status': operation<AppStatus>()({
    method: 'GET',
    path: '/api/app/status',
    auth: false,
    input: z.strictObject({}),
    summary: 'Whether any account exists, and the app version',
  }),
};
