import type { Browser, Page } from '@playwright/test';
import { account, expect, register, test } from './fixtures';
import { apiCall, isoInDays } from './seed';

// Team mode in the browser: a company workspace made from the sidebar, an invitation link opened by a
// second person who registers through it, roles that decide which controls show, and personal
// subscriptions moved in after a preview.

test.use({ locale: 'en-US' });

const nav = (page: Page) => page.getByRole('navigation', { name: 'Main' });
const row = (page: Page, name: string) => page.getByRole('row').filter({ has: page.getByRole('link', { name, exact: true }) });

async function openSubscriptions(page: Page): Promise<void> {
  await nav(page).getByRole('link', { name: 'Subscriptions' }).click();
  await expect(page.getByRole('heading', { name: 'Subscriptions', level: 1 })).toBeVisible();
  await expect(page.getByLabel('Search')).toBeVisible();
}

async function openTeam(page: Page): Promise<void> {
  await nav(page).getByRole('link', { name: 'Team' }).click();
  await expect(page.getByRole('heading', { name: 'Team', level: 1 })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Members' })).toBeVisible();
}

async function newPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ locale: 'en-US' });
  return context.newPage();
}

test('an owner invites a member through a link; the member edits only their own subscriptions until made a viewer', async ({ page, server, browser, context }) => {
  // Two people in two browsers and some forty steps: longer than one screen's spec, on a shared machine.
  test.setTimeout(90_000);
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
  await page.goto(server.url);
  await register(page, account('olga'));

  // The switcher lists the personal workspace; a company one is made from it and opens on the Team screen.
  const switcher = page.getByLabel('Workspace');
  await expect(switcher.locator('option:checked')).toHaveText('Olga GmbH · owner');
  await expect(nav(page).getByRole('link', { name: 'Team' })).toHaveCount(0);
  await page.getByRole('button', { name: 'New company workspace…' }).click();
  const dialog = page.getByRole('dialog', { name: 'New company workspace' });
  await dialog.getByRole('button', { name: 'Create workspace' }).click();
  await expect(dialog.getByText('Name is required')).toBeVisible();
  await dialog.getByLabel('Company name').fill('Acme');
  await dialog.getByRole('button', { name: 'Create workspace' }).click();
  await expect(page.getByRole('heading', { name: 'Team', level: 1 })).toBeVisible();
  await expect(switcher.locator('option:checked')).toHaveText('Acme · owner');
  await expect(switcher.locator('optgroup').nth(0)).toHaveAttribute('label', 'Personal');
  await expect(switcher.locator('optgroup').nth(1).locator('option')).toHaveText(['Acme · owner']);
  const figma = (await apiCall<{ expense: { id: number } }>(page, 'POST', '/api/expenses', { name: 'Figma', amount: 45, renewal_date: isoInDays(20), category: 'Design' })).expense;

  // The one-time link is shown once, with Copy.
  const invitations = page.getByRole('region', { name: 'Invitations' });
  await invitations.getByLabel('Role').selectOption('member');
  await invitations.getByRole('button', { name: 'Create invitation link' }).click();
  const link = await invitations.getByLabel(/Link for a new member/).inputValue();
  expect(link).toMatch(new RegExp(`^${server.url}/#/invite/[\\w-]+$`));
  await invitations.getByRole('button', { name: 'Copy' }).click();
  await expect(invitations.getByRole('button', { name: 'Copied' })).toBeVisible();
  expect(await page.evaluate<string>('navigator.clipboard.readText()')).toBe(link);
  await expect(invitations.getByRole('list', { name: 'Pending invitations' }).getByRole('listitem')).toHaveCount(1);
  await expect(invitations.getByRole('listitem')).toContainText('expires in 7 days');

  // Someone with no account opens the link: register, then join as the role the link gives.
  const bea = await newPage(browser);
  await bea.goto(link);
  await expect(bea.getByRole('status').filter({ hasText: 'You are invited to join Acme as a member' })).toBeVisible();
  await register(bea, account('bea'));
  await bea.getByRole('button', { name: 'Join Acme as a member' }).click();
  await expect(bea.getByRole('heading', { name: 'Subscriptions', level: 1 })).toBeVisible();
  await expect(bea.locator('.toasts')).toContainText('You joined Acme as a member');
  await expect(bea.getByLabel('Workspace').locator('option:checked')).toHaveText('Acme · member');

  // A member sees the owner's subscription but may change only their own.
  await expect(row(bea, 'Figma')).toBeVisible();
  await expect(row(bea, 'Figma').getByRole('link', { name: 'Edit Figma' })).toHaveCount(0);
  await expect(row(bea, 'Figma').getByRole('button', { name: 'Delete Figma' })).toHaveCount(0);
  await expect(bea.getByTestId('role-note')).toHaveText('As a member you change only the subscriptions you own.');
  await bea.getByRole('button', { name: 'Add subscription' }).click();
  const panel = bea.getByRole('dialog', { name: 'Add subscription' });
  await panel.getByLabel('Name', { exact: true }).fill('Notion');
  await panel.getByLabel('Amount').fill('12');
  await panel.getByLabel('Renewal date').fill(isoInDays(10));
  await panel.getByRole('button', { name: 'Save' }).click();
  await expect(panel).toBeHidden();
  await expect(row(bea, 'Notion').getByRole('link', { name: 'Edit Notion' })).toBeVisible();
  await row(bea, 'Figma').getByRole('link', { name: 'Figma', exact: true }).click();
  const readOnly = bea.getByRole('dialog', { name: 'Figma' });
  await expect(readOnly.getByLabel('Name', { exact: true })).toBeDisabled();
  await expect(readOnly.getByRole('button', { name: 'Save' })).toHaveCount(0);
  await readOnly.getByRole('button', { name: 'Close', exact: true }).click();
  // The server is the authority: a write past the hidden controls is refused in words.
  const refused = await bea.request.put(`${server.url}/api/expenses/${figma.id}`, { data: { amount: 1 } });
  expect(refused.status()).toBe(403);

  // The owner sees both members, makes bea a viewer, and cannot stop being the last owner.
  await page.reload();
  await openTeam(page);
  await expect(page.getByTestId('member-bea')).toContainText('bea@example.com');
  await page.getByLabel('Role of bea').selectOption('viewer');
  await expect(page.getByRole('status').filter({ hasText: 'bea is now a viewer.' })).toBeVisible();
  await page.getByLabel('Role of olga').selectOption('admin');
  await expect(page.getByRole('alert').filter({ hasText: 'The last owner cannot leave the workspace or stop being its owner' })).toBeVisible();
  await expect(page.getByLabel('Role of olga')).toHaveValue('owner');

  // A viewer: every add, edit and delete control is gone, and the reason is said.
  await bea.reload();
  await openSubscriptions(bea);
  await expect(row(bea, 'Notion')).toBeVisible();
  await expect(bea.getByRole('button', { name: 'Add subscription' })).toHaveCount(0);
  await expect(bea.getByRole('button', { name: 'Manage categories' })).toHaveCount(0);
  await expect(row(bea, 'Notion').getByRole('link', { name: 'Edit Notion' })).toHaveCount(0);
  await expect(bea.getByTestId('role-note')).toContainText('You are a viewer in this workspace');
  await bea.keyboard.press('n');
  await expect(bea.getByRole('dialog', { name: 'Add subscription' })).toHaveCount(0);
  await bea.context().close();
});

