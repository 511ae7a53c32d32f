// Every screen at the desktop window's minimum width (880 px) and in a phone-sized browser (360 px):
// no sideways scroll anywhere, names readable, the sidebar folded behind a menu button below 880 px.
import type { Page } from '@playwright/test';
import { account, expect, register, test } from './fixtures';
import { sidewaysOverflow } from './overflow';
import { apiCall, isoInDays, seedExpenses, setRates } from './seed';

const SCREENS = [
  { hash: '#/', heading: 'Dashboard' },
  { hash: '#/subscriptions', heading: 'Subscriptions' },
  { hash: '#/reviews', heading: 'Reviews' },
  { hash: '#/reminders', heading: 'Reminders' },
  { hash: '#/import', heading: 'Import' },
  { hash: '#/settings', heading: 'Settings' },
  { hash: '#/team', heading: 'Team' },
];

const LONG_NAME = 'Google Workspace Business Standard';

async function seed(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await register(page, account('layout'));
  // A company workspace with a long name (the session moves into it), so the Team screen and the switcher are measured too.
  await apiCall(page, 'POST', '/api/workspaces', { name: 'Layout & Partners International Holdings' });
  await setRates(page, [{ currency: 'EUR', rate: '1.08' }]);
  await seedExpenses(
    page,
    [
      { name: LONG_NAME, category: 'Communication', amount: 72, renewal_date: isoInDays(2), payment_method: 'Visa •4242' },
      { name: 'Slack', category: 'Communication', amount: 87.5, renewal_date: isoInDays(6) },
      { name: 'Hetzner Cloud', category: 'Infrastructure', amount: 39.9, currency: 'EUR', renewal_date: isoInDays(17) },
      { name: 'Intercom', category: 'Sales', amount: 74, renewal_date: isoInDays(12), status: 'trial', trial_ends_on: isoInDays(12) },
      // Yearly, renewing in 5 days: up for review now (the Reviews screen and the dashboard's strip are measured too).
      { name: 'Adobe Creative Cloud All Apps for Teams', category: 'Design', amount: 1079.88, billing_cycle: 'yearly', renewal_date: isoInDays(5), url: 'https://account.adobe.com/plans/cancel-plan-with-a-long-address' },
    ],
    1,
  );
}

async function visitAll(page: Page, url: string, check: (screen: (typeof SCREENS)[number]) => Promise<void>): Promise<void> {
  for (const screen of SCREENS) {
    await page.goto(`${url}/${screen.hash}`);
    await page.reload();
    await expect(page.getByRole('heading', { level: 1, name: screen.heading })).toBeVisible();
    // Data-driven parts (table rows, reminders, cards) must have arrived before measuring.
    if (screen.heading === 'Subscriptions') await expect(page.getByTestId('subscription-row').first()).toBeVisible();
    if (screen.heading === 'Dashboard') await expect(page.getByText('Upcoming renewals')).toBeVisible();
    if (screen.heading === 'Reminders') await expect(page.locator('.reminder-table tbody tr').first()).toBeVisible();
    if (screen.heading === 'Reviews') await expect(page.getByRole('button', { name: 'Downgrade' }).first()).toBeVisible();
    if (screen.heading === 'Team') await expect(page.getByRole('region', { name: 'This workspace' })).toBeVisible();
    await check(screen);
  }
}

test('at 880 px every screen fits with no sideways scroll, the sidebar stays beside the content', async ({ page, server }) => {
  await page.setViewportSize({ width: 880, height: 800 });
  await seed(page, server.url);
  await visitAll(page, server.url, async (screen) => {
    await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Menu' })).toBeHidden();
    expect(await sidewaysOverflow(page), `${screen.heading} at 880 px`).toEqual([]);
  });
  // The table keeps every subscription's name and amount in view (no column pushed off to the right).
  await page.goto(`${server.url}/#/subscriptions`);
  const row = page.getByTestId('subscription-row').filter({ hasText: 'Hetzner Cloud' });
  await expect(row.getByRole('link', { name: 'Hetzner Cloud', exact: true })).toBeInViewport();
  await expect(row.getByText('€39.90').first()).toBeInViewport();
});

