import { z } from 'zod';
// The same schema also parses SMTP_URL on the main side.
import { smtpSettingsInput } from '../domain/smtp-config';
import { operation } from './define';
import { emailField } from './fields';
import type { SmtpSummary } from './settings';

export { smtpSettingsInput };

export const smtpTestInput = z.strictObject({
  /** Defaults to the account's email. */
  to: emailField.optional(),
});

export const smtpOperations = {
  'smtp.update': operation<{ smtp: SmtpSummary; warning: string | null }>()({
    method: 'PUT',
    path: '/api/settings/smtp',
    auth: true,
    role: 'viewer',
    scope: 'account',
    input: smtpSettingsInput,
    summary: 'Save SMTP host, port, security, username, sender; password to the OS keychain (omit: keep, "": remove)',
  }),
  'smtp.clear': operation<{ smtp: null }>()({
    method: 'DELETE',
    path: '/api/settings/smtp',
    auth: true,
    role: 'viewer',
    scope: 'account',
    input: z.strictObject({}),
    summary: 'Forget the SMTP settings and password (reminders go out as OS notifications only)',
  }),
  'smtp.test': operation<{ message: string; to: string; message_id: string; response: string }>()({
    method: 'POST',
    path: '/api/settings/smtp/test',
    auth: true,
    role: 'viewer',
    scope: 'account',
    input: smtpTestInput,
    summary: "Send a test email; a failure carries the SMTP server's exact error (502)",
  }),
};
