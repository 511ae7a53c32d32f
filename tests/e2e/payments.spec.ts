// Payments and price history in the subscription's panel (browser mode): a past renewal shows what it was expected to
// cost, the owner records what was really charged (a bad amount is refused under its field), and an edit of the
// amount shows in the price history.
import path from 'node:path';
import Database from 'better-sqlite3';
import { account, expect, register, test } from './fixtures';
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
