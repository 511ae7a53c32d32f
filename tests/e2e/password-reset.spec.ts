import { startTestSmtpServer, type TestSmtpServer } from '../support/smtp-server';
import { account, expect, register, signIn, signOut, startServer, test } from './fixtures';

// Forgot password on a team server: the server's SMTP_URL sends the link, the link opens the reset page,
// it works once, and the new password signs in.

let smtp: TestSmtpServer;
test.beforeAll(async () => {
  smtp = await startTestSmtpServer({ mode: 'plain' });
});
test.afterAll(async () => {
  await smtp.stop();
});

test('a forgotten password is reset from the emailed link once, and the new one signs in', async ({ page }) => {
  const server = await startServer({ SMTP_URL: `smtp://127.0.0.1:${smtp.port}?starttls=never&from=${encodeURIComponent('no-reply@company.test')}` });
  try {
    const ana = account('ana');
    await page.goto(server.url);
    await register(page, ana);
    await signOut(page);

    await page.getByRole('button', { name: 'Forgot password?' }).click();
    await expect(page.getByRole('heading', { name: 'Reset your password' })).toBeVisible();
    await page.getByRole('button', { name: 'Email me a link' }).click();
    await expect(page.getByText('Enter your username or email')).toBeVisible();
    await page.getByLabel('Username or email').fill(ana.email);
    await page.getByRole('button', { name: 'Email me a link' }).click();
    await expect(page.getByRole('heading', { name: 'Check your email' })).toBeVisible();
    await expect(page.getByRole('status')).toContainText('If an account matches, we have emailed it a link');

    const [mail] = await smtp.waitForMails(1);
    expect(mail!.envelope.to).toEqual([ana.email]);
    const link = /http:\/\/127\.0\.0\.1:\d+\/#\/reset\/[A-Za-z0-9_-]{43}/.exec(mail!.text ?? '')?.[0];
    expect(link, mail!.text).toBeTruthy();
    expect(link!.startsWith(`${server.url}/#/reset/`)).toBe(true);

    await page.goto(link!);
    await expect(page.getByRole('heading', { name: 'Choose a new password' })).toBeVisible();
    await page.getByLabel('New password', { exact: true }).fill('a brand new passphrase');
    await page.getByLabel('Repeat new password').fill('a brand new typo');
    await page.getByRole('button', { name: 'Set new password' }).click();
    await expect(page.getByText('The two new passwords are not the same')).toBeVisible();
    await expect(page.getByLabel('Repeat new password')).toBeFocused();
    await page.getByLabel('Repeat new password').fill('a brand new passphrase');
    await page.getByRole('button', { name: 'Set new password' }).click();
    await expect(page.getByRole('heading', { name: 'Password changed' })).toBeVisible();
    await expect(page.getByRole('status')).toHaveText('Your password has been changed and every device was signed out. Sign in with the new password.');

    await page.getByRole('button', { name: 'Sign in' }).click();
    await signIn(page, { username: ana.username, password: 'a brand new passphrase' });
    await expect(page.locator('main#main')).toBeVisible();

    // The same link again: refused in words, above the form.
    await signOut(page);
    await page.goto(link!);
    await page.getByLabel('New password', { exact: true }).fill('someone else entirely');
    await page.getByLabel('Repeat new password').fill('someone else entirely');
    await page.getByRole('button', { name: 'Set new password' }).click();
    await expect(page.getByRole('alert')).toHaveText('This reset link has already been used; ask for a new one from the sign-in screen if you need it');
  } finally {
    await server.stop();
  }
});

test('a server that cannot email a link (no SMTP_URL, like the desktop app) does not offer "Forgot password?"', async ({ page }) => {
  const server = await startServer();
  try {
    const bo = account('bodil');
    await page.goto(server.url);
    await register(page, bo);
    await signOut(page);
    await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Forgot password?' })).toHaveCount(0);
    await signIn(page, bo);
    await expect(page.getByRole('heading', { name: 'Dashboard' })).toBeVisible();
  } finally {
    await server.stop();
  }
});
