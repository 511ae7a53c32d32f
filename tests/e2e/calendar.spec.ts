import { expect, test, account, register } from './fixtures';

// Settings → Calendar in browser mode: the file downloads, the feed URL is shown once and works signed out,
// regenerating stops the old one, revoking stops every one.

test('downloads the .ics, shows a feed URL once that a calendar app can read, regenerates and revokes it', async ({ page, server, browser }) => {
  await page.setViewportSize({ width: 360, height: 800 });
  await page.goto(server.url);
  await register(page, account('dora'));
  await page.evaluate(() =>
    fetch('/api/expenses', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'Figma', category: 'Design', amount: 45, renewal_date: '2030-01-31' }) }),
  );
  await page.goto(`${server.url}/#/settings`);
  const calendar = page.getByRole('region', { name: 'Calendar' });
  await calendar.scrollIntoViewIfNeeded();

  const download = page.waitForEvent('download');
  await calendar.getByRole('button', { name: 'Download .ics' }).click();
  expect((await download).suggestedFilename()).toMatch(/^spend-manager-.+\.ics$/);

  await calendar.getByRole('button', { name: 'Create feed URL' }).click();
  const field = calendar.getByLabel('Feed URL (shown only now: copy it into your calendar app)');
  const first = await field.inputValue();
  expect(first).toMatch(new RegExp(`^${server.url}/api/calendar/[A-Za-z0-9_-]{43}\\.ics$`));
  await expect(calendar.getByText('Anyone with this URL can read this calendar: keep it private, and regenerate it if it leaks.')).toBeVisible();
  // No horizontal scroll at 360 px with the URL shown.
  expect(await page.locator('html').evaluate((root) => root.scrollWidth <= root.ownerDocument.defaultView!.innerWidth)).toBe(true);
  await calendar.screenshot({ path: 'test-results/settings-calendar-360.png' });

  // A calendar app has no cookie: a fresh context reads the feed.
  const app = await browser.newContext();
  const feed = await app.request.get(first);
  expect(feed.status()).toBe(200);
  expect(await feed.text()).toContain('SUMMARY:Figma — $45.00');

  await calendar.getByRole('button', { name: 'Regenerate' }).click();
  await page.getByRole('alertdialog', { name: 'Make a new feed URL?' }).getByRole('button', { name: 'Regenerate' }).click();
  await expect(field).not.toHaveValue(first);
  expect((await app.request.get(first)).status()).toBe(404);
  const second = await field.inputValue();
  expect((await app.request.get(second)).status()).toBe(200);

  await calendar.getByRole('button', { name: 'Revoke' }).click();
  await page.getByRole('alertdialog', { name: 'Revoke the feed URL?' }).getByRole('button', { name: 'Revoke' }).click();
  await expect(calendar.getByRole('status')).toHaveText('The feed URL is revoked: calendars subscribed to it stop updating.');
  await expect(calendar.getByRole('button', { name: 'Create feed URL' })).toBeVisible();
  await page.reload();
  await expect(page.getByRole('region', { name: 'Calendar' }).getByRole('button', { name: 'Create feed URL' })).toBeVisible();
  expect((await app.request.get(second)).status()).toBe(404);
  await app.close();
});
