import type { Browser, Page } from '@playwright/test';
import { account, expect, register, test } from './fixtures';
import { apiCall, isoInDays } from './seed';

// Seats, cost centres and owners in the browser: a plan priced per seat (the amount follows, read-only),
// a cost centre picked from suggestions, the list filtered by owner and cost centre, the dashboard's two
// breakdowns; and a viewer who sees reminders without the controls that would be refused.

test.use({ locale: 'en-US' });

const nav = (page: Page) => page.getByRole('navigation', { name: 'Main' });
const rows = (page: Page) => page.getByTestId('subscription-row');

async function newPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ locale: 'en-US' });
  return context.newPage();
}

test('enters seats and a cost centre, filters the list by owner and cost centre, sees spend by cost centre and owner; a viewer gets no snooze or dismiss', async ({ page, server, browser }) => {
  test.setTimeout(90_000);
  await page.goto(server.url);
  await register(page, account('olga'));
  await page.getByRole('button', { name: 'New company workspace…' }).click();
  const dialog = page.getByRole('dialog', { name: 'New company workspace' });
  await dialog.getByLabel('Company name').fill('Acme');
  await dialog.getByRole('button', { name: 'Create workspace' }).click();
  await expect(page.getByRole('heading', { name: 'Team', level: 1 })).toBeVisible();

  // Bea joins as a member and adds a plan of her own in Engineering.
  const { token } = await apiCall<{ token: string }>(page, 'POST', '/api/invitations', { role: 'member' });
  const bea = await newPage(browser);
  await bea.goto(`${server.url}/#/invite/${token}`);
  await register(bea, account('bea'));
  await bea.getByRole('button', { name: 'Join Acme as a member' }).click();
  await expect(bea.getByRole('heading', { name: 'Subscriptions', level: 1 })).toBeVisible();
  const linear = (await apiCall<{ expense: { id: number; user_id: number } }>(bea, 'POST', '/api/expenses', { name: 'Linear', amount: 20, renewal_date: isoInDays(10), cost_centre: 'Engineering' })).expense;

  // Olga prices Figma per seat: the amount is seats × price, shown and not typed.
  await nav(page).getByRole('link', { name: 'Subscriptions' }).click();
  await page.getByRole('button', { name: 'Add subscription' }).first().click();
  const panel = page.getByRole('dialog', { name: 'Add subscription' });
  await panel.getByLabel('Name', { exact: true }).fill('Figma');
  await panel.getByLabel('Seats', { exact: true }).fill('5');
  await panel.getByLabel('Price per seat').fill('12.50');
  const amount = panel.getByLabel('Amount', { exact: true });
  await expect(amount).toHaveValue('62.50');
  await expect(amount).toHaveAttribute('readonly', '');
  // The suggestions are the workspace's cost centres (Bea's "Engineering" among them).
  const suggestions = panel.locator(`datalist[id="${await panel.getByLabel('Cost centre').getAttribute('list')}"] option`);
  await expect(suggestions).toHaveCount(1);
  await expect(suggestions).toHaveAttribute('value', 'Engineering');
  await panel.getByLabel('Cost centre').fill('Design');
  await panel.getByLabel('Renewal date').fill(isoInDays(20));
  await panel.getByRole('button', { name: 'Save' }).click();
  await expect(panel).toHaveCount(0);

  const figmaRow = rows(page).filter({ hasText: 'Figma' });
  await expect(figmaRow.getByTestId('carried-by')).toHaveText('Design · olga');
  await expect(figmaRow).toContainText('5 seats');
  await expect(rows(page)).toHaveCount(2);

  // Filters: by owner, by cost centre, and "No cost centre".
  await page.getByLabel('Owner').selectOption({ label: 'bea' });
  await expect(rows(page)).toHaveCount(1);
  await expect(rows(page).first()).toContainText('Linear');
  await page.getByLabel('Owner').selectOption({ label: 'All owners' });
  await page.getByLabel('Cost centre').selectOption({ label: 'Design' });
  await expect(rows(page)).toHaveCount(1);
  await expect(rows(page).first()).toContainText('Figma');
  await page.getByLabel('Cost centre').selectOption({ label: 'No cost centre' });
  await expect(page.getByRole('heading', { name: 'No subscriptions match' })).toBeVisible();
  await expect(page.getByText('Nothing matches these filters without a cost centre.')).toBeVisible();

  // The dashboard splits the monthly spend both ways, with the numbers in words.
  await nav(page).getByRole('link', { name: 'Dashboard' }).click();
  const byCentre = page.getByTestId('cost-centre-breakdown');
  await expect(byCentre.getByRole('row')).toHaveText([/^Design\s*\$62\.501 plan$/, /^Engineering\s*\$20\.001 plan$/]);
  const byOwner = page.getByTestId('owner-breakdown');
  await expect(byOwner.getByRole('row')).toHaveText([/^olga\s*\$62\.501 plan$/, /^bea\s*\$20\.001 plan$/]);

  // Bea becomes a viewer: her reminder still shows, without snooze or dismiss (the server would refuse them).
  await bea.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Reminders' }).click();
  const reminder = bea.getByRole('row').filter({ hasText: 'Linear' });
  await expect(reminder.getByRole('button', { name: 'Dismiss the reminder for Linear' })).toBeVisible();
  await apiCall(page, 'PUT', `/api/members/${linear.user_id}`, { role: 'viewer' });
  await bea.reload();
  await expect(bea.getByTestId('role-note')).toContainText('You are a viewer in this workspace');
  await expect(reminder).toBeVisible();
  await expect(reminder.getByRole('button', { name: /Snooze the reminder for Linear/ })).toHaveCount(0);
  await expect(reminder.getByRole('button', { name: /Dismiss the reminder for Linear/ })).toHaveCount(0);
  await bea.context().close();
});
