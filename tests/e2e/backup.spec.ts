import fs from 'node:fs';
import type { Page } from '@playwright/test';
import { account, expect, register, test } from './fixtures';
import { isoInDays, seedExpenses } from './seed';

// Back up and restore in the browser, as a user does it: Settings → Data (where the desktop File menu's
// "Back up or restore…" opens, #/settings/data), the backup saved as a file, a change made, the file chosen
// again, the sentence that says what will change read, and the data as it was.

const nav = (page: Page) => page.getByRole('navigation', { name: 'Main' });

test('backs up the workspace, restores the file after reading what will change, and the list is as it was', async ({ page, server }) => {
  test.setTimeout(60_000);
  await page.goto(server.url);
  await register(page, account('bea'));
  await seedExpenses(page, [
    { name: 'Figma', amount: 45, renewal_date: isoInDays(20) },
    { name: 'Linear', amount: 8, renewal_date: isoInDays(12) },
  ]);

  await page.goto(`${server.url}/#/settings/data`);
  const data = page.getByRole('region', { name: 'Data' });
  await expect(data).toBeInViewport();
  const download = page.waitForEvent('download');
  await data.getByRole('button', { name: 'Back up now' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^spend-manager-backup-.+\.json$/);
  const saved = fs.readFileSync(await file.path());
  expect(JSON.parse(saved.toString('utf8'))).toMatchObject({ format: 'spend-manager/workspace-backup', subscriptions: [{ name: 'Figma' }, { name: 'Linear' }] });
  await expect(data.getByRole('status')).toContainText(`Saved ${file.suggestedFilename()}`);

  await seedExpenses(page, [{ name: 'Notion', amount: 10, renewal_date: isoInDays(5) }]);

  const chooser = page.waitForEvent('filechooser');
  await data.getByRole('button', { name: 'Restore…' }).click();
  await (await chooser).setFiles({ name: file.suggestedFilename(), mimeType: 'application/json', buffer: saved });
  const confirm = data.getByRole('alertdialog', { name: 'Restore this backup?' });
  await expect(confirm).toContainText(/Replaces 3 subscriptions with 2 from the backup of/);
  await confirm.getByRole('button', { name: 'Replace with the backup' }).click();
  await expect(data.getByRole('status')).toContainText('Restored 2 subscriptions');

  await nav(page).getByRole('link', { name: 'Subscriptions' }).click();
  await expect(page.getByText('Figma').first()).toBeVisible();
  await expect(page.getByText('Linear').first()).toBeVisible();
  await expect(page.getByText('Notion')).toHaveCount(0);
});
