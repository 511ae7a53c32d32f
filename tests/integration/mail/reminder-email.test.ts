import { describe, expect, it } from 'vitest';
import { renderReminderEmail, type ReminderEmailInput } from '../../../main/reminders/reminder-email';

const figma: ReminderEmailInput = {
  expenseName: 'Figma',
  kind: 'renewal',
  targetDate: '2027-03-28',
  daysLeft: 7,
  amountMinor: 4500,
  currency: 'USD',
  currencyExponent: 2,
  cycleLabel: 'monthly',
  yearlyCostMinor: 54000,
  url: 'https://www.figma.com/settings/billing',
  locale: 'en-US',
  companyName: 'Acme Corp',
};

const render = (overrides: Partial<ReminderEmailInput>) => renderReminderEmail({ ...figma, ...overrides });

describe('reminder email subjects', () => {
  it.each([
    ['renewal', 7, 'Figma renews in 7 days — $45.00'],
    ['renewal', 1, 'Figma renews tomorrow — $45.00'],
    ['renewal', 0, 'Figma renews today — $45.00'],
    ['renewal', -2, 'Figma renewed on Mar 28, 2027 — $45.00'],
    ['notice', 3, 'Last day to cancel Figma is in 3 days (Mar 28, 2027)'],
    ['notice', 1, 'Last day to cancel Figma is tomorrow (Mar 28, 2027)'],
    ['notice', 0, 'Last day to cancel Figma is today (Mar 28, 2027)'],
    ['notice', -1, 'The last day to cancel Figma was Mar 28, 2027'],
    ['trial', 2, 'Your Figma trial ends in 2 days'],
    ['trial', 1, 'Your Figma trial ends tomorrow'],
    ['trial', 0, 'Your Figma trial ends today'],
    ['trial', -3, 'Your Figma trial ended on Mar 28, 2027'],
  ] as const)('%s with %i day(s) left reads "%s"', (kind, daysLeft, subject) => {
    expect(render({ kind, daysLeft }).subject).toBe(subject);
  });

  it('keeps a name with line breaks on one subject line', () => {
    expect(render({ expenseName: 'Figma\r\nBcc: victim@example.com' }).subject).toBe(
      'Figma Bcc: victim@example.com renews in 7 days — $45.00',
    );
  });
});

describe('reminder email amounts and dates', () => {
  it('shows yen without decimals (exponent 0)', () => {
    const mail = render({ currency: 'JPY', currencyExponent: 0, amountMinor: 4500, yearlyCostMinor: 54000 });
    expect(mail.subject).toBe('Figma renews in 7 days — ¥4,500');
    expect(mail.text).toContain('Yearly cost: ¥54,000');
  });

  it('shows Kuwaiti dinar with three decimals, exactly (exponent 3)', () => {
    const mail = render({ currency: 'KWD', currencyExponent: 3, amountMinor: 12345, yearlyCostMinor: 148140 });
    expect(mail.subject).toBe('Figma renews in 7 days — KWD\u00a012.345');
    expect(mail.text).toContain('Amount: KWD\u00a012.345, billed monthly');
    expect(mail.text).toContain('Yearly cost: KWD\u00a0148.140');
  });

  it('formats huge amounts from minor units without float rounding', () => {
    expect(render({ amountMinor: Number.MAX_SAFE_INTEGER }).subject).toBe('Figma renews in 7 days — $90,071,992,547,409.91');
  });

  it('uses the locale for amounts and dates', () => {
    const mail = render({ locale: 'de-DE', currency: 'EUR', amountMinor: 123450 });
    expect(mail.subject).toBe('Figma renews in 7 days — 1.234,50\u00a0€');
    expect(mail.text).toContain('Renews on: 28.03.2027');
  });

  it('falls back to en-US for a broken locale instead of failing the reminder', () => {
    expect(render({ locale: 'not a locale!' }).subject).toBe('Figma renews in 7 days — $45.00');
  });

  it('refuses a target date that is not a calendar day', () => {
    expect(() => render({ targetDate: '2027-02-30' })).toThrow(/Not a calendar date/);
  });
});

