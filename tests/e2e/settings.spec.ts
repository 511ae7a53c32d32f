import net from 'node:net';
import type { Page } from '@playwright/test';
import { account, expect, register, test } from './fixtures';

async function openSettings(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await register(page, account('carol'));
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
  await expect(page.getByRole('heading', { name: 'Settings', level: 1 })).toBeVisible();
}

test('base currency and an added rate survive a reload; a base with no rate is refused under its field; rates follow a new base and dates a new locale', async ({ page, server }) => {
  await openSettings(page, server.url);

  const general = page.getByRole('region', { name: 'General' });
  await expect(general.getByLabel('Base currency')).toHaveValue('USD');
  await expect(page.getByRole('region', { name: 'Email (SMTP)' })).toBeVisible();
  // Launch at login belongs to the desktop app only.
  await expect(page.getByRole('region', { name: 'Desktop' })).toHaveCount(0);
  await general.getByLabel('Base currency').selectOption('EUR');
  await general.getByRole('button', { name: 'Save general settings' }).click();
  await expect(general.getByRole('status')).toHaveText('✓ Saved. Totals are now in EUR.');

  const rates = page.getByRole('region', { name: 'Exchange rates' });
  await expect(rates).toContainText('Subscriptions in a currency without a rate are shown in their own currency and are not counted in totals.');
  await expect(rates.getByText('No rates yet')).toBeVisible();
  await rates.getByRole('button', { name: 'Add a rate' }).click();
  await rates.getByLabel('Currency 1').selectOption('USD');
  await rates.getByLabel('1 USD in EUR').fill('0.92');
  await rates.getByRole('button', { name: 'Save rates' }).click();
  await expect(rates.getByRole('status')).toHaveText('✓ Saved 1 rate.');

  await page.reload();
  await expect(page.getByRole('region', { name: 'General' }).getByLabel('Base currency')).toHaveValue('EUR');
  const after = page.getByRole('region', { name: 'Exchange rates' });
  await expect(after.getByLabel('Currency 1')).toHaveValue('USD');
  await expect(after.getByLabel('1 USD in EUR')).toHaveValue('0.92');
  await expect(after.getByRole('columnheader', { name: 'Worth in EUR' })).toBeVisible();

  // A base with no rate is refused by the server, in words under the field, which gets focus.
  const generalAgain = page.getByRole('region', { name: 'General' });
  await generalAgain.getByLabel('Base currency').selectOption('GBP');
  await expect(generalAgain.getByRole('note')).toHaveText('Your exchange rates are in EUR and there is none for GBP: add a rate for GBP first.');
  await generalAgain.getByLabel('Time zone').focus();
  await generalAgain.getByRole('button', { name: 'Save general settings' }).click();
  const baseField = generalAgain.getByLabel('Base currency');
  await expect(baseField).toBeFocused();
  await expect(baseField).toHaveAttribute('aria-invalid', 'true');
  await expect(generalAgain.getByText('Your exchange rates are in EUR: add a rate for GBP first')).toBeVisible();

  // Back to USD, which has a rate: the saved rates are re-expressed against it, and dates follow the new locale.
  await baseField.selectOption('USD');
  await generalAgain.getByLabel('Language and region').selectOption('de-DE');
  await expect(generalAgain.getByText('Looks like: 1.234,56 · 31.03.2027')).toBeVisible();
  await generalAgain.getByLabel('Time zone').selectOption('Europe/Berlin');
  await generalAgain.getByRole('button', { name: 'Save general settings' }).click();
  await expect(generalAgain.getByRole('status')).toHaveText('✓ Saved. Totals are now in USD.');
  await expect(generalAgain.getByText('In use now: Europe/Berlin')).toBeVisible();
  await expect(after.getByLabel('1 EUR in USD')).toHaveValue(/^1\.08695652/);
  await expect(after.getByText(/typed by you, \d{2}\.\d{2}\.\d{4}/)).toBeVisible();
});

test('an invalid rate is refused in words under its field, focused, and nothing is saved', async ({ page, server }) => {
  const violations: string[] = [];
  page.on('console', (msg) => {
    if (/Content Security Policy/i.test(msg.text())) violations.push(msg.text());
  });
  await openSettings(page, server.url);
  const rates = page.getByRole('region', { name: 'Exchange rates' });
  await rates.getByRole('button', { name: 'Add a rate' }).click();
  await rates.getByLabel('Currency 1').selectOption('GBP');
  const rate = rates.getByLabel('1 GBP in USD');
  await rate.fill('1,27abc');
  await rates.getByRole('button', { name: 'Save rates' }).click();

  await expect(rate).toHaveAttribute('aria-invalid', 'true');
  await expect(rate).toBeFocused();
  await expect(rate).toHaveAccessibleDescription('Rate must be a positive decimal number, like 1.08');
  await expect(rates.getByRole('status')).toHaveText('');

  // The same currency twice is caught too, on the second row.
  await rate.fill('1.27');
  await rates.getByRole('button', { name: 'Add a rate' }).click();
  await rates.getByLabel('Currency 2').selectOption('GBP');
  await rates.getByLabel('1 GBP in USD').nth(1).fill('1.3');
  await rates.getByRole('button', { name: 'Save rates' }).click();
  await expect(rates.getByLabel('Currency 2')).toHaveAccessibleDescription('GBP is listed twice; keep one rate per currency');
  await expect(rates.getByLabel('Currency 2')).toBeFocused();

  await page.reload();
  await expect(page.getByRole('region', { name: 'Exchange rates' }).getByText('No rates yet')).toBeVisible();
  expect(violations).toEqual([]);
});