test('moves personal subscriptions into a company workspace after a preview, and previews again when they changed', async ({ page, server, browser }) => {
  await page.goto(server.url);
  await register(page, account('olga'));
  await apiCall(page, 'POST', '/api/expenses', { name: 'Figma', amount: 45, renewal_date: isoInDays(20), category: 'Design' });
  await apiCall(page, 'POST', '/api/expenses', { name: 'Descript', amount: 240, billing_cycle: 'yearly', renewal_date: isoInDays(40), category: 'Video tools' });
  await apiCall(page, 'POST', '/api/workspaces', { name: 'Acme' });
  await page.reload();
  await openTeam(page);

  const move = page.getByRole('region', { name: 'Bring your personal subscriptions' });
  await move.getByRole('button', { name: 'Preview the move' }).click();
  const preview = move.getByRole('group', { name: 'Move preview' });
  await expect(preview).toContainText('2 subscriptions move from Olga GmbH to Acme');
  await expect(preview).toContainText("$65.00 a month joins Acme's spend");
  await expect(preview).toContainText('Categories created: Video tools');
  await expect(preview).toContainText('Categories merged by name: Design');

  // Another session of the same account (in the personal workspace) adds one after the preview.
  const other = await newPage(browser);
  await other.request.post(`${server.url}/api/auth/login`, { data: { username: 'olga', password: account('olga').password } });
  const added = await other.request.post(`${server.url}/api/expenses`, { data: { name: 'Loom', amount: 15, renewal_date: isoInDays(5) } });
  expect(added.status()).toBe(201);
  await other.context().close();

  await preview.getByRole('button', { name: 'Move 2 subscriptions' }).click();
  await expect(move.getByRole('alert')).toContainText('changed since the preview');
  await expect(preview).toContainText('3 subscriptions move from Olga GmbH to Acme');
  await expect(preview).toContainText("$80.00 a month joins Acme's spend");
  await preview.getByRole('button', { name: 'Move 3 subscriptions' }).click();
  await expect(page.locator('.toasts')).toContainText('3 subscriptions moved from Olga GmbH to Acme.');

  await openSubscriptions(page);
  for (const name of ['Figma', 'Descript', 'Loom']) await expect(row(page, name)).toBeVisible();
  await expect(row(page, 'Descript')).toContainText('Video tools');
  // The personal workspace is empty now.
  await page.getByLabel('Workspace').selectOption({ label: 'Olga GmbH · owner' });
  await expect(page.locator('.toasts')).toContainText('Now in Olga GmbH');
  await expect(page.getByRole('heading', { name: 'No subscriptions yet' })).toBeVisible();
});

