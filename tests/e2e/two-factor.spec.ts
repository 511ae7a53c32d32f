import { randomBytes } from 'node:crypto';
import { generate } from 'otplib';
import type { Page } from '@playwright/test';
import { account, expect, register, signIn, signOut, startServer, test, type Account } from './fixtures';

// Two-factor sign-in, turned on and off in Settings → Security; codes are made by otplib from the
// setup key, as the user's phone would.

const codeIn = (secret: string, stepsAhead = 0) => generate({ secret, epoch: Math.floor(Date.now() / 1000) + 30 * stepsAhead });
const WRONG_CODE = 'That code is not right: type the 6 digits your authenticator app shows now, or an unused recovery code';

// The server seals TOTP secrets with this key (there is no OS keychain here).
const serverWithKey = () => startServer({ SPEND_MANAGER_SECRET_KEY: randomBytes(32).toString('hex') });

/** Turns two-factor on through the API (the signed-in page's cookie), for tests about what follows. */
async function turnOnByApi(page: Page, url: string, who: Account): Promise<{ secret: string; codes: string[] }> {
  const { secret } = (await (await page.request.post(`${url}/api/auth/two-factor/begin`, { data: { password: who.password } })).json()) as { secret: string };
  const confirmed = await page.request.post(`${url}/api/auth/two-factor/confirm`, { data: { code: await codeIn(secret) } });
  expect(confirmed.status()).toBe(200);
  return { secret, codes: ((await confirmed.json()) as { recovery_codes: string[] }).recovery_codes };
}

async function openSettings(page: Page) {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
  return page.getByRole('region', { name: 'Security' });
}

async function signOutFromDashboard(page: Page) {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Dashboard' }).click();
  await signOut(page);
}

test('turned on in Settings with the key on screen and a code; the recovery codes are shown once, with a copy button', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const server = await serverWithKey();
  try {
    await page.goto(server.url);
    const bora = account('bora');
    await register(page, bora);
    const security = await openSettings(page);
    await expect(security.getByText('Two-factor sign-in is off.')).toBeVisible();
    await security.getByRole('button', { name: 'Turn on two-factor sign-in' }).click();
    await expect(security.getByText('Enter your password to turn two-factor sign-in on')).toBeVisible();
    await security.getByLabel('Password').fill('not-my-password');
    await security.getByRole('button', { name: 'Turn on two-factor sign-in' }).click();
    await expect(security.getByText('That is not your current password')).toBeVisible();
    await security.getByLabel('Password').fill(bora.password);
    await security.getByRole('button', { name: 'Turn on two-factor sign-in' }).click();

    const secret = (await security.getByLabel('Setup key').innerText()).replace(/\s+/g, '');
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    await expect(security.getByLabel('Setup link')).toHaveText(`otpauth://totp/Spend%20Manager:bora%40example.com?secret=${secret}&issuer=Spend%20Manager`);
    await security.getByLabel('Code from the app').fill('12345');
    await security.getByRole('button', { name: 'Turn on', exact: true }).click();
    await expect(security.getByText('Code must be the 6 digits your authenticator app shows')).toBeVisible();
    await expect(security.getByLabel('Code from the app')).toBeFocused();
    await security.getByLabel('Code from the app').fill(await codeIn(secret));
    await security.getByRole('button', { name: 'Turn on', exact: true }).click();

    const list = security.getByRole('list', { name: 'Recovery codes' });
    await expect(list.getByRole('listitem')).toHaveCount(10);
    const codes = await list.getByRole('listitem').allInnerTexts();
    for (const code of codes) expect(code).toMatch(/^[a-z2-9]{5}-[a-z2-9]{5}$/);
    await security.getByRole('button', { name: 'Copy codes' }).click();
    await expect(security.getByRole('status')).toHaveText('Copied');
    expect(await page.evaluate('navigator.clipboard.readText()')).toBe(codes.join('\n'));
    await security.getByRole('button', { name: 'I have saved them' }).click();
    await expect(security.getByText(/Two-factor sign-in is on since .+\. 10 recovery codes are left\./)).toBeVisible();
    await page.reload();
    await expect(security.getByText(/10 recovery codes are left\./)).toBeVisible();
    await expect(security.getByRole('list', { name: 'Recovery codes' })).toHaveCount(0);
  } finally {
    await server.stop();
  }
});

test('sign-in asks for the code: a wrong one is refused under the field, a recovery code or the app code signs in', async ({ page }) => {
  const server = await serverWithKey();
  try {
    const kai: Account = account('kai');
    await page.goto(server.url);
    await register(page, kai);
    const { secret, codes } = await turnOnByApi(page, server.url, kai);
    await signOutFromDashboard(page);

    await signIn(page, kai);
    await expect(page.getByRole('heading', { name: 'Two-step sign-in' })).toBeVisible();
    await page.getByLabel('Code', { exact: true }).fill('zzzzz-zzzzz');
    await page.getByRole('button', { name: 'Verify' }).click();
    await expect(page.getByText(WRONG_CODE)).toBeVisible();
    await expect(page.getByLabel('Code', { exact: true })).toBeFocused();
    await page.getByLabel('Code', { exact: true }).fill(codes[0]!);
    await page.getByRole('button', { name: 'Verify' }).click();
    await expect(page.locator('main#main')).toBeVisible();

    // With a code from the app: the next one, since the one that turned it on is used up.
    await signOutFromDashboard(page);
    await signIn(page, kai);
    await page.getByLabel('Code', { exact: true }).fill(await codeIn(secret, 1));
    await page.getByRole('button', { name: 'Verify' }).click();
    await expect(page.locator('main#main')).toBeVisible();
  } finally {
    await server.stop();
  }
});

test('turned off in Settings with the password and an unused code; then the password alone signs in', async ({ page }) => {
  const server = await serverWithKey();
  try {
    const lu = account('luna');
    await page.goto(server.url);
    await register(page, lu);
    const { codes } = await turnOnByApi(page, server.url, lu);
    const security = await openSettings(page);
    await expect(security.getByText(/10 recovery codes are left\./)).toBeVisible();
    await security.getByRole('button', { name: 'Turn off two-factor sign-in' }).click();
    await expect(security.getByText('Enter your password to turn two-factor sign-in off')).toBeVisible();
    await security.getByLabel('Password').fill(lu.password);
    await security.getByLabel('Code or recovery code').fill('zzzzz-zzzzz');
    await security.getByRole('button', { name: 'Turn off two-factor sign-in' }).click();
    await expect(security.getByText(WRONG_CODE)).toBeVisible();
    await security.getByLabel('Code or recovery code').fill(codes[1]!);
    await security.getByRole('button', { name: 'Turn off two-factor sign-in' }).click();
    await expect(security.getByText('Two-factor sign-in is off.')).toBeVisible();

    await signOutFromDashboard(page);
    await signIn(page, lu);
    await expect(page.locator('main#main')).toBeVisible();
  } finally {
    await server.stop();
  }
});
