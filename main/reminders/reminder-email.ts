import { type DateReminderKind, joinWords } from '../../common/domain/reminder-plan';

// The reminder email, as a pure function of what the scheduler knows about one occurrence.
// Wording is English; `locale` shapes amounts and dates.

type ReminderKind = DateReminderKind;
export type { DateReminderKind };

/** One day a reminder is about. */
export interface ReminderOccurrence {
  /** renewal: the charge date; notice: the last day to cancel; trial: the day the trial ends; follow_up: a negotiation's follow-up day. */
  kind: ReminderKind;
  /** YYYY-MM-DD, a calendar date (no time zone). */
  targetDate: string;
  /** Whole days from today to targetDate; 0 = today, negative = already past. */
  daysLeft: number;
}

export interface ReminderEmailInput extends ReminderOccurrence {
  expenseName: string;
  /**
   * More occurrences of the same subscription going out at the same moment (a trial ending on its
   * renewal date): told in this one message, in the order given, after the first.
   */
  alongside?: readonly ReminderOccurrence[];
  amountMinor: number;
  currency: string;
  currencyExponent: number;
  /** "monthly", "yearly", "every 2 weeks"... */
  cycleLabel: string;
  yearlyCostMinor: number | null;
  url: string | null;
  locale: string;
  companyName?: string | null;
}

export interface ReminderEmail {
  subject: string;
  text: string;
  html: string;
}

const FALLBACK_LOCALE = 'en-US';

export function renderReminderEmail(input: ReminderEmailInput): ReminderEmail {
  const locale = usableLocale(input.locale);
  const name = oneLine(input.expenseName) || 'Your subscription';
  const amount = formatMoney(input.amountMinor, input.currency, input.currencyExponent, locale);
  const yearly =
    input.yearlyCostMinor === null ? null : formatMoney(input.yearlyCostMinor, input.currency, input.currencyExponent, locale);
  const cycle = oneLine(input.cycleLabel);
  const link = safeLink(input.url);
  const rawUrl = input.url === null ? '' : oneLine(input.url);
  const company = input.companyName ? oneLine(input.companyName) : '';

  const told = [{ kind: input.kind, targetDate: input.targetDate, daysLeft: input.daysLeft }, ...(input.alongside ?? [])];
  const copies = told.map((o) => {
    const date = formatDate(o.targetDate, locale);
    return { ...wording(o.kind, name, date, amount, Math.trunc(o.daysLeft)), kind: o.kind, date, days: Math.trunc(o.daysLeft) };
  });
  const copy = copies.length === 1 ? copies[0]! : merged(name, amount, copies);

  const rows: [label: string, value: string][] = [['Amount', cycle ? `${amount}, billed ${cycle}` : amount]];
  for (const c of copies) rows.push([c.dateLabel, c.date]);
  if (yearly !== null) rows.push(['Yearly cost', yearly]);

  const footer = company ? `Sent by Spend Manager for ${company}.` : 'Sent by Spend Manager.';

  const textLines = [copy.headline, '', ...rows.map(([label, value]) => `${label}: ${value}`)];
  if (rawUrl) textLines.push(`Manage or cancel: ${rawUrl}`);
  textLines.push('', 'Do you still need this?', copy.advice, '', '-- ', footer, '');
  const text = textLines.join('\n');

  const html = renderHtml({ locale, subject: copy.subject, headline: copy.headline, rows, link, rawUrl, advice: copy.advice, footer });

  return { subject: copy.subject, text, html };
}

export function inDaysOf(days: number): string {
  return days === 0 ? 'today' : days === 1 ? 'tomorrow' : `in ${days} days`;
}

interface Copy {
  subject: string;
  headline: string;
  dateLabel: string;
  advice: string;
}


// Short clauses for a subject that tells several days at once; a notice keeps its own "when".
function clause(kind: ReminderKind, days: number, date: string): { what: string; when: string } {
  const passed = days < 0;
  switch (kind) {
    case 'renewal':
      // Always after the trial or the deadline (the order they are told in), so "it" has a subject.
      return passed ? { what: 'it renewed', when: `on ${date}` } : { what: 'it renews', when: inDaysOf(days) };
    case 'trial':
      return passed ? { what: 'the trial ended', when: `on ${date}` } : { what: 'the trial ends', when: inDaysOf(days) };
    case 'notice':
      return passed ? { what: 'the last day to cancel was', when: date } : { what: 'the last day to cancel is', when: inDaysOf(days) };
    case 'follow_up':
      return passed ? { what: 'the negotiation follow-up was', when: date } : { what: 'the negotiation follow-up is', when: inDaysOf(days) };
  }
}

