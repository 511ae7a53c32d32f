import fs from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { account, expect, register, test } from './fixtures';
import { sidewaysOverflow } from './overflow';
import { isoInDays } from './seed';

// Import in the browser, as a new user does it: a German sheet (semicolons, decimal commas, day-first dates,
// one bad row) through the preview, the bad row skipped, the rows on the dashboard; a Wallos export dropped
// on the window; the export saved; the import undone. At 360 px nothing scrolls sideways.

test.use({ locale: 'de-DE' });

const nav = (page: Page) => page.getByRole('navigation', { name: 'Main' });
const dmy = (iso: string) => `${iso.slice(8, 10)}.${iso.slice(5, 7)}.${iso.slice(0, 4)}`;

function germanSheet(rows: number): string {
  const lines = ['Dienst;Betrag;Währung;Zyklus;Nächste Zahlung;Kategorie'];
  for (let i = 1; i <= rows; i++) lines.push(`Werkzeug ${i};${i},50;USD;Monthly;${dmy(isoInDays(10 + (i % 20)))};Software`);
  lines.push(`Kaputt;abc;USD;Monthly;${dmy(isoInDays(5))};Software`);
  return lines.join('\r\n');
}

test('imports a 200-row German sheet through the preview, skipping the bad row; exports it; undoes it', async ({ page, server }) => {
  test.setTimeout(90_000);
  await page.goto(server.url);
  await register(page, account('ines'));
  await nav(page).getByRole('link', { name: 'Import' }).click();
  await expect(page.getByRole('heading', { name: 'Import', level: 1 })).toBeVisible();

  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Choose file…' }).click();
  await (await chooser).setFiles({ name: 'abos.csv', mimeType: 'text/csv', buffer: Buffer.from(germanSheet(200)) });

  const preview = page.getByRole('region', { name: 'abos.csv' });
  await expect(preview).toContainText('201 rows · 200 valid rows · 1 row with errors');
  await expect(preview.getByText("row 202, Betrag: 'abc' is not a number")).toBeVisible();
  await expect(preview.getByLabel('Separator')).toHaveValue(';');
  await expect(preview.getByLabel('Column Betrag holds')).toHaveValue('amount');
  await expect(preview.locator('tbody tr').first()).toContainText('Werkzeug 1');
  await expect(preview.locator('tbody tr').first()).toContainText('1,50');

  // Nothing goes in while a row has errors, until the user chooses to skip it.
  const importButton = preview.getByRole('button', { name: 'Import 200 subscriptions' });
  await expect(importButton).toBeDisabled();
  await preview.getByLabel(/Import the 200 valid rows and skip the 1 row with errors/).check();
  await importButton.click();
  await expect(page.getByRole('status').filter({ hasText: 'Imported 200 subscriptions, skipped 1 row' })).toBeVisible();

  await nav(page).getByRole('link', { name: 'Dashboard' }).click();
  // 1.50 + 2.50 + … + 200.50 a month.
  await expect(page.getByRole('region', { name: 'Monthly spend' })).toContainText('20.200,00');

  await nav(page).getByRole('link', { name: 'Import' }).click();
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export CSV' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^spend-manager-subscriptions-.+\.csv$/);
  const saved = fs.readFileSync(await file.path());
  expect(saved.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
  expect(saved.toString('utf8').split('\r\n').length).toBe(1 + 200 + 1);

  const recent = page.getByRole('region', { name: 'Recent imports' });
  await expect(recent).toContainText('abos.csv');
  await recent.getByRole('button', { name: 'Undo' }).click();
  await expect(page.getByText('Removed 200 subscriptions that abos.csv had added.')).toBeVisible();
  await nav(page).getByRole('link', { name: 'Subscriptions' }).click();
  await expect(page.getByText(/No subscriptions yet/)).toBeVisible();
});

test('a Wallos export dropped anywhere on the window opens its preview, and fits a 360 px window', async ({ page, server }) => {
  test.setTimeout(60_000);
  await page.setViewportSize({ width: 360, height: 800 });
  await page.goto(server.url);
  await register(page, account('wanda'));
  const wallos = fs.readFileSync(path.resolve('tests/fixtures/import/wallos-export.json'), 'utf8');
  // A drop as the OS delivers it: a DataTransfer holding the file, made in the page.
  const transfer = await page.locator('html').evaluateHandle((root, text) => {
    const win = root.ownerDocument.defaultView!;
    const data = new win.DataTransfer();
    data.items.add(new win.File([text], 'wallos.json', { type: 'application/json' }));
    return data;
  }, wallos);
  await page.dispatchEvent('main', 'drop', { dataTransfer: transfer });
  await expect(page.getByRole('heading', { name: 'Import', level: 1 })).toBeVisible();
  const preview = page.getByRole('region', { name: 'wallos.json' });
  await expect(preview).toContainText('Wallos export (JSON)');
  await expect(preview.locator('tbody tr')).toHaveCount(2);
  expect(await sidewaysOverflow(page)).toEqual([]);
  await preview.getByRole('button', { name: /^Import \d+ subscriptions?$/ }).click();
  await expect(page.getByRole('status').filter({ hasText: /Imported 2 subscriptions/ })).toBeVisible();
});
