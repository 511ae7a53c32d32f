import { createSmtpMailer } from '../../../main/reminders/mailer';
import type { SmtpTransport } from '../../../main/reminders/smtp-account';
import type { ReceivedMail, TestSmtpServer } from '../../support/smtp-server';

// The team server's own SMTP (what SMTP_URL gives it), pointed at a loopback test server it trusts.

export const PUBLIC_URL = 'https://spend.company.test';

export function serverSmtp(server: TestSmtpServer): SmtpTransport {
  return {
    environment: { settings: { host: server.host, port: server.port, security: 'starttls', username: '', from: 'Spend Manager <no-reply@company.test>' }, password: null },
    createMailer: (settings, password) => createSmtpMailer(settings, password, { ca: server.ca }),
  };
}

/** The token of the reset link in a mail's text (and checks the HTML links to the same place). */
export function resetTokenOf(mail: ReceivedMail): string {
  const match = /https:\/\/spend\.company\.test\/#\/reset\/([A-Za-z0-9_-]{43})/.exec(mail.text ?? '');
  if (!match) throw new Error(`no reset link in: ${mail.text}`);
  if (!String(mail.html).includes(`href="${match[0]}"`)) throw new Error('the HTML part does not link to the same reset page');
  return match[1]!;
}