test('reminder days and time of day are saved and still there after a reload', async ({ page, server }) => {
  await openSettings(page, server.url);
  const reminders = page.getByRole('region', { name: 'Reminders' });
  const days = reminders.getByRole('list', { name: 'Reminder days' });
  await expect(days.getByRole('listitem')).toHaveText(['7 days before×']);
  await expect(reminders.getByText('Reminders are on.')).toBeVisible();

  // Out of range: said in words under the box, which keeps focus.
  const add = reminders.getByLabel('Add days before');
  await add.fill('400');
  await add.press('Enter');
  await expect(add).toHaveAccessibleDescription('Reminder days must be at most 365');

  await add.fill('30');
  await add.press('Enter');
  await add.fill('1');
  await reminders.getByRole('button', { name: 'Add', exact: true }).click();
  await expect(days.getByRole('listitem')).toHaveText(['30 days before×', '7 days before×', '1 day before×']);
  await reminders.getByLabel('Time of day').fill('08:30');
  await reminders.getByRole('button', { name: 'Save reminder settings' }).click();
  // One list, not "30 days before and 7 days before and 1 day before at 08:30".
  await expect(reminders.getByRole('status')).toHaveText('✓ Saved. New reminders go out 30, 7 and 1 day before, at 08:30.');

  await reminders.getByRole('button', { name: 'Remove 7 days before' }).click();
  await reminders.getByRole('button', { name: 'Remove 30 days before' }).click();
  await add.fill('14');
  await add.press('Enter');
  await reminders.getByRole('button', { name: 'Save reminder settings' }).click();
  await expect(reminders.getByRole('status')).toHaveText('✓ Saved. New reminders go out 14 and 1 day before, at 08:30.');

  await page.reload();
  const after = page.getByRole('region', { name: 'Reminders' });
  await expect(after.getByRole('list', { name: 'Reminder days' }).getByRole('listitem')).toHaveText(['14 days before×', '1 day before×']);
  await expect(after.getByLabel('Time of day')).toHaveValue('08:30');
});

test('pausing reminders says until when, here and on the Reminders screen, and Resume turns them back on', async ({ page, server }) => {
  await openSettings(page, server.url);
  const reminders = page.getByRole('region', { name: 'Reminders' });
  await reminders.getByRole('button', { name: 'Pause for 1 hour' }).click();
  await expect(reminders.getByText(/^Reminders are paused until .+ \(in (60 minutes|1 hour)\)\.$/)).toBeVisible();

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Reminders' }).click();
  await expect(page.getByRole('note')).toContainText('Reminders are paused until');
  await page.getByRole('link', { name: 'resume in Settings' }).click();

  await page.reload();
  const after = page.getByRole('region', { name: 'Reminders' });
  await expect(after.getByText(/^Reminders are paused until /)).toBeVisible();
  await after.getByRole('button', { name: 'Resume reminders' }).click();
  await expect(after.getByText('Reminders are on.')).toBeVisible();
  await page.reload();
  await expect(page.getByRole('region', { name: 'Reminders' }).getByText('Reminders are on.')).toBeVisible();
});

test('the SMTP form shows every field error at once (a bad port and an empty sender), takes x@y.z, and keeps a bracketed IPv6 host as typed', async ({ page, server }) => {
  await openSettings(page, server.url);
  const email = page.getByRole('region', { name: 'Email (SMTP)' });
  await email.getByLabel('Host').fill('[zz]');
  await email.getByLabel('Port').fill('99999');
  await email.getByLabel('From address').fill('');
  await email.getByRole('button', { name: 'Save email settings' }).click();
  // All three at once, the first one focused: no second save needed to see the port's.
  await expect(email.getByLabel('Host')).toHaveAccessibleDescription('The address in brackets must be an IPv6 address, like [2001:db8::25]');
  await expect(email.getByLabel('Port')).toHaveAccessibleDescription('Port must be between 1 and 65535');
  await expect(email.getByLabel('From address')).toHaveAccessibleDescription('Sender is required');
  await expect(email.getByLabel('Host')).toBeFocused();

  await email.getByLabel('Host').fill('[::1]');
  await email.getByLabel('Port').fill('2525');
  await email.getByLabel('Security').selectOption('none');
  await email.getByLabel('From address').fill('x@y.z');
  await email.getByRole('button', { name: 'Save email settings' }).click();
  await expect(email.getByRole('status').first()).toHaveText('✓ Saved.');
  await page.reload();
  const saved = page.getByRole('region', { name: 'Email (SMTP)' });
  await expect(saved.getByLabel('Host')).toHaveValue('[::1]');
  await expect(saved.getByLabel('From address')).toHaveValue('x@y.z');
});

test('a test email to a port where nothing listens says so in words, with the exact error beside it', async ({ page, server }) => {
  const closed = await new Promise<number>((resolve) => {
    const probe = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
  await openSettings(page, server.url);
  const email = page.getByRole('region', { name: 'Email (SMTP)' });
  await email.getByLabel('Host').fill('127.0.0.1');
  await email.getByLabel('Security').selectOption('none');
  await email.getByLabel('Port').fill(String(closed));
  await email.getByLabel('From address').fill('reminders@example.com');
  await email.getByRole('button', { name: 'Save email settings' }).click();
  await expect(email.getByRole('status').first()).toHaveText('✓ Saved.');
  await email.getByRole('button', { name: 'Send test email' }).click();
  await expect(email.getByRole('alert')).toHaveText(
    `The test email could not be sent: Could not reach 127.0.0.1 on port ${closed}: nothing is listening there (connect ECONNREFUSED 127.0.0.1:${closed})`,
  );
});
