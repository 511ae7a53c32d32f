import type { Page } from '@playwright/test';
import { account, expect, register, test } from './fixtures';

async function openSettings(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await register(page, account('carol'));
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
  await expect(page.getByRole('heading', { name: 'Settings', level: 1 })).toBeVisible();
}

test('a new base currency and an added exchange rate are still there after a reload', async ({ page, server }) => {
  await openSettings(page, server.url);

  const general = page.getByRole('region', { name: 'General' });
  await expect(general.getByLabel('Base currency')).toHaveValue('USD');
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
});

test('an invalid rate is refused in words under its field, focused, and nothing is saved', async ({ page, server }) => {
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

  await add.fill('14');
  await add.press('Enter');
  await add.fill('1');
  await reminders.getByRole('button', { name: 'Add', exact: true }).click();
  await reminders.getByRole('button', { name: 'Remove 7 days before' }).click();
  await expect(days.getByRole('listitem')).toHaveText(['14 days before×', '1 day before×']);
  await reminders.getByLabel('Time of day').fill('08:30');
  await reminders.getByRole('button', { name: 'Save reminder settings' }).click();
  await expect(reminders.getByRole('status')).toHaveText('✓ Saved. New reminders go out 14 days before and 1 day before at 08:30.');

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
