import type { Locator, Page } from '@playwright/test';
import { account, expect, register, test } from './fixtures';
import { isoInDays, seedExpenses } from './seed';

test.use({ locale: 'en-US' });

async function signUp(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await register(page, account('erin'));
}

const card = (page: Page, label: string) => page.getByRole('region', { name: label });

/** Whether an element's text colour is the one a design token resolves to in the current theme. */
async function hasTokenColour(element: Locator, token: string): Promise<boolean> {
  return element.evaluate((el, name) => {
    const view = el.ownerDocument.defaultView!;
    const probe = el.ownerDocument.createElement('span');
    probe.style.color = `var(${name})`;
    el.ownerDocument.body.append(probe);
    const wanted = view.getComputedStyle(probe).color;
    probe.remove();
    return view.getComputedStyle(el).color === wanted;
  }, token);
}

function monthName(iso: string, plusMonths = 0): string {
  const [y, m] = iso.split('-').map(Number);
  return new Intl.DateTimeFormat('en-US', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(Date.UTC(y!, m! - 1 + plusMonths, 1)));
}

function monthsFromNow(iso: string): number {
  const [y, m] = iso.split('-').map(Number);
  const now = new Date();
  return (y! - now.getFullYear()) * 12 + (m! - 1 - now.getMonth());
}

