// Renewal reviews in browser mode: a yearly plan renewing in 5 days comes up for review, is cancelled in two
// clicks, and the dashboard shows what that decision saved.
import { account, expect, register, test } from './fixtures';
import { isoInDays, seedExpenses } from './seed';

test.use({ locale: 'en-US' });

test('review a renewal, cancel it, and see the saving on the dashboard', async ({ page, server }) => {
  await page.goto(server.url);
  await register(page, account('rita'));
  await seedExpenses(page, [
    // Yearly, renewing in 5 days, no notice period: last day to cancel in 4 days, so its review is open.
    { name: 'Figma Organization', category: 'Design', amount: 900, billing_cycle: 'yearly', renewal_date: isoInDays(5), url: 'https://www.figma.com/settings/billing' },
    // 20.00 a month: under the review amount (100), never reviewed.
    { name: 'GitHub', category: 'Development', amount: 20, renewal_date: isoInDays(5) },
  ]);
  await page.reload();

  const due = page.getByTestId('reviews-due');
  await expect(due).toHaveText('1 renewal to review, $900.00 a year at stake');
  await due.click();
  await expect(page.getByRole('heading', { level: 1, name: 'Reviews' })).toBeVisible();

  const card = page.getByRole('listitem', { name: 'Figma Organization' });
  await expect(card).toContainText('$900.00 a year');
  await expect(card).toContainText('owner rita');
  await expect(page.getByRole('listitem', { name: 'GitHub' })).toHaveCount(0);

  // First click: Cancel shows the cancel page and the last day; second click confirms.
  await card.getByRole('button', { name: 'Cancel', exact: true }).click();
  await expect(card.getByRole('link', { name: 'Open the cancel page' })).toHaveAttribute('href', 'https://www.figma.com/settings/billing');
  await expect(card).toContainText('(last day to cancel)');
  await card.getByRole('button', { name: 'Cancel at renewal' }).click();

  await expect(page.getByRole('heading', { name: 'Nothing to review right now' })).toBeVisible();
  const log = page.getByRole('region', { name: 'Decisions' });
  await expect(log).toContainText('Figma Organization — Cancelled · saves $900.00');
  await expect(log).toContainText('rita');

  // The subscription no longer renews by itself; it stays active until its renewal date.
  await page.goto(`${server.url}/#/subscriptions`);
  await expect(page.getByTestId('subscription-row').filter({ hasText: 'Figma Organization' })).toBeVisible();

  await page.goto(`${server.url}/#/`);
  const saved = page.getByTestId('reviews-saved');
  await expect(saved.locator('.kpi-value')).toHaveText('$900.00');
  await saved.getByText('1 decision behind it').click();
  await expect(saved.getByRole('listitem')).toContainText('Figma Organization: cancelled on');
  await expect(saved.getByRole('listitem')).toContainText('$900.00 over 12 months');
  await expect(page.getByTestId('reviews-due')).toHaveCount(0);
  await expect(page.getByRole('region', { name: 'Renewal reviews' })).toContainText('Nothing to review right now.');
});

test('a bad downgrade is refused under its field and changes nothing; Reopen brings a decided review back', async ({ page, server }) => {
  await page.goto(server.url);
  await register(page, account('rudi'));
  await seedExpenses(page, [{ name: 'Notion', category: 'Docs', amount: 480, billing_cycle: 'yearly', renewal_date: isoInDays(6) }]);
  await page.goto(`${server.url}/#/reviews`);
  const card = page.getByRole('listitem', { name: 'Notion' });
  await card.getByRole('button', { name: 'Downgrade' }).click();
  await card.getByLabel('New amount (USD)').fill('500');
  await card.getByRole('button', { name: 'Downgrade at renewal' }).click();
  await expect(card.getByText("A downgrade must cost less than today's USD 480.00 per renewal (it would be USD 500.00)")).toBeVisible();
  await expect(card.getByLabel('New amount (USD)')).toBeFocused();
  await expect(page.getByRole('region', { name: 'Decisions' })).toContainText('No decisions yet');

  await card.getByLabel('New amount (USD)').fill('360');
  await card.getByRole('button', { name: 'Downgrade at renewal' }).click();
  const log = page.getByRole('region', { name: 'Decisions' });
  await expect(log).toContainText('Notion — Downgraded from $480.00 to $360.00 · saves $120.00');
  await log.getByRole('button', { name: 'Reopen' }).click();
  await expect(page.getByRole('listitem', { name: 'Notion' })).toBeVisible();
  await expect(log).toContainText('Notion — Reopened');
});

test('an owner lowers the review amount and a monthly plan under the old one comes up for review', async ({ page, server }) => {
  await page.goto(server.url);
  await register(page, account('reza'));
  await seedExpenses(page, [{ name: 'GitHub', category: 'Development', amount: 20, renewal_date: isoInDays(5) }]);
  await page.goto(`${server.url}/#/reviews`);
  await expect(page.getByRole('heading', { name: 'Nothing to review right now' })).toBeVisible();
  const settings = page.getByRole('region', { name: 'Which renewals are reviewed' });
  await expect(settings).toContainText('any renewal of $100.00 or more');
  await settings.getByLabel('Review renewals from (USD)').fill('abc');
  await settings.getByRole('button', { name: 'Save' }).click();
  await expect(settings.getByLabel('Review renewals from (USD)')).toBeFocused();
  await settings.getByLabel('Review renewals from (USD)').fill('15');
  await settings.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('listitem', { name: 'GitHub' })).toContainText('$240.00 a year');
  await expect(settings).toContainText('any renewal of $15.00 or more');
});