describe('reminder email bodies', () => {
  it('carry amount, cycle, date, yearly cost, the manage link and the question', () => {
    const { text, html } = render({});
    for (const body of [text, html]) {
      expect(body).toContain('$45.00, billed monthly');
      expect(body).toContain('Mar 28, 2027');
      expect(body).toContain('$540.00');
      expect(body).toContain('Do you still need this?');
      expect(body).toContain('Acme Corp');
    }
    expect(text).toContain('Renews on: Mar 28, 2027');
    expect(text).toContain('Manage or cancel: https://www.figma.com/settings/billing');
    expect(html).toContain('<a href="https://www.figma.com/settings/billing"');
  });

  it('name the deadline for a notice and the end for a trial', () => {
    expect(render({ kind: 'notice', daysLeft: 3 }).text).toContain('Last day to cancel: Mar 28, 2027');
    expect(render({ kind: 'trial', daysLeft: 2 }).text).toContain('Trial ends on: Mar 28, 2027');
  });

  it('leave out the yearly cost and the link when unknown', () => {
    const { text, html } = render({ yearlyCostMinor: null, url: null });
    expect(text).not.toContain('Yearly cost');
    expect(text).not.toContain('Manage or cancel');
    expect(html).not.toContain('<a ');
  });

  it('escape a hostile name everywhere in the HTML', () => {
    const { html, text } = render({
      expenseName: '<script>alert("x")</script> & Co',
      companyName: '<img src=x onerror=alert(1)>',
      cycleLabel: '<b>monthly</b>',
    });
    expect(html).not.toMatch(/<script|<img|<b>/i);
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(text).toContain('<script>alert("x")</script> & Co'); // text/plain is not markup
  });

  it('never link a javascript: URL, and escape it when shown', () => {
    const { html } = render({ url: 'javascript:alert(document.cookie)//"><b>' });
    expect(html).not.toMatch(/<a\s/);
    expect(html).not.toContain('href');
    expect(html).toContain('javascript:alert(document.cookie)//&quot;&gt;&lt;b&gt;');
  });

  it.each(['data:text/html,<script>alert(1)</script>', 'figma.com/billing', 'ftp://files.example.com'])(
    'do not link %s',
    (url) => {
      expect(render({ url }).html).not.toMatch(/<a\s/);
    },
  );

  it('escape quotes inside a real link so the href cannot break out', () => {
    const { html } = render({ url: 'https://example.com/?q="><script>' });
    expect(html).not.toContain('<script');
    expect(html).toMatch(/<a href="https:\/\/example\.com\/\?q=%22%3E%3Cscript%3E"/);
  });

  it('are plain, self-contained HTML: inline styles, no external assets', () => {
    const { html } = render({});
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(html).not.toMatch(/<link|<style|<img|<script|src=/i);
  });
});

describe('one reminder email for several occurrences of a subscription', () => {
  it('says both when a trial ends on its renewal date, with both dates and the trial advice', () => {
    const mail = render({ kind: 'trial', daysLeft: 7, alongside: [{ kind: 'renewal', targetDate: '2027-03-28', daysLeft: 7 }] });
    expect(mail.subject).toBe('Figma: the trial ends and it renews in 7 days — $45.00');
    expect(mail.text.split('\n')[0]).toBe('Your Figma trial ends in 7 days, on Mar 28, 2027. After that it costs $45.00. Figma renews in 7 days, on Mar 28, 2027.');
    expect(mail.text).toContain('Trial ends on: Mar 28, 2027\nRenews on: Mar 28, 2027\nYearly cost: $540.00');
    expect(mail.text).toContain('If not, cancel it before Mar 28, 2027 to avoid the first charge.');
    expect(mail.html).toContain('<title>Figma: the trial ends and it renews in 7 days — $45.00</title>');
  });

  it('keeps each "when" where they differ, and a notice\'s always', () => {
    const notice = render({ kind: 'notice', targetDate: '2027-03-21', daysLeft: 0, alongside: [{ kind: 'renewal', targetDate: '2027-03-28', daysLeft: 7 }] });
    expect(notice.subject).toBe('Figma: the last day to cancel is today and it renews in 7 days — $45.00');
    expect(notice.text).toContain('Last day to cancel: Mar 21, 2027\nRenews on: Mar 28, 2027');
    const three = render({
      kind: 'notice',
      targetDate: '2027-03-21',
      daysLeft: 3,
      alongside: [
        { kind: 'trial', targetDate: '2027-03-28', daysLeft: 10 },
        { kind: 'renewal', targetDate: '2027-03-28', daysLeft: 10 },
      ],
    });
    expect(three.subject).toBe('Figma: the last day to cancel is in 3 days, the trial ends and it renews in 10 days — $45.00');
  });
});
