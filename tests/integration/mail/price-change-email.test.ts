import { describe, expect, it } from 'vitest';
import { renderPriceChangeEmail } from '../../../main/reminders/price-change-email';

// The price-change alert's email: its wording, money and dates formatted like the reminder mails, names escaped.

const slack = { expenseName: 'Slack', currency: 'USD', currencyExponent: 2, expectedMinor: 8750, actualMinor: 9625, paidOn: '2026-03-03', url: 'https://slack.com/billing', locale: 'en-US' };

describe('the price-change email', () => {
  it('says "Slack went from $87.50 to $96.25 (+10 %) on Mar 3, 2026" with the amounts and the difference', () => {
    const mail = renderPriceChangeEmail(slack);
    expect(mail.subject).toBe('Slack went from $87.50 to $96.25 (+10 %) on Mar 3, 2026');
    expect(mail.text.split('\n').slice(0, 7)).toEqual([
      'Slack went from $87.50 to $96.25 (+10 %) on Mar 3, 2026.',
      '',
      'Expected: $87.50',
      'Paid: $96.25',
      'Difference: +$8.75',
      'Paid on: Mar 3, 2026',
      'Manage: https://slack.com/billing',
    ]);
    expect(mail.html).toContain('<a href="https://slack.com/billing"');
  });

  it("uses the payment's currency and the reader's locale, and tells a lower price with its minus sign", () => {
    const mail = renderPriceChangeEmail({ ...slack, currency: 'EUR', actualMinor: 8050, locale: 'de-DE', url: null });
    // Intl puts a no-break space before the euro sign.
    expect(mail.subject).toBe('Slack went from 87,50\u00a0€ to 80,50\u00a0€ (-8 %) on 03.03.2026');
    expect(mail.text).toContain('Difference: -7,00\u00a0€');
    expect(mail.text).not.toContain('Manage:');
  });

  it('escapes a name in the HTML and keeps line breaks out of the subject', () => {
    const mail = renderPriceChangeEmail({ ...slack, expenseName: '<b>Slack</b>\nInc', url: 'javascript:alert(1)' });
    expect(mail.subject).toBe('<b>Slack</b> Inc went from $87.50 to $96.25 (+10 %) on Mar 3, 2026');
    expect(mail.html).toContain('&lt;b&gt;Slack&lt;/b&gt; Inc went from');
    expect(mail.html).not.toContain('javascript:');
  });
});
