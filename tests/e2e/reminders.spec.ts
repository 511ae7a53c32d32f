import type { Locator, Page } from '@playwright/test';
import { startTestSmtpServer, type TestSmtpServer } from '../support/smtp-server';
import { account, expect, register, startServer, test } from './fixtures';

// The flow end to end: SMTP set up in Settings, a test mail, a subscription renewing in
// 3 days whose reminder the real scheduler sends at once (catch-up), and the log showing it.

async function api<T>(page: Page, method: 'GET' | 'POST' | 'PUT', path: string, data?: unknown): Promise<T> {
  const response = await page.request.fetch(new URL(path, page.url()).href, { method, data });
  expect(response.ok(), `${method} ${path} → ${response.status()} ${await response.text()}`).toBeTruthy();
  return (await response.json()) as T;
}

/** The calendar date `days` from today on the account's clock (the zone the scheduler uses). */
async function accountDateIn(page: Page, days: number): Promise<string> {
  const { settings } = await api<{ settings: { effective_time_zone: string } }>(page, 'GET', '/api/settings');
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: settings.effective_time_zone }).format(new Date());
  const date = new Date(`${today}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/**
 * "in N days" as the log words the time to a reminder's send, N rounded to the nearest whole day from
 * now: a 9:00 reminder 12.5 days off reads "in 13 days" before 21:00 and "in 12 days" after, so the
 * expectation is taken from the clock (the send instant is the row's <time> with a time of day), and the
 * day the reminder is on is checked by its date.
 */
async function sendsIn(page: Page, row: Locator, daysFromToday: number): Promise<string> {
  const due = await row.locator('time[datetime*="T"]').getAttribute('datetime');
  const day = await accountDateIn(page, daysFromToday);
  expect(new Intl.DateTimeFormat('en-CA', { timeZone: (await api<{ settings: { effective_time_zone: string } }>(page, 'GET', '/api/settings')).settings.effective_time_zone }).format(new Date(due!))).toBe(day);
  return `in ${Math.round((Date.parse(due!) - Date.now()) / 86_400_000)} days`;
}

const SMTP_USER = 'dana-smtp';
const SMTP_PASS = 'correct horse battery';

async function configureSmtp(page: Page, smtp: TestSmtpServer, password: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
  const email = page.getByRole('region', { name: 'Email (SMTP)' });
  await expect(email.getByText('No password saved')).toBeVisible();
  await email.getByLabel('Host').fill('127.0.0.1');
  await email.getByLabel('Security').selectOption('none');
  await email.getByLabel('Port').fill(String(smtp.port));
  await email.getByLabel('Username').fill(SMTP_USER);
  await email.getByLabel('From address').fill('Spend Manager <reminders@example.com>');
  await email.getByLabel('Password').fill(password);
  await email.getByRole('button', { name: 'Save email settings' }).click();
  // No keychain daemon in a bare test run: the password is then kept in memory, and the screen says so.
  await expect(email.getByRole('status').first()).toHaveText(/^✓ Saved\. The password is (in your OS keychain|kept for this run only: .+)\.$/);
  await expect(email.getByLabel('Password')).toHaveValue('');
  await expect(email.getByLabel('Password')).toHaveAccessibleDescription(/^(Saved in your OS keychain\.|Kept for this run only: .+\.)$/);
}

let smtp: TestSmtpServer;
test.beforeEach(async () => {
  smtp = await startTestSmtpServer({ mode: 'plain', auth: { user: SMTP_USER, pass: SMTP_PASS } });
});
test.afterEach(async () => {
  await smtp.stop();
});

test('SMTP set up in Settings sends a test mail, and a renewal in 3 days is emailed at once and logged as sent', async ({ page, server }) => {
  const dana = account('dana');
  await page.goto(server.url);
  await register(page, dana);
  await configureSmtp(page, smtp, 'a wrong password');

  // Saved for real: a reload shows the server settings again, never the password.
  await page.reload();
  const saved = page.getByRole('region', { name: 'Email (SMTP)' });
  await expect(saved.getByLabel('Host')).toHaveValue('127.0.0.1');
  await expect(saved.getByLabel('Port')).toHaveValue(String(smtp.port));
  await expect(saved.getByLabel('Security')).toHaveValue('none');
  await expect(saved.getByLabel('Username')).toHaveValue(SMTP_USER);
  await expect(saved.getByLabel('From address')).toHaveValue('Spend Manager <reminders@example.com>');
  await expect(saved.getByLabel('Password')).toHaveValue('');
  await expect(saved.getByLabel('Password')).toHaveAttribute('placeholder', 'Leave empty to keep the saved password');

  // The server's refusal is shown as it said it.
  const email = page.getByRole('region', { name: 'Email (SMTP)' });
  await email.getByRole('button', { name: 'Send test email' }).click();
  await expect(email.getByRole('alert')).toContainText('The test email could not be sent:');
  await expect(email.getByRole('alert')).toContainText('535 Authentication failed');
  expect(smtp.mails).toHaveLength(0);

  // The right password, saved over the wrong one; the other fields stay as they were.
  await email.getByLabel('Password').fill(SMTP_PASS);
  await email.getByRole('button', { name: 'Save email settings' }).click();
  await expect(email.getByRole('status').first()).toContainText('Saved. The password is');
  await email.getByRole('button', { name: 'Send test email' }).click();
  await expect(email.getByText(`Test email sent to ${dana.email}.`)).toBeVisible();
  await expect(email.getByRole('alert')).toHaveCount(0);
  const [test] = await smtp.waitForMails(1);
  expect(test!.subject).toBe('Spend Manager test email');
  expect(test!.envelope.to).toEqual([dana.email]);
  expect(test!.from?.text).toContain('reminders@example.com');

  // Default lead time is 7 days, so for a renewal 3 days away that reminder is overdue: sent at once.
  const renewal = await accountDateIn(page, 3);
  const { expense } = await api<{ expense: { id: number } }>(page, 'POST', '/api/expenses', {
    name: 'Figma',
    amount: 45,
    currency: 'USD',
    renewal_date: renewal,
  });
  const [, reminder] = await smtp.waitForMails(2, 15_000);
  expect(reminder!.subject).toBe('Figma renews in 3 days — $45.00');
  expect(reminder!.envelope.to).toEqual([dana.email]);
  expect(reminder!.text).toContain('$45.00');
  expect(reminder!.messageId).toMatch(/^<reminder-\d+-[0-9a-f]{16}@spend-manager\.local>$/);

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Reminders' }).click();
  await expect(page.getByRole('heading', { name: 'Reminders', level: 1 })).toBeVisible();
  await page.getByRole('tab', { name: 'Sent' }).click();
  const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: 'Figma' }) });
  await expect(row).toHaveCount(1);
  await expect(row.locator('.chip')).toHaveText('Sent');
  await expect(row.locator('[data-channel="email"]')).toHaveText(`Email: sent to ${dana.email}`);
  await expect(row).toContainText('Renewal');
  await expect(row).toContainText('in 3 days');
  await expect(row).toContainText('7 days before');
  await expect(row.getByRole('link', { name: 'Figma' })).toHaveAttribute('href', `#/subscriptions/${expense.id}`);
  // Sent reminders have nothing left to snooze.
  await expect(row.getByRole('button')).toHaveCount(0);

  // Nothing else is due, so nothing else arrives.
  await page.waitForTimeout(500);
  expect(smtp.mails).toHaveLength(2);

  // The password can be removed without touching the rest of the server settings.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
  await email.getByRole('button', { name: 'Remove password' }).click();
  await expect(email.getByLabel('Password')).toHaveAccessibleDescription(`No password saved: add one to sign in as ${SMTP_USER}.`);
  await expect(email.getByRole('button', { name: 'Remove password' })).toHaveCount(0);
  await expect(email.getByLabel('Username')).toHaveValue(SMTP_USER);
});

