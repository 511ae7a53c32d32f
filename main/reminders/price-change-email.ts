import { percentChangeText } from '../../common/domain/price-change';
import { type ReminderEmail, emailPage, escapeHtml, formatDate, formatMoney, labelRows, oneLine, safeLink, usableLocale } from './reminder-email';

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

  const html = [
    ...emailPage({
      locale,
      title: subject,
      headline: `${subject}.`,
      maxWidthPx: 560,
      rows: labelRows(rows),
      body: [link ? `<p style="margin:16px 0;">Manage: <a href="${escapeHtml(link)}" style="color:#0969da;">${escapeHtml(link)}</a></p>` : '', `<p style="margin:20px 0;">${escapeHtml(advice)}</p>`],
      footer,
    }),
    '',
  ]
    .filter((line) => line !== '')
    .join('\n');
  return { subject, text: textLines.join('\n'), html };
}