test('a new account sees what to do next, and only buttons that exist', async ({ page, server }) => {
  await signUp(page, server.url);
  await expect(page.getByRole('heading', { name: 'No subscriptions yet' })).toBeVisible();
  await expect(page.getByText('Add your first one')).toBeVisible();
  await page.getByRole('link', { name: 'Import a CSV' }).click();
  await expect(page).toHaveURL(/#\/import$/);
  await page.goBack();
  await expect(card(page, 'Monthly spend')).toHaveCount(0);

  await page.getByRole('button', { name: 'Add subscription' }).click();
  await expect(page).toHaveURL(/#\/subscriptions\/new$/);
  await expect(page.getByRole('dialog', { name: 'Add subscription' })).toBeVisible();
});

test('upcoming renewals: red chip within 3 days, amber within a week; rows open the subscription', async ({ page, server }) => {
  await signUp(page, server.url);
  await seedExpenses(
    page,
    [
      // Yearly: a monthly plan renewing today or tomorrow renews again within 30 days in short months.
      { name: 'Due Today', amount: 10, billing_cycle: 'yearly', renewal_date: isoInDays(0) },
      { name: 'Due Tomorrow', amount: 11, billing_cycle: 'yearly', renewal_date: isoInDays(1) },
      { name: 'Due In Three', amount: 12, renewal_date: isoInDays(3) },
      { name: 'Due In Four', amount: 13, renewal_date: isoInDays(4) },
      { name: 'Due In Seven', amount: 14, renewal_date: isoInDays(7) },
      { name: 'Due In Eight', amount: 15, renewal_date: isoInDays(8) },
      { name: 'Due Much Later', amount: 16, renewal_date: isoInDays(45) },
    ],
    1,
  );
  await page.reload();
  const upcoming = card(page, 'Upcoming renewals');
  const rows = upcoming.getByTestId('upcoming-renewal');
  await expect(rows).toHaveCount(6);
  await expect(rows.locator('.row-title')).toHaveText(['Due Today', 'Due Tomorrow', 'Due In Three', 'Due In Four', 'Due In Seven', 'Due In Eight']);

  const expected: [name: string, tone: string, token: string | null, text: string][] = [
    ['Due Today', 'danger', '--danger', 'today'],
    ['Due Tomorrow', 'danger', '--danger', 'tomorrow'],
    ['Due In Three', 'danger', '--danger', 'in 3 days'],
    ['Due In Four', 'warning', '--warning', 'in 4 days'],
    ['Due In Seven', 'warning', '--warning', 'in 7 days'],
    ['Due In Eight', 'neutral', null, 'in 8 days'],
  ];
  for (const [name, tone, token, text] of expected) {
    const chip = rows.filter({ hasText: name }).locator('.chip');
    await expect(chip).toHaveText(text);
    await expect(chip).toHaveAttribute('data-tone', tone);
    if (token) expect(await hasTokenColour(chip, token), `${name} chip colour is ${token}`).toBe(true);
    else expect(await hasTokenColour(chip, '--danger')).toBe(false);
  }
  // The colour is real: red and amber differ.
  expect(await hasTokenColour(rows.filter({ hasText: 'Due In Four' }).locator('.chip'), '--danger')).toBe(false);

  await expect(card(page, 'Renewing in 30 days')).toContainText('$75.00');
  await expect(card(page, 'Renewing in 30 days')).toContainText('6 renewals');

  await rows.filter({ hasText: 'Due In Four' }).click();
  await expect(page).toHaveURL(/#\/subscriptions\/\d+$/);
  await expect(page.getByRole('dialog', { name: 'Edit Due In Four' })).toBeVisible();
});

test('KPI cards and recently added follow the subscriptions, including savings from cancelled ones', async ({ page, server }) => {
  await signUp(page, server.url);
  await seedExpenses(
    page,
    [
      { name: 'Figma', category: 'Design', amount: 45, renewal_date: isoInDays(10) },
      { name: 'Notion', category: 'Productivity', amount: 120, billing_cycle: 'yearly', renewal_date: isoInDays(40) },
      { name: 'Intercom', category: 'Sales', amount: 74, renewal_date: isoInDays(14), status: 'trial', trial_ends_on: isoInDays(14) },
      { name: 'Dropbox', category: 'Productivity', amount: 15, renewal_date: isoInDays(20), status: 'cancelled' },
      { name: 'Loom', category: 'Communication', amount: 12.5, renewal_date: isoInDays(50), status: 'paused' },
      { name: 'Miro', category: 'Design', amount: 16, renewal_date: isoInDays(60) },
    ],
    1,
  );
  await page.reload();
  await expect(card(page, 'Monthly spend')).toContainText('$145.00'); // 45 + 10 + 74 + 16 (active + trial)
  await expect(card(page, 'Monthly spend')).toContainText('3 active · 1 in trial');
  await expect(card(page, 'Yearly projection')).toContainText('$1,740.00');
  await expect(card(page, 'Saved by cancelling')).toContainText('$15.00');
  await expect(card(page, 'Saved by cancelling')).toContainText('$180.00 a year from 1 cancelled subscription');

  const recent = card(page, 'Recently added');
  await expect(recent.getByRole('link')).toHaveCount(5);
  await expect(recent.getByRole('link').first()).toContainText('Miro');
  await expect(recent.getByRole('link').first()).toContainText('$16.00 / month');
  await expect(recent).not.toContainText('Figma');
});

test('charts carry titles, text alternatives and money tooltips, all under the strict CSP', async ({ page, server }) => {
  const violations: string[] = [];
  page.on('console', (msg) => {
    if (/Content Security Policy|Refused to/i.test(msg.text())) violations.push(msg.text());
  });
  await signUp(page, server.url);
  const notionDate = isoInDays(40);
  await seedExpenses(page, [
    { name: 'Figma', category: 'Design', amount: 45, renewal_date: isoInDays(10) },
    { name: 'GitHub', category: 'Development', amount: 30, renewal_date: isoInDays(12) },
    { name: 'Notion', category: 'Productivity', amount: 120, billing_cycle: 'yearly', renewal_date: notionDate },
  ]);
  await page.reload();

  await expect(page.getByRole('heading', { name: 'Spend by category' })).toBeVisible();
  const donut = page.getByRole('table', { name: 'Monthly spend by category' });
  await expect(donut.getByRole('row').nth(1)).toContainText('Design$45.0053%');
  await expect(donut.getByRole('row').nth(2)).toContainText('Development$30.0035%');
  await expect(donut.getByRole('row').nth(3)).toContainText('Productivity$10.0012%');
  await expect(page.locator('.donut-center')).toHaveText('$85.00a month');

  // Plans just added have no past renewal: the last 12 months say so instead of charting zeros.
  await expect(page.getByRole('region', { name: 'Last 12 months' })).toContainText('Nothing paid in the last 12 months yet');
  await expect(page.locator('.actual-chart')).toHaveCount(0);
  await expect(page.getByRole('heading', { name: 'Next 12 months' })).toBeVisible();
  const forecast = page.getByRole('table', { name: 'Cash out by month, next 12 months' });
  await expect(forecast.getByRole('row')).toHaveCount(13);
  await expect(forecast.getByRole('row', { name: monthName(notionDate) })).toContainText('$195.00');
  const later = monthsFromNow(notionDate) + 1;
  if (later < 12) await expect(forecast.getByRole('row', { name: monthName(notionDate, 1) })).toContainText('$75.00');

  // Readable month labels on the axis, money on the other.
  const ticks = page.locator('.forecast-chart .recharts-xAxis-tick-labels .recharts-cartesian-axis-tick-value');
  await expect(ticks).toHaveCount(12);
  await expect(ticks.nth(1)).toHaveText(/^[A-Z][a-z]{2}(\d{4})?$/);
  await expect(page.locator('.forecast-chart .recharts-yAxis-tick-labels .recharts-cartesian-axis-tick-value').last()).toHaveText(/^\$/);

  // Tooltips show the formatted amount.
  // Hover above the month's axis label (a month with nothing due has no bar to hover), the chart scrolled into view
  // (it sits below the donut's row).
  await page.locator('.forecast-chart').scrollIntoViewIfNeeded();
  const tick = await ticks.nth(monthsFromNow(notionDate)).boundingBox();
  await page.mouse.move(tick!.x + tick!.width / 2, tick!.y - 60);
  await expect(page.locator('.forecast-chart .chart-tooltip')).toContainText(monthName(notionDate));
  await expect(page.locator('.forecast-chart .chart-tooltip')).toContainText('$195.00');
  await page.locator('.donut-chart svg').hover({ position: { x: 92, y: 16 } }); // top of the ring: the first slice
  await expect(page.locator('.donut-chart .chart-tooltip')).toContainText('Design');
  await expect(page.locator('.donut-chart .chart-tooltip')).toContainText('$45.00 / month');

  // Colours come from the theme tokens, through CSS classes (no inline styles needed).
  const fill = await page.locator('.donut-chart .recharts-sector').first().evaluate((el) => el.ownerDocument.defaultView!.getComputedStyle(el).fill);
  expect(fill).toBe('rgb(66, 99, 235)'); // --chart-1, light theme

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Subscriptions' }).click();
  await expect(page.getByLabel('Search')).toBeVisible(); // the screen's code, not its loading skeleton
  await page.keyboard.press('n');
  await expect(page.getByRole('dialog', { name: 'Add subscription' })).toBeVisible();
  expect(violations).toEqual([]);
});

test('the cards, the donut and the upcoming list agree: one rounding rule, occurrences counted, "not converted" instead of $0.00', async ({ page, server }) => {
  await signUp(page, server.url);
  await seedExpenses(
    page,
    [
      // 100/12 = 8.333… a month each: the categories show $8.33, the total $25.00 (adding the rounded ones gives $24.99).
      { name: 'Sketch', category: 'Design', amount: 100, billing_cycle: 'yearly', renewal_date: isoInDays(200) },
      { name: 'HubSpot', category: 'Sales', amount: 100, billing_cycle: 'yearly', renewal_date: isoInDays(200) },
      { name: 'Xero', category: 'Finance', amount: 100, billing_cycle: 'yearly', renewal_date: isoInDays(200) },
      { name: 'Slack', category: 'Communication', amount: 30, currency: 'GBP', renewal_date: isoInDays(100), billing_cycle: 'quarterly' },
      { name: 'Payroll', category: 'HR', amount: 0, billing_cycle: { unit: 'week', every: 2 }, renewal_date: isoInDays(4) },
    ],
    1,
  );
  await page.reload();
  await expect(card(page, 'Monthly spend')).toContainText('$25.00');
  await expect(page.locator('.donut-center')).toHaveText('$25.00a month');
  const legend = page.getByRole('table', { name: 'Monthly spend by category' });
  await expect(legend.getByRole('row', { name: /Design/ })).toContainText('$8.33');
  await expect(legend.getByRole('row', { name: /Communication/ })).toContainText('not converted');
  await expect(legend.getByRole('row', { name: /Communication/ })).not.toContainText('$0.00');

  // A fortnightly plan 4 days out charges on days 4, 18 and (not) 32: twice, on its one row.
  const payroll = card(page, 'Upcoming renewals').getByTestId('upcoming-renewal').filter({ hasText: 'Payroll' });
  await expect(payroll).toContainText('×2 in 30 days');
  await expect(card(page, 'Renewing in 30 days')).toContainText('2 renewals');
});
