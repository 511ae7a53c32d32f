// Fixed-term contracts in the subscription panel (browser mode): the form's Contract section is collapsed until asked
// for, a bad term is refused under its field, and a 12-month contract shows its end and the last day to cancel.
import { account, expect, register, test } from './fixtures';
import { isoInDays, seedExpenses } from './seed';

test.use({ locale: 'en-US' });

const pad = (n: number) => String(n).padStart(2, '0');
const iso = (d: Date) => `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
const shown = (date: string) => new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${date}T00:00:00Z`));

test('add a 12-month contract to a subscription and see the last day to cancel in its panel', async ({ page, server }) => {
  await page.goto(server.url);
  await register(page, account('connie'));
  const [hubspot] = await seedExpenses(page, [{ name: 'HubSpot', category: 'Sales', amount: '450.00', renewal_date: isoInDays(10) }]);
  // The first of this month, 12 months on, 30 days' notice (the first of a month: no short month clamps the day).
  const now = new Date();
  const start = iso(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1)));
  const end = iso(new Date(Date.UTC(now.getUTCFullYear() + 1, now.getUTCMonth(), 1)));
  const lastDay = iso(new Date(Date.UTC(now.getUTCFullYear() + 1, now.getUTCMonth(), 1) - 30 * 86_400_000));

  await page.goto(`${server.url}/#/subscriptions/${hubspot!.id}`);
  const panel = page.getByRole('dialog', { name: 'Edit HubSpot' });
  await expect(panel.getByTestId('contract-summary')).toHaveCount(0);
  // Collapsed by default: its fields appear once the section is opened and the contract switched on.
  await expect(panel.getByLabel('Fixed-term contract')).toBeHidden();
  await panel.getByText('Contract', { exact: true }).click();
  await panel.getByLabel('Fixed-term contract').check();
  await panel.getByLabel('Notice period (days)').fill('30');
  await panel.getByLabel('Contract start').fill(start);
  const term = panel.getByLabel('Minimum term (months)');
  await term.fill('0');
  await panel.getByRole('button', { name: 'Save' }).click();
  await expect(panel.getByText('Minimum term must be at least 1 month')).toBeVisible();
  await expect(term).toBeFocused();
  await term.fill('12');
  await panel.getByLabel('At the end').selectOption('renew');
  await panel.getByLabel('Renews for (months)').fill('12');
  await panel.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('dialog', { name: 'Edit HubSpot' })).toHaveCount(0);

  await page.goto(`${server.url}/#/subscriptions/${hubspot!.id}`);
  const summary = page.getByRole('dialog', { name: 'Edit HubSpot' }).getByRole('region', { name: 'Contract' });
  await expect(summary).toContainText(`12 months from ${shown(start)}`);
  await expect(summary).toContainText(`${shown(end)}, then renews for 12 months unless cancelled`);
  await expect(summary.getByTestId('contract-last-day')).toContainText(shown(lastDay));
  // Opened again, the form shows the contract it has, its section open.
  await expect(page.getByRole('dialog', { name: 'Edit HubSpot' }).getByLabel('Contract end')).toHaveValue(end);
});
