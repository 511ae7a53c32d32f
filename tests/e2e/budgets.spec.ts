// Budgets (browser mode): an admin sets a category budget in Settings, a new subscription that goes over it is warned
// about in the form ("Design would be $120 over its $500 monthly budget") and saved anyway, and the dashboard shows the
// category over budget and the forecast months over the workspace budget. Nothing scrolls sideways at 880 or 360 px.
import type { Page } from '@playwright/test';
import { account, expect, register, test } from './fixtures';
import { sidewaysOverflow } from './overflow';
import { apiCall, isoInDays, seedExpenses } from './seed';

test.use({ locale: 'en-US' });

async function setDesignBudget(page: Page, url: string): Promise<void> {
  await page.goto(`${url}/#/settings`);
  const section = page.getByRole('region', { name: 'Budgets' });
  await expect(section).toContainText('No budgets yet');
  await section.getByLabel('Budget for').selectOption({ label: 'Design' });
  // A bad amount is refused under its field and focused.
  await section.getByLabel('Amount a month').fill('5.001');
  await section.getByRole('button', { name: 'Set budget' }).click();
  await expect(section.getByLabel('Amount a month')).toBeFocused();
  await expect(section.getByLabel('Amount a month')).toHaveAccessibleDescription('USD allows at most 2 decimal places');
  await section.getByLabel('Amount a month').fill('500');
  await section.getByRole('button', { name: 'Set budget' }).click();
  await expect(section).toContainText('Saved: Design, $500.00 a month.');
  await expect(section.getByTestId('budgets-table')).toContainText('Design');
  await expect(section.getByTestId('budgets-table')).toContainText('$400.00');
}

test('set a category budget, add a subscription that goes over it: the form warns, the dashboard highlights it', async ({ page, server }) => {
  await page.goto(server.url);
  await register(page, account('bea'));
  const renewal = isoInDays(10);
  await seedExpenses(page, [{ name: 'Figma', category: 'Design', amount: 400, renewal_date: renewal }]);
  await setDesignBudget(page, server.url);
  // The whole workspace: 550 a month (the forecast's line).
  await apiCall(page, 'PUT', '/api/budgets', { scope: 'workspace', amount: 550 });

  await page.goto(`${server.url}/#/subscriptions`);
  await page.getByRole('button', { name: 'Add subscription' }).first().click();
  const panel = page.getByRole('dialog', { name: 'Add subscription' });
  await panel.getByLabel('Name', { exact: true }).fill('Canva');
  await panel.getByLabel('Category', { exact: true }).selectOption('Design');
  await panel.getByLabel('Amount').fill('100');
  await panel.getByLabel('Renewal date').fill(renewal);
  // 400 + 100 is within 500: no warning; 220 takes it $120 over, and the workspace $70 over its 550.
  await expect(panel.getByTestId('budget-warning')).toBeEmpty();
  await panel.getByLabel('Amount').fill('220');
  const warning = panel.getByTestId('budget-warning');
  await expect(warning).toContainText('Design would be $120 over its $500 monthly budget');
  await expect(warning).toContainText('The workspace would be $70 over its $550 monthly budget');
  // A warning, not a block.
  await panel.getByRole('button', { name: 'Save' }).click();
  await expect(panel).toBeHidden();
  await expect(page.locator('.toasts')).toContainText('Added Canva');

  await page.goto(`${server.url}/#/`);
  const budgets = page.getByTestId('budget-panel');
  const design = budgets.getByTestId('budget-row').filter({ hasText: 'Design' });
  await expect(design).toContainText('$620.00 / $500.00 — $120.00 over');
  await expect(design).toHaveClass(/budget-over/);
  await expect(budgets.getByTestId('budget-row').filter({ hasText: 'Whole workspace' })).toContainText('$620.00 / $550.00 — $70.00 over');
  // The forecast: the month both renew in is over the workspace budget, in the chart and in words.
  const renewalMonth = new Date(`${renewal}T12:00:00`).toLocaleString('en-US', { month: 'short' });
  await expect(page.getByTestId('forecast-budget')).toContainText(`Budget $550.00 a month · over in ${renewalMonth}`);
  await expect(page.locator('.forecast-chart .forecast-bar-over').first()).toBeAttached();
  await expect(page.getByTestId('forecast-budget')).toContainText(': $70.00 over)');

  // Editing Canva counts its new amount instead of its current one: 300 makes Design 700 ($200 over); 150 lowers the
  // spend (550, still over), which is not warned about.
  await page.goto(`${server.url}/#/subscriptions`);
  await page.getByTestId('subscription-row').filter({ hasText: 'Canva' }).click();
  const edit = page.getByRole('dialog', { name: 'Edit Canva' });
  await edit.getByLabel('Amount').fill('300');
  await expect(edit.getByTestId('budget-warning')).toContainText('Design would be $200 over its $500 monthly budget');
  await edit.getByLabel('Amount').fill('150');
  await expect(edit.getByTestId('budget-warning')).toBeEmpty();
});

