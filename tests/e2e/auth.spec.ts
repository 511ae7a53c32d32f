import { account, expect, register, signIn, signOut, test } from './fixtures';

test('a new user registers, signs out and signs back in', async ({ page, server }) => {
  const alice = account('alice');
  await page.goto(server.url);
  await register(page, alice);
  await expect(page.locator('.sidebar-foot')).toContainText('alice');
  await expect(page.locator('.sidebar-foot')).toContainText('Alice GmbH');

  await signOut(page);
  await signIn(page, { username: alice.username, password: 'not-the-password' });
  await expect(page.getByRole('alert')).toHaveText('Wrong username/email or password');

  await page.getByLabel('Password').fill(alice.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.locator('.sidebar-foot')).toContainText('alice');

  await page.reload();
  await expect(page.locator('.sidebar-foot')).toContainText('alice');
});

test('registration errors appear under their fields and the first gets focus', async ({ page, server }) => {
  await page.goto(server.url);
  await page.getByLabel('Work email').fill('not-an-email');
  await page.getByLabel('Password').fill('short');
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByText('Email must be a valid address, like you@company.com')).toBeVisible();
  await expect(page.getByText('Username must be at least 3 characters')).toBeVisible();
  await expect(page.getByText('Password must be at least 8 characters')).toBeVisible();
  await expect(page.getByLabel('Work email')).toBeFocused();
});

test('a second account on the same install sees none of the first one', async ({ browser, server }) => {
  const first = await browser.newContext();
  const page1 = await first.newPage();
  await page1.goto(server.url);
  await register(page1, account('alice'));

  const second = await browser.newContext();
  const page2 = await second.newPage();
  await page2.goto(server.url);
  await page2.getByRole('button', { name: 'Create an account' }).click();
  await register(page2, account('bob'));
  await expect(page2.locator('.sidebar-foot')).toContainText('bob');
  await expect(page2.locator('body')).not.toContainText('alice');
  await expect(page2.locator('body')).not.toContainText('Alice GmbH');

  // the first browser is still alice's
  await page1.reload();
  await expect(page1.locator('.sidebar-foot')).toContainText('alice');
  await first.close();
  await second.close();
});

test('the CSP header is strict and the page runs under it without violations', async ({ page, server }) => {
  const violations: string[] = [];
  page.on('console', (msg) => {
    if (/Content Security Policy/i.test(msg.text())) violations.push(msg.text());
  });
  const response = await page.goto(server.url);
  expect(response!.headers()['content-security-policy']).toContain("script-src 'self'");
  await expect(page.getByRole('heading', { name: 'Create your account' })).toBeVisible();
  expect(violations).toEqual([]);
});

test('after many failed sign-ins from this browser the form says, in words, when to try again', async ({ page, server }) => {
  const alice = account('alice');
  await page.goto(server.url);
  await register(page, alice);
  await signOut(page);
  await signIn(page, { username: alice.username, password: 'not-the-password' });
  await expect(page.getByRole('alert')).toHaveText('Wrong username/email or password');
  // Password spraying: one password tried on many usernames from this address.
  const sprayed = await Promise.all(
    Array.from({ length: 19 }, (_, i) => page.request.post(`${server.url}/api/auth/login`, { data: { username: `staff${i}`, password: 'Winter2026!' } })),
  );
  expect(sprayed.map((r) => r.status())).toEqual(Array(19).fill(401));

  await page.getByLabel('Password').fill(alice.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toHaveText(/^Too many failed sign-ins from this device or network\. Try again in (1 minute|\d+ seconds)\.$/);
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
});
