import { percentChangeText } from '../../common/domain/price-change';
import { type ReminderEmail, escapeHtml, formatDate, formatMoney, oneLine, safeLink, usableLocale } from './reminder-email';

// The price-change alert (issue 13), as a pure function of the payment it is about: "Slack went from $87.50 to
// $96.25 (+10 %) on Mar 3, 2026". Money and dates are formatted as the reminder mails format them, in the payment's
// currency and the recipient's locale.

export interface PriceChangeEmailInput {
  expenseName: string;
  currency: string;
  currencyExponent: number;
  expectedMinor: number;
  actualMinor: number;
  /** The day it was paid (YYYY-MM-DD). */
  paidOn: string;
  url: string | null;
  locale: string;
  companyName?: string | null;
}

/** "Slack went from $87.50 to $96.25 (+10 %) on Mar 3, 2026": subject, headline and notification title alike. */
export function priceChangeHeadline(input: Omit<PriceChangeEmailInput, 'url' | 'companyName'>): string {
  const locale = usableLocale(input.locale);
  const name = oneLine(input.expenseName) || 'Your subscription';
  const money = (minor: number) => formatMoney(minor, input.currency, input.currencyExponent, locale);
  const percent = percentChangeText(input.expectedMinor, input.actualMinor);
  return `${name} went from ${money(input.expectedMinor)} to ${money(input.actualMinor)}${percent === null ? '' : ` (${percent})`} on ${formatDate(input.paidOn, locale)}`;
}

export function renderPriceChangeEmail(input: PriceChangeEmailInput): ReminderEmail {
  const locale = usableLocale(input.locale);
  const money = (minor: number) => formatMoney(minor, input.currency, input.currencyExponent, locale);
  const subject = priceChangeHeadline(input);
  const more = input.actualMinor > input.expectedMinor;
  const rows: [string, string][] = [
    ['Expected', money(input.expectedMinor)],
    ['Paid', money(input.actualMinor)],
    ['Difference', `${more ? '+' : ''}${money(input.actualMinor - input.expectedMinor)}`],
    ['Paid on', formatDate(input.paidOn, locale)],
  ];
  const advice = more
    ? 'If nobody agreed to the new price, ask the vendor why, or review the plan before its next renewal.'
    : 'If the plan changed, update the subscription so its forecast and reminders use the new price.';
  const link = safeLink(input.url);
  const company = input.companyName ? oneLine(input.companyName) : '';
  const footer = company ? `Sent by Spend Manager for ${company}.` : 'Sent by Spend Manager.';

  const textLines = [`${subject}.`, '', ...rows.map(([label, value]) => `${label}: ${value}`)];
  if (link) textLines.push(`Manage: ${link}`);
  textLines.push('', advice, '', '-- ', footer, '');

  const muted = 'color:#59636e;';
  const table = rows
    .map(
      ([label, value]) =>
        `<tr><th scope="row" style="text-align:left;vertical-align:top;padding:6px 16px 6px 0;${muted}font-weight:normal;white-space:nowrap;">${escapeHtml(label)}</th>` +
        `<td style="padding:6px 0;">${escapeHtml(value)}</td></tr>`,
    )
    .join('\n');
  const html = [
    '<!DOCTYPE html>',
    `<html lang="${escapeHtml(locale)}">`,
    '<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(subject)}</title></head>`,
    '<body style="margin:0;padding:24px;background:#f6f8fa;font-family:-apple-system,\'Segoe UI\',Roboto,Helvetica,Arial,sans-serif;font-size:15px;line-height:1.5;color:#1f2328;">',
    '<div style="max-width:560px;margin:0 auto;background:#ffffff;border:1px solid #d1d9e0;border-radius:8px;padding:24px;">',
    `<h1 style="font-size:19px;line-height:1.3;margin:0 0 16px;">${escapeHtml(subject)}.</h1>`,
    `<table role="presentation" style="border-collapse:collapse;margin:0 0 8px;">\n${table}\n</table>`,
    link ? `<p style="margin:16px 0;">Manage: <a href="${escapeHtml(link)}" style="color:#0969da;">${escapeHtml(link)}</a></p>` : '',
    `<p style="margin:20px 0;">${escapeHtml(advice)}</p>`,
    `<p style="margin:0;${muted}font-size:12px;">${escapeHtml(footer)}</p>`,
    '</div>',
    '</body>',
    '</html>',
    '',
  ]
    .filter((line) => line !== '')
    .join('\n');
  return { subject, text: textLines.join('\n'), html };
}
