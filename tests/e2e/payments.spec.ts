// Payments and price history in the subscription's panel (browser mode): a past renewal shows what it was expected to
// cost, the owner records what was really charged (a bad amount is refused under its field), and an edit of the
// amount shows in the price history.
import path from 'node:path';
import Database from 'better-sqlite3';
import { account, expect, register, test } from './fixtures';
import { sidewaysOverflow } from './overflow';
import { apiCall, isoInDays, seedExpenses } from './seed';

test.use({ locale: 'en-US' });

/** A payment of a renewal the sweep rolled past (the test cannot wait for a renewal to pass), written into the server's file. */
function seedPayment(dataDir: string, expenseId: number, renewalDate: string, minor: number): void {
  const db = new Database(path.join(dataDir, 'spend-manager.db'));
  try {
    db.pragma('busy_timeout = 5000');
    const now = new Date().toISOString();
    db.prepare(
      `insert into payments (workspace_id, expense_id, renewal_date, currency, expected_minor, actual_minor, paid_on, created_at, updated_at)
       select workspace_id, id, ?, currency, ?, ?, ?, ?, ? from expenses where id = ?`,
    ).run(renewalDate, minor, minor, renewalDate, now, now, expenseId);
  } finally {
    db.close();
  }
}

test('record what a renewal really cost and see the price history in the subscription panel', async ({ page, server }) => {
  await page.goto(server.url);
  await register(page, account('paula'));
  const [slack] = await seedExpenses(page, [{ name: 'Slack', category: 'Communication', amount: '87.50', renewal_date: isoInDays(10) }]);
  const paidDay = isoInDays(-20);
  seedPayment(server.dataDir, slack!.id, paidDay, 8750);

  await page.goto(`${server.url}/#/subscriptions/${slack!.id}`);
  const panel = page.getByRole('dialog', { name: 'Edit Slack' });
  const payments = panel.getByRole('region', { name: 'Payments' });
  const row = payments.getByTestId('payment-row');
  await expect(row).toContainText('$87.50 expected');
  await expect(panel.getByRole('region', { name: 'Price history' })).toContainText('No price changes yet');

  await row.getByRole('button', { name: 'Record' }).click();
  const amount = row.getByLabel('Actual amount (USD)');
  await amount.fill('abc');
  await row.getByRole('button', { name: 'Save payment' }).click();
  await expect(row.locator('.field-error')).toContainText('Actual amount');
  await expect(amount).toBeFocused();
  await amount.fill('96.25');
  await row.getByRole('button', { name: 'Save payment' }).click();
  await expect(row).toContainText('$96.25 (+$8.75 vs $87.50 expected)');
  await expect(row.getByLabel('Actual amount (USD)')).toHaveCount(0);

  // The new price from today, in the history once the panel opens again.
  await apiCall(page, 'PUT', `/api/expenses/${slack!.id}`, { amount: '96.25' });
  await page.reload();
  const history = page.getByRole('dialog', { name: 'Edit Slack' }).getByRole('region', { name: 'Price history' });
  await expect(history.getByTestId('price-change')).toHaveText(/\$87\.50 → \$96\.25 · edited by paula$/);
});

test('a recorded actual shows in the last 12 months beside the forecast, and its price change on the Reminders screen', async ({ page, server }) => {
  await page.goto(server.url);
  await register(page, account('petra'));
  const [slack] = await seedExpenses(page, [{ name: 'Slack', category: 'Communication', amount: '87.50', renewal_date: isoInDays(10) }]);
  const paidDay = isoInDays(-20);
  seedPayment(server.dataDir, slack!.id, paidDay, 8750);
  const { payments } = await apiCall<{ payments: { id: number }[] }>(page, 'GET', `/api/expenses/${slack!.id}/payments`);
  await apiCall(page, 'PUT', `/api/payments/${payments[0]!.id}`, { actual_amount: '96.25' });

  const monthName = new Intl.DateTimeFormat('en-US', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${paidDay.slice(0, 7)}-01T00:00:00Z`));
  for (const width of [1280, 880, 360]) {
    await page.setViewportSize({ width, height: 900 });
    await page.goto(`${server.url}/#/`);
    // A fresh load: the dashboard read before the payment was seeded is not the one to check.
    await page.reload();
    const chart = page.getByRole('region', { name: 'Last 12 months' });
    await expect(chart).toBeVisible();
    await expect(chart.locator('.actual-chart .recharts-bar-rectangle').first()).toBeVisible();
    const table = page.getByRole('table', { name: 'Actually paid by month, last 12 months' });
    await expect(table.getByRole('row')).toHaveCount(13);
    await expect(table.getByRole('row', { name: monthName })).toContainText('$96.25');
    await expect(page.getByRole('region', { name: 'Next 12 months' })).toBeVisible();
    if (width === 1280) {
      // Side by side: the past on the left, the future on the right, on one row.
      const past = (await chart.boundingBox())!;
      const future = (await page.getByRole('region', { name: 'Next 12 months' }).boundingBox())!;
      expect(Math.abs(past.y - future.y)).toBeLessThan(2);
      expect(past.x).toBeLessThan(future.x);
    }
    expect(await sidewaysOverflow(page), `dashboard at ${width} px`).toEqual([]);
  }

  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(`${server.url}/#/reminders`);
  await page.reload();
  // Due the moment it was recorded: the server has sent it already (no SMTP here: the notification side only).
  await page.getByRole('tab', { name: 'Sent' }).click();
  const alert = page.getByRole('row').filter({ hasText: 'Price change' });
  await expect(alert.getByTestId('price-change')).toHaveText(`$87.50 → $96.25 (+10 %) · paid ${new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(`${paidDay}T00:00:00Z`))}`);
  await expect(alert).toContainText('Slack');
  await expect(alert).toContainText('when recorded');
  await page.screenshot({ path: test.info().outputPath('reminders-price-change.png') });
  for (const width of [880, 360]) {
    await page.setViewportSize({ width, height: 900 });
    await expect(alert.getByTestId('price-change')).toBeVisible();
    expect(await sidewaysOverflow(page), `reminders at ${width} px`).toEqual([]);
  }
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(`${server.url}/#/`);
  await expect(page.locator('.actual-chart .recharts-bar-rectangle').first()).toBeVisible();
  await page.screenshot({ path: test.info().outputPath('dashboard-actual-spend.png'), fullPage: true });
});
