import type { APIRequestContext, Page } from '@playwright/test';
import { account, expect, register, signIn, test, type Account } from './fixtures';

// Settings → Account: details, password, sessions and deleting the account, as a user does it.

async function openSettings(page: Page): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
  await expect(page.getByRole('heading', { name: 'Settings', level: 1 })).toBeVisible();
}

/** The sidebar's Sign out (Settings has other "Sign out …" buttons). */
async function signOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Sign out', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
}

/** Another account on the same install, made over REST so no browser holds its session. */
async function registerElsewhere(request: APIRequestContext, url: string, who: Account): Promise<void> {
  const response = await request.post(`${url}/api/auth/register`, { data: { email: who.email, username: who.username, password: who.password, company_name: who.company } });
  expect(response.status()).toBe(201);
}

test('changing the password: the new one signs in, the old one is refused, and mistakes show under their fields', async ({ page, server }) => {
  const alice = account('alice');
  await page.goto(server.url);
  await register(page, alice);
  await openSettings(page);
  const section = page.getByRole('region', { name: 'Password' });

  await section.getByLabel('Current password').fill(alice.password);
  await section.getByLabel('New password', { exact: true }).fill('a brand new secret');
  await section.getByLabel('Repeat new password').fill('a brand new secreT');
  await section.getByRole('button', { name: 'Change password' }).click();
  await expect(section.getByLabel('Repeat new password')).toBeFocused();
  await expect(section.getByLabel('Repeat new password')).toHaveAccessibleDescription('The two new passwords are not the same');

  await section.getByLabel('Current password').fill('not my password');
  await section.getByLabel('Repeat new password').fill('a brand new secret');
  await section.getByRole('button', { name: 'Change password' }).click();
  await expect(section.getByLabel('Current password')).toBeFocused();
  await expect(section.getByLabel('Current password')).toHaveAccessibleDescription('That is not your current password');

  await section.getByLabel('Current password').fill(alice.password);
  await section.getByRole('button', { name: 'Change password' }).click();
  await expect(section.getByRole('status')).toHaveText('✓ Password changed. No other session was signed in.');
  await expect(section.getByLabel('Current password')).toHaveValue('');

  // Still signed in here after the change, across a reload.
  await page.reload();
  await expect(page.locator('.sidebar-foot')).toContainText('alice');

  await signOut(page);
  await signIn(page, { username: alice.username, password: alice.password });
  await expect(page.getByRole('alert')).toHaveText('Wrong username/email or password');
  await page.getByLabel('Password').fill('a brand new secret');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.locator('.sidebar-foot')).toContainText('alice');
});

test('editing email and company: the sidebar foot follows at once, a taken username is refused under its field', async ({ page, server, request }) => {
  await registerElsewhere(request, server.url, account('bob'));
  const alice = account('alice');
  await page.goto(server.url);
  await page.getByRole('button', { name: 'Create an account' }).click();
  await register(page, alice);
  await openSettings(page);
  const section = page.getByRole('region', { name: 'Account', exact: true });
  await expect(section.getByLabel('Email')).toHaveValue('alice@example.com');
  await expect(section.getByLabel('Company name')).toHaveValue('Alice GmbH');

  await section.getByLabel('Email').fill('alice@holdings.example');
  await section.getByLabel('Company name').fill('Alice Holdings');
  await section.getByRole('button', { name: 'Save account details' }).click();
  await expect(section.getByRole('status')).toHaveText('✓ Saved.');
  await expect(page.locator('.sidebar-foot')).toContainText('Alice Holdings');

  await section.getByLabel('Username').fill('bob');
  await section.getByRole('button', { name: 'Save account details' }).click();
  await expect(section.getByLabel('Username')).toBeFocused();
  await expect(section.getByText('This username is taken')).toBeVisible();
  await expect(page.locator('.sidebar-foot')).toContainText('alice');

  await page.reload();
  await expect(page.locator('.sidebar-foot')).toContainText('Alice Holdings');
  await expect(page.getByRole('region', { name: 'Account', exact: true }).getByLabel('Email')).toHaveValue('alice@holdings.example');
  await signOut(page);
  await signIn(page, { username: 'alice@holdings.example', password: alice.password });
  await expect(page.locator('.sidebar-foot')).toContainText('alice');
});

