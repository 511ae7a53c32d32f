import { PASSWORD_RESET_MINUTES } from '../../common/contract/password-reset';
import type { MailMessage } from '../ports';
import { escapeHtml } from '../reminders/reminder-email';

// The email with a reset link: what it says, in text and HTML.

export interface ResetEmailInput {
  to: string;
  username: string;
  link: string;
  expiresAt: Date;
}

export function passwordResetEmail(input: ResetEmailInput): MailMessage {
  const until = `${input.expiresAt.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  const subject = 'Reset your Spend Manager password';
  const intro = `Someone, hopefully you, asked to reset the password of the Spend Manager account "${input.username}".`;
  const action = `Choose a new password with this link. It works once, for ${PASSWORD_RESET_MINUTES} minutes (until ${until}):`;
  const after = 'Every device signed in to the account is signed out when the password changes.';
  const ignore = 'If it was not you, ignore this email: your password stays as it is.';
  const text = [intro, '', action, '', input.link, '', after, ignore, ''].join('\n');
  const html = [
    '<!doctype html><html lang="en"><head><meta charset="utf-8">',
    `<title>${escapeHtml(subject)}</title></head>`,
    '<body style="font-family:system-ui,sans-serif;font-size:15px;line-height:1.5;color:#1f2328;">',
    `<p>${escapeHtml(intro)}</p>`,
    `<p>${escapeHtml(action)}</p>`,
    `<p><a href="${escapeHtml(input.link)}" style="color:#0969da;">Choose a new password</a></p>`,
    `<p style="font-size:13px;color:#59636e;">${escapeHtml(after)} ${escapeHtml(ignore)}</p>`,
    '</body></html>',
  ].join('');
  return { to: input.to, subject, text, html };
}
