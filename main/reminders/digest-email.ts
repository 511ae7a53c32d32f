import { compareKinds, joinWords } from '../../common/domain/reminder-plan';
import { emailPage, escapeHtml, formatDate, formatMoney, inDaysOf, oneLine, safeLink, usableLocale, type ReminderEmail, type DateReminderKind as ReminderKind } from './reminder-email';

// One email for many of an account's reminders due at once (a catch-up after days away): every
// occurrence on its own line with its date and amount, soonest first. A pure function, like the
// single reminder email; wording is English, `locale` shapes amounts and dates.

/** One occurrence a digest lists. */
export interface DigestItem {
  expenseName: string;
  kind: ReminderKind;
  targetDate: string;
  daysLeft: number;
  amountMinor: number;
  currency: string;
  currencyExponent: number;
  /** "monthly", "yearly", "every 2 weeks"... */
  cycleLabel: string;
  url: string | null;
}

export interface DigestEmailInput {
  /** Told in this order (the caller sorts: soonest first). */
  items: readonly [DigestItem, ...DigestItem[]];
  locale: string;
  companyName?: string | null;
}

const NOUNS: Record<ReminderKind, [one: string, many: string]> = {
  renewal: ['renewal', 'renewals'],
  trial: ['trial ending', 'trials ending'],
  notice: ['last day to cancel', 'last days to cancel'],
  follow_up: ['negotiation follow-up', 'negotiation follow-ups'],
};

const counted = (n: number, kind: ReminderKind) => `${n} ${NOUNS[kind][n === 1 ? 0 : 1]}`;

/** "in the next 7 days": up to the last day the digest tells of. */
function horizonOf(days: number): string {
  return days <= 0 ? 'today' : days === 1 ? 'by tomorrow' : `in the next ${days} days`;
}

/** "12 renewals in the next 7 days", or "6 reminders in the next 30 days" with what they are. */
export function digestSubject(items: readonly Pick<DigestItem, 'kind' | 'daysLeft'>[]): { subject: string; breakdown: string | null } {
  const byKind = new Map<ReminderKind, number>();
  for (const item of items) byKind.set(item.kind, (byKind.get(item.kind) ?? 0) + 1);
  const horizon = horizonOf(Math.max(...items.map((i) => Math.trunc(i.daysLeft))));
  if (byKind.size === 1) return { subject: `${counted(items.length, items[0]!.kind)} ${horizon}`, breakdown: null };
  const breakdown = joinWords([...byKind.keys()].sort(compareKinds).map((k) => counted(byKind.get(k)!, k)));
  return { subject: `${items.length} reminders ${horizon}`, breakdown };
}

function whatOf(kind: ReminderKind, name: string): string {
  switch (kind) {
    case 'renewal':
      return `${name} renews`;
    case 'trial':
      return `The ${name} trial ends`;
    case 'notice':
      return `Last day to cancel ${name}`;
    case 'follow_up':
      return `Follow up on ${name}`;
  }
}

export function renderDigestEmail(input: DigestEmailInput): ReminderEmail {
  const locale = usableLocale(input.locale);
  const { subject, breakdown } = digestSubject(input.items);
  const headline = breakdown ? `${subject}: ${breakdown}.` : `${subject}.`;
  const company = input.companyName ? oneLine(input.companyName) : '';
  const footer = company ? `Sent by Spend Manager for ${company}.` : 'Sent by Spend Manager.';
  const advice = 'Cancel what you no longer use before its date, so it does not charge you again.';

  const lines = input.items.map((item) => {
    const name = oneLine(item.expenseName) || 'Your subscription';
    const amount = formatMoney(item.amountMinor, item.currency, item.currencyExponent, locale);
    const cycle = oneLine(item.cycleLabel);
    return {
      date: formatDate(item.targetDate, locale),
      when: inDaysOf(Math.trunc(item.daysLeft)),
      what: whatOf(item.kind, name),
      amount: cycle ? `${amount}, billed ${cycle}` : amount,
      link: safeLink(item.url),
      rawUrl: item.url === null ? '' : oneLine(item.url),
    };
  });

  const textLines = [headline, ''];
  for (const l of lines) {
    textLines.push(`${l.date} (${l.when}): ${l.what} — ${l.amount}`);
    if (l.rawUrl) textLines.push(`  Manage or cancel: ${l.rawUrl}`);
  }
  textLines.push('', 'Do you still need all of them?', advice, '', '-- ', footer, '');

  const muted = 'color:#59636e;';
  const rows = lines
    .map((l) => {
      // Only an http(s) address becomes a link, and its text is that address's name.
      const what = l.link ? `<a href="${escapeHtml(l.link)}" style="color:#0969da;">${escapeHtml(l.what)}</a>` : escapeHtml(l.what);
      return (
        `<tr><td style="padding:6px 16px 6px 0;vertical-align:top;white-space:nowrap;">${escapeHtml(l.date)}<br><span style="${muted}font-size:13px;">${escapeHtml(l.when)}</span></td>` +
        `<td style="padding:6px 16px 6px 0;vertical-align:top;">${what}</td>` +
        `<td style="padding:6px 0;vertical-align:top;white-space:nowrap;">${escapeHtml(l.amount)}</td></tr>`
      );
    })
    .join('\n');
  const html = [
    ...emailPage({
      locale,
      title: subject,
      headline,
      maxWidthPx: 640,
      rows,
      body: ['<p style="margin:20px 0 4px;font-size:16px;font-weight:600;">Do you still need all of them?</p>', `<p style="margin:0 0 20px;">${escapeHtml(advice)}</p>`],
      footer,
    }),
    '',
  ].join('\n');

  return { subject, text: textLines.join('\n'), html };
}