test('an upcoming reminder can be snoozed by a day or until a date, and dismissed', async ({ page, server }) => {
  await page.goto(server.url);
  await register(page, account('erin'));
  await api(page, 'POST', '/api/expenses', { name: 'Notion', amount: 10, renewal_date: await accountDateIn(page, 20) });
  await api(page, 'POST', '/api/expenses', { name: 'Slack', amount: 8.75, renewal_date: await accountDateIn(page, 30) });

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Reminders' }).click();
  await expect(page.getByRole('tab', { name: 'Upcoming' })).toHaveAttribute('aria-selected', 'true');
  const notion = page.getByRole('row').filter({ has: page.getByRole('link', { name: 'Notion' }) });
  const slack = page.getByRole('row').filter({ has: page.getByRole('link', { name: 'Slack' }) });
  await expect(notion.locator('.chip')).toHaveText('Scheduled');
  await expect(notion).toContainText(await sendsIn(page, notion, 13));
  await expect(notion).toContainText('Not sent yet');

  // Snooze by one day: a day after it was due (in 13 days), never a day from now, which would be earlier.
  await notion.getByRole('button', { name: 'Snooze the reminder for Notion' }).click();
  const popover = page.getByRole('dialog', { name: 'Snooze the reminder for Notion' });
  await popover.getByRole('button', { name: 'For 1 day' }).click();
  await expect(page.getByText(/^Snoozed the Notion reminder until /)).toBeVisible();
  await expect(popover).toBeHidden();
  await expect(notion.locator('.chip')).toHaveText('Snoozed');
  await expect(notion).toContainText(`${await sendsIn(page, notion, 14)} · 7 days before`);

  // Until a date: past the day it is about is refused with the server's words; a good date works.
  await notion.getByRole('button', { name: 'Snooze the reminder for Notion' }).click();
  const until = popover.getByLabel('Or until');
  await until.fill(await accountDateIn(page, 25));
  await popover.getByRole('button', { name: 'Snooze', exact: true }).click();
  await expect(popover.getByRole('alert')).toBeVisible();
  const snoozeDate = await accountDateIn(page, 16);
  await until.fill(snoozeDate);
  await popover.getByRole('button', { name: 'Snooze', exact: true }).click();
  await expect(popover).toBeHidden();
  await expect(notion).toContainText(new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(`${snoozeDate}T00:00:00Z`)));

  // Escape closes the popover and gives focus back to its button.
  const snoozeSlack = slack.getByRole('button', { name: 'Snooze the reminder for Slack' });
  await snoozeSlack.click();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toBeHidden();
  await expect(snoozeSlack).toBeFocused();

  await slack.getByRole('button', { name: 'Dismiss the reminder for Slack' }).click();
  await expect(page.getByText('Dismissed the Slack reminder; it will not be sent.')).toBeVisible();
  await expect(slack).toHaveCount(0);

  await page.getByRole('tab', { name: 'All' }).click();
  await expect(slack.locator('.chip')).toHaveText('Dismissed');
  await expect(notion.locator('.chip')).toHaveText('Snoozed');
  // A dismissed reminder that has not gone out has an action: Restore.
  await expect(slack.getByRole('button', { name: 'Restore the reminder for Slack' })).toBeVisible();
  await page.reload();
  await page.getByRole('tab', { name: 'Missed & failed' }).click();
  await expect(page.getByRole('heading', { name: 'Nothing missed or failed' })).toBeVisible();
});