test('sessions: two browsers listed, this one marked, the other signed out from here', async ({ browser, server }) => {
  const alice = account('alice');
  const laptopContext = await browser.newContext();
  const laptop = await laptopContext.newPage();
  await laptop.goto(server.url);
  await register(laptop, alice);

  const phoneContext = await browser.newContext();
  const phone = await phoneContext.newPage();
  await phone.goto(server.url);
  await signIn(phone, alice);
  await expect(phone.locator('.sidebar-foot')).toContainText('alice');

  await openSettings(laptop);
  const sessions = laptop.getByRole('region', { name: 'Sessions' });
  const rows = sessions.getByRole('listitem');
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(0)).toContainText('Chrome on Linux');
  await expect(rows.nth(0)).toContainText('This device');
  await expect(rows.nth(0)).toContainText('active now');
  await expect(rows.nth(1)).not.toContainText('This device');
  await expect(rows.nth(1)).toContainText(/last active (now|this minute|\d+ minutes? ago)/);

  await rows.nth(1).getByRole('button', { name: /^Sign out Chrome on Linux/ }).click();
  await expect(sessions.getByRole('status')).toHaveText('✓ Session signed out');
  await expect(rows).toHaveCount(1);
  await phone.reload();
  await expect(phone.getByRole('heading', { name: 'Sign in' })).toBeVisible();

  // Signed in again there; "Sign out everywhere else" asks first, then keeps only this browser.
  await signIn(phone, alice);
  await expect(phone.locator('.sidebar-foot')).toContainText('alice');
  await laptop.reload();
  await expect(rows).toHaveCount(2);
  await sessions.getByRole('button', { name: 'Sign out everywhere else' }).click();
  const dialog = laptop.getByRole('alertdialog', { name: 'Sign out everywhere else?' });
  await expect(dialog).toContainText('The other session will have to sign in again. This device stays signed in.');
  await dialog.getByRole('button', { name: 'Sign out everywhere else' }).click();
  await expect(sessions.getByRole('status')).toHaveText('✓ Signed out 1 other session');
  await expect(rows).toHaveCount(1);
  await expect(sessions.getByRole('button', { name: 'Sign out everywhere else' })).toBeDisabled();
  await phone.reload();
  await expect(phone.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await laptop.reload();
  await expect(laptop.locator('.sidebar-foot')).toContainText('alice');

  await laptopContext.close();
  await phoneContext.close();
});

test('deleting the account asks for the password and a confirmation; another account on the install is untouched', async ({ page, server, request }) => {
  const bob = account('bob');
  await registerElsewhere(request, server.url, bob);
  const alice = account('alice');
  await page.goto(server.url);
  await page.getByRole('button', { name: 'Create an account' }).click();
  await register(page, alice);
  await openSettings(page);
  const section = page.getByRole('region', { name: 'Delete account' });
  const password = section.getByLabel('Your password');

  await section.getByRole('button', { name: 'Delete account…' }).click();
  await expect(password).toBeFocused();
  await expect(password).toHaveAccessibleDescription('Enter your password to delete the account');

  await password.fill('not my password');
  await section.getByRole('button', { name: 'Delete account…' }).click();
  await page.getByRole('alertdialog', { name: 'Delete the account alice?' }).getByRole('button', { name: 'Delete account' }).click();
  await expect(password).toHaveAccessibleDescription('That is not your current password');
  await expect(password).toBeFocused();

  // Cancel changes nothing.
  await password.fill(alice.password);
  await section.getByRole('button', { name: 'Delete account…' }).click();
  await page.getByRole('alertdialog', { name: 'Delete the account alice?' }).getByRole('button', { name: 'Cancel' }).click();
  await page.reload();
  await expect(page.locator('.sidebar-foot')).toContainText('alice');

  await page.getByRole('region', { name: 'Delete account' }).getByLabel('Your password').fill(alice.password);
  await page.getByRole('region', { name: 'Delete account' }).getByRole('button', { name: 'Delete account…' }).click();
  const dialog = page.getByRole('alertdialog', { name: 'Delete the account alice?' });
  await expect(dialog).toContainText('This cannot be undone here');
  await dialog.getByRole('button', { name: 'Delete account' }).click();
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();

  await signIn(page, alice);
  await expect(page.getByRole('alert')).toHaveText('Wrong username/email or password');
  await page.getByLabel('Username or email').fill(bob.username);
  await page.getByLabel('Password').fill(bob.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.locator('.sidebar-foot')).toContainText('Bob GmbH');
});