test('budgets fit at 880 and 360 px: dashboard, settings and the form’s warning, no sideways scroll', async ({ page, server }) => {
  await page.goto(server.url);
  await register(page, account('boris'));
  const renewal = isoInDays(10);
  await apiCall(page, 'POST', '/api/expenses', { name: 'Figma', category: 'Design', amount: 400, renewal_date: renewal, cost_centre: 'Brand and Communications Department' });
  await seedExpenses(page, [{ name: 'Ads', category: 'Marketing', amount: 900, renewal_date: renewal }]);
  const { categories } = await apiCall<{ categories: { id: number; name: string }[] }>(page, 'GET', '/api/categories');
  await apiCall(page, 'PUT', '/api/budgets', { scope: 'workspace', amount: 1000 });
  await apiCall(page, 'PUT', '/api/budgets', { scope: 'category', category_id: categories.find((c) => c.name === 'Design')!.id, amount: 300 });
  await apiCall(page, 'PUT', '/api/budgets', { scope: 'cost_centre', cost_centre: 'Brand and Communications Department', amount: 250 });
  for (const width of [880, 360]) {
    await page.setViewportSize({ width, height: 800 });
    await page.goto(`${server.url}/#/`);
    await page.reload();
    await expect(page.getByTestId('budget-panel')).toContainText('Brand and Communications Department (cost centre)');
    await expect(page.getByTestId('forecast-budget')).toBeVisible();
    expect(await sidewaysOverflow(page), `dashboard at ${width}px`).toEqual([]);
    await page.goto(`${server.url}/#/settings`);
    await expect(page.getByTestId('budgets-table')).toContainText('Whole workspace');
    expect(await sidewaysOverflow(page), `settings at ${width}px`).toEqual([]);
    await page.goto(`${server.url}/#/subscriptions`);
    await page.getByRole('button', { name: 'Add subscription' }).first().click();
    const panel = page.getByRole('dialog', { name: 'Add subscription' });
    await panel.getByLabel('Category', { exact: true }).selectOption('Design');
    await panel.getByLabel('Cost centre').fill('Brand and Communications Department');
    await panel.getByLabel('Amount').fill('50');
    await expect(panel.getByTestId('budget-warning')).toContainText('Cost centre Brand and Communications Department would be $200 over its $250 monthly budget');
    // The panel slides in by 24 px; measure where it rests, not mid-slide.
    await panel.evaluate((el) => Promise.all(el.getAnimations().map((a: { finished: Promise<unknown> }) => a.finished)));
    const box = await panel.boundingBox();
    expect(box && box.x >= 0 && box.x + box.width <= width).toBe(true);
    const warningBox = await panel.getByTestId('budget-warning').boundingBox();
    expect(warningBox && warningBox.x >= 0 && warningBox.x + warningBox.width <= width).toBe(true);
    // Nothing in the panel reaches past the window (the list behind it is the Subscriptions screen's own, measured by layout.spec).
    const past = await panel.evaluate((el, w) => [...el.querySelectorAll('*')].filter((c) => c.getBoundingClientRect().right > w + 1).map((c) => `${c.tagName}.${c.className}`), width);
    expect(past, `form at ${width}px`).toEqual([]);
  }
});