/** One message for several occurrences: every headline, the first (most pressing) advice. */
function merged(name: string, amount: string, copies: (Copy & { kind: ReminderKind; date: string; days: number })[]): Copy {
  const clauses = copies.map((c) => ({ kind: c.kind, ...clause(c.kind, c.days, c.date) }));
  // "the trial ends and it renews in 7 days": a shared "when" is said once, except after "is"/"was".
  const parts = clauses.map((c, i) => {
    const next = clauses[i + 1];
    const said = (k: ReminderKind) => k === 'notice' || k === 'follow_up';
    const shared = next !== undefined && next.when === c.when && !said(c.kind) && !said(next.kind);
    return shared ? c.what : `${c.what} ${c.when}`;
  });
  return {
    subject: `${name}: ${joinWords(parts)} — ${amount}`,
    headline: copies.map((c) => c.headline).join(' '),
    dateLabel: copies[0]!.dateLabel,
    advice: copies[0]!.advice,
  };
}

function wording(kind: ReminderKind, name: string, date: string, amount: string, days: number): Copy {
  const inDays = inDaysOf(days);
  const onDate = days === 0 || days === 1 ? `${inDays}, ${date}` : `${inDays}, on ${date}`;
  switch (kind) {
    case 'renewal':
      return days < 0
        ? {
            subject: `${name} renewed on ${date} — ${amount}`,
            headline: `${name} renewed on ${date}.`,
            dateLabel: 'Renewed on',
            advice: 'If not, cancel it now so the next renewal does not charge you again.',
          }
        : {
            subject: `${name} renews ${inDays} — ${amount}`,
            headline: `${name} renews ${onDate}.`,
            dateLabel: 'Renews on',
            advice: `If not, cancel it before ${date} to avoid the charge.`,
          };
    case 'notice':
      return days < 0
        ? {
            subject: `The last day to cancel ${name} was ${date}`,
            headline: `The last day to cancel ${name} was ${date}.`,
            dateLabel: 'Last day to cancel',
            advice: 'If not, cancel it now so it does not renew another time.',
          }
        : {
            subject: `Last day to cancel ${name} is ${inDays} (${date})`,
            headline: `The last day to cancel ${name} is ${onDate}.`,
            dateLabel: 'Last day to cancel',
            advice: `If not, cancel it by ${date}; after that it renews for ${amount}.`,
          };
    case 'follow_up':
      return days < 0
        ? {
            subject: `Follow up on ${name}: the negotiation was to be picked up on ${date}`,
            headline: `You planned to follow up on the negotiation of ${name} on ${date}.`,
            dateLabel: 'Follow up on',
            advice: 'If the price did not move, decide its renewal review: keep, downgrade or cancel it.',
          }
        : {
            subject: `Follow up on ${name} ${inDays}: your negotiation`,
            headline: `You planned to follow up on the negotiation of ${name} ${onDate}.`,
            dateLabel: 'Follow up on',
            advice: 'Record what you got on the Reviews screen: keep, downgrade or cancel it before its last day to cancel.',
          };
    case 'trial':
      return days < 0
        ? {
            subject: `Your ${name} trial ended on ${date}`,
            headline: `Your ${name} trial ended on ${date}.`,
            dateLabel: 'Trial ended on',
            advice: 'If not, cancel it now before the next charge.',
          }
        : {
            subject: `Your ${name} trial ends ${inDays}`,
            headline: `Your ${name} trial ends ${onDate}. After that it costs ${amount}.`,
            dateLabel: 'Trial ends on',
            advice: `If not, cancel it before ${date} to avoid the first charge.`,
          };
  }
}

interface HtmlParts {
  locale: string;
  subject: string;
  headline: string;
  rows: [string, string][];
  link: string | null;
  rawUrl: string;
  advice: string;
  footer: string;
}

function renderHtml(p: HtmlParts): string {
  let manage = '';
  if (p.link) {
    // The link text is the normalised href itself, so what the user reads is where it goes.
    manage = `<p style="margin:16px 0;">Manage or cancel: <a href="${escapeHtml(p.link)}" style="color:#0969da;">${escapeHtml(p.link)}</a></p>`;
  } else if (p.rawUrl) {
    // Not http(s): shown so the user recognises it, but never made clickable.
    manage = `<p style="margin:16px 0;">Manage or cancel: <span style="font-family:monospace;">${escapeHtml(p.rawUrl)}</span></p>`;
  }
  return [
    ...emailPage({
      locale: p.locale,
      title: p.subject,
      headline: p.headline,
      maxWidthPx: 560,
      rows: labelRows(p.rows),
      body: [manage, '<p style="margin:20px 0 4px;font-size:16px;font-weight:600;">Do you still need this?</p>', `<p style="margin:0 0 20px;">${escapeHtml(p.advice)}</p>`],
      footer: p.footer,
    }),
    '',
  ]
    .filter((line) => line !== '')
    .join('\n');
}

