// Renders the main screens with realistic sample data and saves them to docs/screenshots (the README shows one).
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, register, test } from './fixtures';
import { apiCall, isoInDays, seedExpenses, setRates, type SeedExpense } from './seed';

const OUT = path.resolve('docs/screenshots');

test.use({ locale: 'en-US', viewport: { width: 1440, height: 900 }, deviceScaleFactor: 1 });

const SAMPLE: SeedExpense[] = [
  { name: 'Google Workspace', category: 'Productivity', amount: 72, renewal_date: isoInDays(2), payment_method: 'Visa •4242', description: '6 Business Standard seats' },
  { name: 'Slack', category: 'Communication', amount: 87.5, renewal_date: isoInDays(6), payment_method: 'Visa •4242' },
  { name: 'Figma', category: 'Design', amount: 540, billing_cycle: 'yearly', renewal_date: isoInDays(75), payment_method: 'Amex •1005' },
  { name: 'GitHub', category: 'Development', amount: 84, renewal_date: isoInDays(11), payment_method: 'Visa •4242' },
  { name: 'AWS', category: 'Infrastructure', amount: 312.4, renewal_date: isoInDays(3), payment_method: 'Amex •1005', description: 'Production account' },
  { name: 'Hetzner Cloud', category: 'Infrastructure', amount: 39.9, currency: 'EUR', renewal_date: isoInDays(17) },
  { name: 'HubSpot', category: 'Marketing', amount: 450, renewal_date: isoInDays(21), notice_period_days: 30 },
  { name: 'Notion', category: 'Productivity', amount: 480, billing_cycle: 'yearly', renewal_date: isoInDays(140) },
  { name: 'Zoom', category: 'Communication', amount: 149.9, billing_cycle: 'yearly', renewal_date: isoInDays(200) },
  { name: 'Adobe Creative Cloud', category: 'Design', amount: 89.99, renewal_date: isoInDays(26) },
  { name: 'Linear', category: 'Development', amount: 64, renewal_date: isoInDays(9) },
  { name: '1Password', category: 'Productivity', amount: 95.88, billing_cycle: 'yearly', renewal_date: isoInDays(260) },
  { name: 'Gusto', category: 'HR', amount: 80, renewal_date: isoInDays(14) },
  { name: 'QuickBooks Online', category: 'Finance', amount: 90, renewal_date: isoInDays(19) },
  { name: 'Mailchimp', category: 'Marketing', amount: 350, billing_cycle: 'quarterly', renewal_date: isoInDays(48) },
  { name: 'Salesforce', category: 'Sales', amount: 1500, billing_cycle: 'quarterly', renewal_date: isoInDays(33), notice_period_days: 30 },
  { name: 'Intercom', category: 'Sales', amount: 74, renewal_date: isoInDays(12), status: 'trial', trial_ends_on: isoInDays(12) },
  { name: 'Dropbox', category: 'Productivity', amount: 19.99, renewal_date: isoInDays(15), status: 'cancelled' },
  { name: 'Calendly', category: 'Sales', amount: 12, renewal_date: isoInDays(22), status: 'cancelled' },
];

async function seed(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await register(page, { email: 'office@northwind.example', username: 'maya', password: 'maya-password-123', company: 'Northwind Studio' });
  await setRates(page, [{ currency: 'EUR', rate: '1.08' }]);
  await seedExpenses(page, SAMPLE, 1);
}

async function shoot(page: Page, name: string, fullPage = false): Promise<void> {
  // Let charts settle and the cursor rest outside them.
  await page.mouse.move(0, 899);
  await page.waitForTimeout(200);
  if (fullPage) {
    // A viewport as tall as the page, so the 100vh sidebar reaches the bottom too.
    const height = await page.evaluate(() => (globalThis as unknown as { document: { documentElement: { scrollHeight: number } } }).document.documentElement.scrollHeight);
    await page.setViewportSize({ width: 1440, height });
  }
  await page.screenshot({ path: path.join(OUT, `${name}.png`) });
  await page.setViewportSize({ width: 1440, height: 900 });
}

async function showDashboard(page: Page): Promise<void> {
  await page.goto(`${new URL(page.url()).origin}/#/`);
  await page.reload(); // fresh data, seeded behind the UI's back
  await expect(page.getByRole('region', { name: 'Monthly spend' })).not.toHaveAttribute('aria-busy', 'true');
  await expect(page.locator('.donut-chart .recharts-sector').first()).toBeVisible();
  await expect(page.locator('.forecast-chart .recharts-bar-rectangle').first()).toBeVisible();
}

async function showSubscriptions(page: Page): Promise<void> {
  await page.goto(`${new URL(page.url()).origin}/#/subscriptions`);
  await page.reload();
  await expect(page.getByTestId('subscription-row')).toHaveCount(SAMPLE.length);
}

test('screenshots of the main screens, light and dark', async ({ page, server }) => {
  // A tour of every screen in two themes, with seeding: one test, so it gets the time of several.
  test.setTimeout(120_000);
  const violations: string[] = [];
  page.on('console', (msg) => {
    if (/Content Security Policy|Refused to/i.test(msg.text())) violations.push(msg.text());
  });
  await seed(page, server.url);

  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    const suffix = scheme === 'dark' ? '-dark' : '';
    await showDashboard(page);
    await shoot(page, `dashboard${suffix}`, true);
    await showSubscriptions(page);
    await shoot(page, `subscriptions${suffix}`);
  }

  await page.emulateMedia({ colorScheme: 'light' });
  await showSubscriptions(page);
  await page.getByRole('link', { name: 'Salesforce', exact: true }).click();
  await expect(page.getByRole('dialog', { name: 'Edit Salesforce' }).getByLabel('Amount')).toHaveValue('1500.00');
  await shoot(page, 'subscription-edit');

  await page.getByRole('dialog', { name: 'Edit Salesforce' }).getByLabel('Amount').fill('');
  await page.getByRole('dialog', { name: 'Edit Salesforce' }).getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('dialog', { name: 'Edit Salesforce' }).getByLabel('Amount')).toBeFocused();
  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: 'Add subscription' }).click();
  await page.getByRole('dialog', { name: 'Add subscription' }).getByRole('button', { name: 'Save' }).click();
  await shoot(page, 'subscription-form-errors');
  await page.keyboard.press('Escape');

  await page.goto(`${new URL(page.url()).origin}/#/reminders`);
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Reminders', level: 1 })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Linear' })).toBeVisible();
  await shoot(page, 'reminders');

  await page.goto(`${new URL(page.url()).origin}/#/settings`);
  await page.reload();
  await expect(page.getByLabel('Base currency')).toBeVisible();
  await shoot(page, 'settings', true);

  // Last, since the session moves into it: a company workspace's Team screen with the move previewed.
  await apiCall(page, 'POST', '/api/workspaces', { name: 'Northwind Group' });
  await apiCall(page, 'POST', '/api/invitations', { role: 'member' });
  await page.goto(`${new URL(page.url()).origin}/#/team`);
  await page.reload();
  await page.getByRole('button', { name: 'Preview the move' }).click();
  await expect(page.getByRole('group', { name: 'Move preview' })).toContainText(`${SAMPLE.length} subscriptions move`);
  await shoot(page, 'team', true);

  expect(violations).toEqual([]);
});