test('dismiss offers Undo for a few seconds, and a dismissed upcoming reminder is restored from the Dismissed tab', async ({ page, server }) => {
  await page.goto(server.url);
  await register(page, account('ivy'));
  await api(page, 'POST', '/api/expenses', { name: 'Notion', amount: 10, renewal_date: await accountDateIn(page, 20) });
  await api(page, 'POST', '/api/expenses', { name: 'Slack', amount: 8.75, renewal_date: await accountDateIn(page, 30) });
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Reminders' }).click();
  const notion = page.getByRole('row').filter({ has: page.getByRole('link', { name: 'Notion' }) });
  const slack = page.getByRole('row').filter({ has: page.getByRole('link', { name: 'Slack' }) });

  // Undo right after dismissing: the reminder is back, scheduled as before.
  await notion.getByRole('button', { name: 'Dismiss the reminder for Notion' }).click();
  const toast = page.locator('.toast').filter({ hasText: 'Dismissed the Notion reminder; it will not be sent.' });
  await expect(notion).toHaveCount(0);
  await toast.getByRole('button', { name: 'Undo' }).click();
  await expect(page.getByText('Restored the Notion reminder.')).toBeVisible();
  await expect(notion.locator('.chip')).toHaveText('Scheduled');
  await expect(notion).toContainText(await sendsIn(page, notion, 13));

  // Without Undo it stays dismissed (the toast goes after a few seconds); Restore brings it back later.
  await slack.getByRole('button', { name: 'Dismiss the reminder for Slack' }).click();
  await expect(page.locator('.toast').filter({ hasText: 'Dismissed the Slack reminder' })).toHaveCount(0, { timeout: 10_000 });
  await expect(slack).toHaveCount(0);
  await page.getByRole('tab', { name: 'Dismissed' }).click();
  await expect(slack.locator('.chip')).toHaveText('Dismissed');
  await slack.getByRole('button', { name: 'Restore the reminder for Slack' }).click();
  await expect(page.getByText('Restored the Slack reminder; it is scheduled again.')).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Nothing dismissed' })).toBeVisible();
  await page.getByRole('tab', { name: 'Upcoming' }).click();
  await expect(slack.locator('.chip')).toHaveText('Scheduled');
});