test('below 880 px the sidebar folds behind a menu button that opens, navigates and closes', async ({ page, server }) => {
  await page.setViewportSize({ width: 800, height: 800 });
  await seed(page, server.url);
  const nav = page.getByRole('navigation', { name: 'Main' });
  const menu = page.getByRole('button', { name: 'Menu' });
  await expect(nav).toBeHidden();
  await expect(menu).toHaveAttribute('aria-expanded', 'false');

  await menu.click();
  await expect(nav).toBeVisible();
  await expect(menu).toHaveAttribute('aria-expanded', 'true');
  await nav.getByRole('link', { name: 'Reminders' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Reminders' })).toBeVisible();
  await expect(nav).toBeHidden();

  await menu.click();
  await expect(nav).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(nav).toBeHidden();
  await expect(menu).toBeFocused();

  // Sign out stays reachable through the menu.
  await menu.click();
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
});

test('at 360 px browser mode stays usable: no sideways scroll, names and amounts readable, the add panel fits', async ({ page, server }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await seed(page, server.url);
  await visitAll(page, server.url, async (screen) => {
    expect(await sidewaysOverflow(page), `${screen.heading} at 360 px`).toEqual([]);
  });
  // A decision's form, opened inside its card, fits too (the cancel link and the fields).
  await page.goto(`${server.url}/#/reviews`);
  await page.getByRole('button', { name: 'Cancel', exact: true }).click();
  await expect(page.getByRole('link', { name: 'Open the cancel page' })).toBeVisible();
  expect(await sidewaysOverflow(page), 'Reviews with the cancel form at 360 px').toEqual([]);
  await page.getByRole('button', { name: 'Back' }).click();
  await page.getByRole('button', { name: 'Downgrade' }).click();
  await expect(page.getByLabel('New amount (USD)')).toBeVisible();
  expect(await sidewaysOverflow(page), 'Reviews with the downgrade form at 360 px').toEqual([]);

  await page.goto(`${server.url}/#/subscriptions`);
  for (const [name, amount] of [['Slack', '$87.50'], ['Hetzner Cloud', '€39.90']] as const) {
    const row = page.getByTestId('subscription-row').filter({ hasText: name });
    await expect(row.getByRole('link', { name, exact: true })).toBeInViewport();
    await expect(row.getByText(amount).first()).toBeInViewport();
  }
  // What the folded columns held is still said, on the name's second line.
  const trial = page.getByTestId('subscription-row').filter({ hasText: 'Intercom' });
  await expect(trial.locator('.name-folded')).toContainText('Sales · Trial');

  await page.getByRole('button', { name: 'Add subscription' }).click();
  const panel = page.getByRole('dialog');
  await expect(panel.getByLabel('Name')).toBeVisible();
  // The panel slides in by 24 px; measure where it rests, not mid-slide.
  await panel.evaluate((el) => Promise.all(el.getAnimations().map((a: { finished: Promise<unknown> }) => a.finished)));
  const box = await panel.boundingBox();
  expect(box && box.x >= 0 && box.x + box.width <= 360).toBe(true);
  expect(await sidewaysOverflow(page)).toEqual([]);
});

test('category chips fit their column or end in an ellipsis with the whole name as their title', async ({ page, server }) => {
  for (const width of [1280, 1100]) {
    await page.setViewportSize({ width, height: 800 });
    if (width === 1280) await seed(page, server.url);
    await page.goto(`${server.url}/#/subscriptions`);
    await page.reload();
    const chip = page.getByTestId('subscription-row').filter({ hasText: 'Slack' }).locator('.col-category .chip');
    await expect(chip).toHaveAttribute('title', 'Communication');
    const fits = await chip.evaluate((el) => {
      const text = el.querySelector('.chip-text')!;
      const cell = el.parentElement!.getBoundingClientRect();
      const clippedWithoutEllipsis = text.scrollWidth > text.clientWidth && el.ownerDocument.defaultView!.getComputedStyle(text).textOverflow !== 'ellipsis';
      return el.getBoundingClientRect().right <= cell.right + 0.5 && !clippedWithoutEllipsis;
    });
    expect(fits, `chip at ${width} px`).toBe(true);
  }
});
