import type { Page, Request } from '@playwright/test';
import { account, expect, register, signIn, signOut, test } from './fixtures';
import { isoInDays, seedExpenses } from './seed';

// The first useful screen: one round trip for its data, the numbers before the charts, later screens prefetched.

test.use({ locale: 'en-US' });

const card = (page: Page, label: string) => page.getByRole('region', { name: label });
const apiPath = (request: Request) => new URL(request.url()).pathname;

async function accountWithSubscriptions(page: Page, url: string, name = 'frida'): Promise<void> {
  await page.goto(url);
  await register(page, account(name));
  await seedExpenses(page, [
    { name: 'Figma', category: 'Design', amount: 45, renewal_date: isoInDays(10) },
    { name: 'Slack', category: 'Communication', amount: 87.5, renewal_date: isoInDays(3) },
  ]);
}

test('asks for the dashboard numbers and the settings while the session check is still unanswered', async ({ page, server }) => {
  await accountWithSubscriptions(page, server.url);
  const asked: string[] = [];
  page.on('request', (request) => asked.push(apiPath(request)));
  const othersAsked = new Promise<void>((resolve) => {
    page.on('request', () => {
      if (asked.includes('/api/dashboard/stats') && asked.includes('/api/settings')) resolve();
    });
  });
  // auth/me is held until the other two have been asked for (or 5 s): an app that waited for it would stall here.
  let askedWhileHeld: string[] = [];
  await page.route('**/api/auth/me', async (route) => {
    await Promise.race([othersAsked, new Promise((r) => setTimeout(r, 5_000))]);
    askedWhileHeld = [...asked];
    await route.continue();
  });
  await page.reload();
  await expect(card(page, 'Monthly spend')).toContainText('$132.50');
  expect(askedWhileHeld).toEqual(expect.arrayContaining(['/api/auth/me', '/api/dashboard/stats', '/api/settings']));
});

test('the shell asks for the dashboard’s numbers itself, while its scripts load, and the app takes that answer instead of asking again', async ({ page, server }) => {
  await accountWithSubscriptions(page, server.url);
  await page.reload();
  await expect(card(page, 'Monthly spend')).toContainText('$132.50');
  // The charts come last: by then every query of the first screen has been asked for.
  await expect(page.getByRole('heading', { name: 'Spend by category' })).toBeVisible();
  const entries = await page.evaluate(() =>
    (performance.getEntriesByType('resource') as unknown as { name: string; initiatorType: string; startTime: number }[]).map((e) => ({ path: new URL(e.name).pathname, initiator: e.initiatorType, start: e.startTime })),
  );
  const firstScript = Math.min(...entries.filter((e) => e.path.endsWith('.js')).map((e) => e.start));
  const asked = entries.filter((e) => e.path === '/api/dashboard/stats');
  // Once, by the shell's <link rel="preload">: a second fetch would mean the app did not take the preloaded answer.
  expect(asked.map((e) => e.initiator)).toEqual(['link']);
  expect(asked[0]!.start).toBeGreaterThanOrEqual(firstScript);
  // The rest of the first screen's reads the app asks for itself, each once.
  for (const path of ['/api/auth/me', '/api/settings', '/api/workspaces', '/api/reviews/summary']) expect(entries.filter((e) => e.path === path).map((e) => e.initiator), path).toEqual(['fetch']);
});

test('shows the KPI numbers while the charts’ code is still on its way, then draws the charts', async ({ page, server }) => {
  await accountWithSubscriptions(page, server.url);
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let chartsAsked = false;
  await page.route(/\/assets\/DashboardCharts-[\w-]+\.js$/, async (route) => {
    chartsAsked = true;
    await released;
    await route.continue();
  });
  await page.reload();
  await expect(card(page, 'Monthly spend')).toContainText('$132.50');
  await expect(card(page, 'Renewing in 30 days')).toContainText('2 renewals');
  await expect(page.getByRole('region', { name: 'Upcoming renewals' }).getByRole('link', { name: /Slack/ })).toBeVisible();
  // The numbers are up; the charts are still skeletons, their code held back.
  await expect.poll(() => chartsAsked).toBe(true);
  await expect(page.getByRole('heading', { name: 'Spend by category' })).toHaveCount(0);
  // The donut's, the last 12 months' and the next 12 months'.
  await expect(page.locator('.chart-grid .chart-skeleton')).toHaveCount(3);
  release();
  await expect(page.getByRole('heading', { name: 'Spend by category' })).toBeVisible();
  await expect(page.locator('.chart-grid .chart-skeleton')).toHaveCount(0);
});

test('a signed-out start: the dashboard numbers asked for beside the session check are refused, and signing in shows them with no error on the way', async ({ page, server }) => {
  const who = account('greta');
  await accountWithSubscriptions(page, server.url, who.username);
  await signOut(page);
  const refused: string[] = [];
  page.on('response', (response) => {
    if (response.status() === 401) refused.push(new URL(response.url()).pathname);
  });
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await expect.poll(() => refused).toContain('/api/dashboard/stats');
  // Every alert that shows up from here on (a refusal left in the cache would show as "could not load").
  await page.locator('body').evaluate((body) => {
    const seen: string[] = [];
    const view = body.ownerDocument.defaultView!;
    (view as unknown as { alertsSeen: string[] }).alertsSeen = seen;
    new view.MutationObserver(() => body.querySelectorAll('[role="alert"]').forEach((a: { textContent: string | null }) => seen.push(a.textContent ?? ''))).observe(body, { subtree: true, childList: true });
  });
  await signIn(page, who);
  await expect(card(page, 'Monthly spend')).toContainText('$132.50');
  await expect(card(page, 'Monthly spend')).toContainText('2 active');
  expect(await page.locator('body').evaluate((body) => (body.ownerDocument.defaultView as unknown as { alertsSeen: string[] }).alertsSeen)).toEqual([]);
});

test('once the dashboard is idle the other screens’ code is fetched, so opening one fetches no script', async ({ page, server }) => {
  await accountWithSubscriptions(page, server.url);
  const scripts: string[] = [];
  page.on('request', (request) => {
    if (request.resourceType() === 'script') scripts.push(apiPath(request));
  });
  // Only this load's requests: the page before the reload prefetched too, and its requests may still be reported.
  await page.reload({ waitUntil: 'commit' });
  scripts.length = 0;
  await expect(card(page, 'Monthly spend')).toContainText('$132.50');
  for (const screen of ['SubscriptionsScreen', 'RemindersScreen', 'SettingsScreen']) {
    await expect.poll(() => scripts.some((s) => s.includes(`/${screen}-`)), `${screen} prefetched`).toBe(true);
  }
  // The idle prefetch goes on past those three (sign-in, the invitation screen...): wait until it has fetched everything.
  await page.waitForLoadState('networkidle');
  const before = scripts.length;
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Subscriptions' }).click();
  await expect(page.getByTestId('subscription-row').filter({ hasText: 'Slack' })).toBeVisible();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
  await expect(page.getByRole('region', { name: 'General' })).toBeVisible();
  expect(scripts.slice(before)).toEqual([]);
});