test('a notice period longer than the time left: the form says this cycle can no longer be cancelled, and the next last day to cancel is planned', async ({ page, server }) => {
  await page.goto(server.url);
  await register(page, account('jon'));
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Subscriptions' }).click();
  await page.getByRole('button', { name: 'Add subscription' }).first().click();
  const panel = page.getByRole('dialog', { name: 'Add subscription' });
  const renewal = await accountDateIn(page, 19);
  await panel.getByLabel('Name', { exact: true }).fill('Figma');
  await panel.getByLabel('Amount').fill('45');
  await panel.getByLabel('Renewal date').fill(renewal);
  const notice = panel.getByLabel('Notice period (days)');
  await notice.fill('60');
  await expect(notice).toHaveAccessibleDescription(/^The last day to cancel this cycle has passed \(.+\): the .+ renewal will be charged\. Next: cancel by .+ to stop the .+ renewal\.$/);
  await notice.fill('10');
  await expect(notice).toHaveAccessibleDescription('Cancel this long before renewal.');
  await notice.fill('60');
  const description = (await panel.locator('.hint').filter({ hasText: 'Next: cancel by' }).textContent())!;
  const nextLastDay = /Next: cancel by (.+) to stop/.exec(description)![1]!;
  await panel.getByRole('button', { name: 'Save' }).click();
  await expect(panel).toBeHidden();

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Reminders' }).click();
  const deadline = page.getByRole('row').filter({ has: page.getByRole('link', { name: 'Figma' }) }).filter({ hasText: 'Last day to cancel' });
  await expect(deadline.first()).toContainText(nextLastDay);
});

test('a reminder the mail server refuses shows as retrying, with the error as the server worded it', async ({ page, server }) => {
  await page.goto(server.url);
  await register(page, account('hal'));
  await api(page, 'PUT', '/api/settings/smtp', { host: '127.0.0.1', port: smtp.port, security: 'none', username: SMTP_USER, from: 'reminders@example.com', password: SMTP_PASS });
  smtp.failNext(1, 451, '4.3.0 Mailbox temporarily unavailable');
  await api(page, 'POST', '/api/expenses', { name: 'Zoom', amount: 13.33, renewal_date: await accountDateIn(page, 2) });

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Reminders' }).click();
  const zoom = page.getByRole('row').filter({ has: page.getByRole('link', { name: 'Zoom' }) });
  await expect(zoom.locator('.chip')).toHaveText('Retrying');
  await expect(zoom.locator('[data-channel="email"]')).toHaveText('Email: retrying');
  await expect(zoom).toContainText('$13.33');
  // The next try is a minute away (backoff 1, 5, 30 minutes, then hourly).
  await expect(zoom).toContainText(/in (1|2) minutes?/);
  // What it means first, the server's exact words beside it.
  await expect(page.getByText('Last error:')).toContainText('127.0.0.1 turned the message away for now (a temporary problem on the server)');
  await expect(page.getByText('Last error:').locator('code')).toHaveText('Message failed: 451 4.3.0 Mailbox temporarily unavailable');
  expect(smtp.mails).toHaveLength(0);
});

test('a new account sees an empty log that says what to do next', async ({ page, server }) => {
  await page.goto(server.url);
  await register(page, account('fay'));
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Reminders' }).click();
  await expect(page.getByRole('heading', { name: 'Nothing scheduled' })).toBeVisible();
  await expect(page.getByText(/Add a subscription and Spend Manager plans its reminders — 7 days before each renewal/)).toBeVisible();
  await expect(page.getByRole('link', { name: 'Go to subscriptions' })).toHaveAttribute('href', '#/subscriptions');
});

test('SMTP_URL in the environment overrides the saved settings, and the screen says so', async ({ page }) => {
  const url = `smtp://${SMTP_USER}:${encodeURIComponent(SMTP_PASS)}@127.0.0.1:${smtp.port}?starttls=never&from=${encodeURIComponent('ops@example.com')}`;
  const server = await startServer({ SMTP_URL: url });
  try {
    const gil = account('gil');
    await page.goto(server.url);
    await register(page, gil);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
    const email = page.getByRole('region', { name: 'Email (SMTP)' });
    await expect(email.getByRole('note')).toContainText('SMTP_URL overrides these settings.');
    await expect(email.getByLabel('Host')).toHaveValue('127.0.0.1');
    await expect(email.getByLabel('Host')).toBeDisabled();
    await expect(email.getByLabel('Password')).toHaveAccessibleDescription('From SMTP_URL.');
    await expect(email.getByRole('button', { name: 'Save email settings' })).toBeDisabled();
    await expect(email.getByRole('button', { name: 'Remove password' })).toHaveCount(0);

    await email.getByRole('button', { name: 'Send test email' }).click();
    await expect(email.getByText(`Test email sent to ${gil.email}.`)).toBeVisible();
    const [mail] = await smtp.waitForMails(1);
    expect(mail!.envelope.to).toEqual([gil.email]);
    expect(mail!.from?.text).toBe('ops@example.com');
  } finally {
    await server.stop();
  }
});