// Building an Intl formatter costs ~0.1 ms (a catch-up renders thousands of messages): one per locale and currency.
const moneyFormats = new Map<string, Intl.NumberFormat>();
const dateFormats = new Map<string, Intl.DateTimeFormat>();

/** Minor units → exact decimal string → Intl, so 12345 with exponent 3 is 12.345, never 12.344999. */
export function formatMoney(amountMinor: number, currency: string, exponent: number, locale: string): string {
  if (!Number.isSafeInteger(amountMinor)) throw new RangeError(`Amount must be a whole number of minor units: ${amountMinor}`);
  if (!Number.isInteger(exponent) || exponent < 0 || exponent > 20) throw new RangeError(`Currency exponent must be 0–20: ${exponent}`);
  const digits = String(Math.abs(amountMinor)).padStart(exponent + 1, '0');
  const whole = exponent === 0 ? digits : digits.slice(0, -exponent);
  const fraction = exponent === 0 ? '' : `.${digits.slice(-exponent)}`;
  const decimal = `${amountMinor < 0 ? '-' : ''}${whole}${fraction}` as `${number}`;
  const key = `${locale}|${currency}|${exponent}`;
  let format = moneyFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, {
      style: 'currency',
      currency,
      // Our exponent, not CLDR's, decides the digits: the stored minor units are the truth.
      minimumFractionDigits: exponent,
      maximumFractionDigits: exponent,
    });
    moneyFormats.set(key, format);
  }
  return format.format(decimal);
}

export function formatDate(isoDate: string, locale: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  const date = match ? new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))) : null;
  if (!date || date.toISOString().slice(0, 10) !== isoDate) throw new RangeError(`Not a calendar date (YYYY-MM-DD): ${isoDate}`);
  let format = dateFormats.get(locale);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' });
    dateFormats.set(locale, format);
  }
  return format.format(date);
}

/** The URL normalised, when it is http(s); anything else (javascript:, data:, no scheme) is not a link. */
export function safeLink(url: string | null): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url.trim());
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : null;
  } catch {
    return null;
  }
}

const MUTED = 'color:#59636e;';

/** Label and value rows of a mail's table ("Amount: $87.50"), escaped. */
export function labelRows(rows: readonly (readonly [string, string])[]): string {
  return rows
    .map(
      ([label, value]) =>
        `<tr><th scope="row" style="text-align:left;vertical-align:top;padding:6px 16px 6px 0;${MUTED}font-weight:normal;white-space:nowrap;">${escapeHtml(label)}</th>` +
        `<td style="padding:6px 0;">${escapeHtml(value)}</td></tr>`,
    )
    .join('\n');
}

/**
 * The lines of an HTML mail's page, the same for every mail the app sends: head, a card with the headline, the table
 * of `rows` (already HTML), `body` (already HTML) and the footer.
 */
export function emailPage(p: { locale: string; title: string; headline: string; maxWidthPx: number; rows: string; body: string[]; footer: string }): string[] {
  return [
    '<!DOCTYPE html>',
    `<html lang="${escapeHtml(p.locale)}">`,
    '<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(p.title)}</title></head>`,
    '<body style="margin:0;padding:24px;background:#f6f8fa;font-family:-apple-system,\'Segoe UI\',Roboto,Helvetica,Arial,sans-serif;font-size:15px;line-height:1.5;color:#1f2328;">',
    `<div style="max-width:${p.maxWidthPx}px;margin:0 auto;background:#ffffff;border:1px solid #d1d9e0;border-radius:8px;padding:24px;">`,
    `<h1 style="font-size:19px;line-height:1.3;margin:0 0 16px;">${escapeHtml(p.headline)}</h1>`,
    `<table role="presentation" style="border-collapse:collapse;margin:0 0 8px;">\n${p.rows}\n</table>`,
    ...p.body,
    `<p style="margin:0;${MUTED}font-size:12px;">${escapeHtml(p.footer)}</p>`,
    '</div>',
    '</body>',
    '</html>',
  ];
}

export function escapeHtml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

export function usableLocale(locale: string): string {
  try {
    return Intl.getCanonicalLocales(locale)[0] ?? FALLBACK_LOCALE;
  } catch {
    return FALLBACK_LOCALE;
  }
}

// Names end up in a header line; control characters and line breaks never belong there.
export function oneLine(value: string): string {
  // eslint-disable-next-line no-control-regex
  return value.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ').replace(/\s+/g, ' ').trim();
}