test('the switcher works in the folded menu at 360 px and the Team entry follows the workspace kind', async ({ page, server }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await page.goto(server.url);
  await register(page, account('olga'));
  await apiCall(page, 'POST', '/api/workspaces', { name: 'Acme Incorporated International' });
  await page.reload();
  await expect(page.locator('main#main')).toBeVisible();
  const menu = page.getByRole('button', { name: 'Menu' });
  await menu.click();
  const switcher = page.getByLabel('Workspace');
  await expect(switcher).toBeVisible();
  await expect(switcher.locator('option:checked')).toHaveText('Acme Incorporated International · owner');
  await expect(nav(page).getByRole('link', { name: 'Team' })).toBeVisible();
  expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(360);
  await switcher.selectOption({ label: 'Olga GmbH · owner' });
  await expect(page.locator('.toasts')).toContainText('Now in Olga GmbH');
  // The switch closes the menu, as a navigation does.
  await expect(menu).toHaveAttribute('aria-expanded', 'false');
  await menu.click();
  await expect(nav(page).getByRole('link', { name: 'Team' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'New company workspace…' })).toBeVisible();
});

test('the workspace itself: renamed, an admin reminded of every renewal, two-factor required only once the owner has it, deleted', async ({ page, server }) => {
  await page.goto(server.url);
  await register(page, account('wanda'));
  await apiCall(page, 'POST', '/api/workspaces', { name: 'Acme' });
  await page.reload();
  await openTeam(page);
  const own = page.getByRole('region', { name: 'This workspace' });

  await own.getByLabel('Workspace name').fill(' ');
  await own.getByRole('button', { name: 'Rename' }).click();
  await expect(own.getByText('Enter a name for the workspace')).toBeVisible();
  await own.getByLabel('Workspace name').fill('Acme Ltd');
  await own.getByRole('button', { name: 'Rename' }).click();
  await expect(own.getByRole('status')).toHaveText('Renamed to Acme Ltd.');
  await expect(page.getByLabel('Workspace').locator('option:checked')).toHaveText('Acme Ltd · owner');

  const every = own.getByLabel('Remind me of every renewal here');
  await expect(every).not.toBeChecked();
  await every.check();
  await expect(own.getByRole('status')).toHaveText('You will be reminded of every renewal in this workspace.');
  await page.reload();
  await expect(page.getByRole('region', { name: 'This workspace' }).getByLabel('Remind me of every renewal here')).toBeChecked();

  // Requiring it before having it would lock the owner out of their own workspace: the server says so.
  const required = page.getByRole('region', { name: 'This workspace' }).getByLabel('Require two-factor sign-in');
  await required.click();
  await expect(page.getByRole('region', { name: 'This workspace' }).getByRole('alert')).toHaveText('Turn on two-factor sign-in for your own account first (Settings → Security), then require it of the members');
  await expect(required).not.toBeChecked();

  await page.getByRole('region', { name: 'This workspace' }).getByRole('button', { name: 'Delete workspace' }).click();
  const confirm = page.getByRole('alertdialog', { name: 'Delete Acme Ltd?' });
  await expect(confirm).toContainText('This cannot be undone.');
  await confirm.getByRole('button', { name: 'Delete workspace' }).click();
  await expect(page.getByLabel('Workspace').locator('option:checked')).toHaveText('Wanda GmbH · owner');
  await expect(page.getByLabel('Workspace').locator('option')).toHaveText(['Wanda GmbH · owner']);
  await expect(nav(page).getByRole('link', { name: 'Team' })).toHaveCount(0);
});

test("a member's Settings: their own zone saves in the company workspace; its currency, rates and reminder defaults are shown locked, with why", async ({ page, server, browser }) => {
  await page.goto(server.url);
  await register(page, account('ottilie'));
  await apiCall(page, 'POST', '/api/workspaces', { name: 'Acme' });
  const { token } = await apiCall<{ token: string }>(page, 'POST', '/api/invitations', { role: 'member' });

  const member = await newPage(browser);
  await member.goto(server.url);
  await member.getByRole('button', { name: 'Create an account' }).click();
  await register(member, account('malte'));
  await apiCall(member, 'POST', '/api/invitations/accept', { token });
  await member.reload();
  await nav(member).getByRole('link', { name: 'Settings' }).click();
  const general = member.getByRole('region', { name: 'General' });
  await expect(general.getByLabel('Base currency')).toBeDisabled();
  await expect(general).toContainText("Only an admin or owner changes this workspace's currency, rates and reminder defaults; you are a member here.");
  await general.getByLabel('Time zone').selectOption('Asia/Tokyo');
  await general.getByRole('button', { name: 'Save general settings' }).click();
  await expect(general.getByRole('status')).toHaveText('✓ Saved.');
  await expect(general).toContainText('In use now: Asia/Tokyo');
  for (const [region, save] of [
    ['Exchange rates', 'Save rates'],
    ['Reminders', 'Save reminder settings'],
  ] as const) {
    await expect(member.getByRole('region', { name: region }).getByRole('button', { name: save })).toBeDisabled();
  }
  await member.context().close();
});
