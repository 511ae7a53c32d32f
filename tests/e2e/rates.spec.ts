import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { test as base } from '@playwright/test';
import { account, expect, register, startServer, type BrowserModeServer } from './fixtures';
import { apiCall } from './seed';

// Settings → Exchange rates with the European Central Bank: a loopback stand-in serves the fixture of its daily
// file; "Update now" fills the rates with their source and date, the daily toggle stays on after a reload, and
// an unreachable ECB is said in words with since when while the rates stay.

const FIXTURE = fs.readFileSync(path.resolve('tests/fixtures/ecb/eurofxref-daily.xml'), 'utf8');

const test = base.extend<{ ecb: http.Server & { url: string }; server: BrowserModeServer }>({
  ecb: async ({}, use) => {
    const ecb = http.createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/xml' });
      res.end(FIXTURE);
    });
    await new Promise<void>((resolve) => ecb.listen(0, '127.0.0.1', resolve));
    await use(Object.assign(ecb, { url: `http://127.0.0.1:${(ecb.address() as AddressInfo).port}/eurofxref-daily.xml` }));
    ecb.closeAllConnections();
    await new Promise((resolve) => ecb.close(resolve));
  },
  server: async ({ ecb }, use) => {
    const server = await startServer({ SPEND_MANAGER_RATES_URL: ecb.url });
    await use(server);
    await server.stop();
  },
});

test('Update now fills the rates from the ECB with their date, a typed one stays, the daily toggle holds, and offline is said in words', async ({ page, server, ecb }) => {
  await page.goto(server.url);
  await register(page, account('erin'));
  await apiCall(page, 'POST', '/api/expenses', { name: 'Figma', category: 'Design', amount: 45, currency: 'EUR', renewal_date: '2027-01-20' });
  await apiCall(page, 'POST', '/api/expenses', { name: 'Slack', category: 'Chat', amount: 8, currency: 'GBP', renewal_date: '2027-01-20' });
  await apiCall(page, 'PUT', '/api/settings', { rates: [{ currency: 'GBP', rate: '1.3' }] });
  await page.reload();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();

  const rates = page.getByRole('region', { name: 'Exchange rates' });
  await expect(rates.getByText('typed by you', { exact: false })).toBeVisible();
  await rates.getByRole('button', { name: 'Update now' }).click();
  await expect(rates.getByText('Updated 1 rate from the ECB’s rates of Dec 2, 2026. Kept the one you typed (GBP).')).toBeVisible();
  await expect(rates.getByLabel('1 EUR in USD')).toHaveValue('1.0823');
  await expect(rates.getByText('ECB, Dec 2, 2026')).toBeVisible();
  await expect(rates.getByLabel('1 GBP in USD')).toHaveValue('1.3');
  await expect(rates.getByText(/^Last updated /)).toBeVisible();

  await rates.getByLabel('Update rates daily (European Central Bank)').check();
  await expect(rates.getByText('Updated 1 rate from the ECB’s rates of Dec 2, 2026.', { exact: false })).toBeVisible();
  await rates.screenshot({ path: path.join('test-results', 'rates-settings.png') });

  ecb.closeAllConnections();
  await new Promise((resolve) => ecb.close(resolve));
  await rates.getByRole('button', { name: 'Update now' }).click();
  await expect(rates.getByRole('alert')).toHaveText(/^Could not reach the ECB \(.+\); keeping the rates of 2026-12-02$/);
  await expect(rates.getByLabel('1 EUR in USD')).toHaveValue('1.0823');

  await page.reload();
  const after = page.getByRole('region', { name: 'Exchange rates' });
  await expect(after.getByLabel('Update rates daily (European Central Bank)')).toBeChecked();
  await expect(after.getByText(/^Updates have failed since .+\. Could not reach the ECB/)).toBeVisible();
  await page.setViewportSize({ width: 360, height: 800 });
  await after.screenshot({ path: path.join('test-results', 'rates-settings-offline.png') });
});
