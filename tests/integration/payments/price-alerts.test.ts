import { afterEach, describe, expect, it } from 'vitest';
import { testClock } from '../../support/clock';
import { refusalOf, signedInCaller, startTestCore, type TestCaller, type TestCore } from '../../support/core';
import { startTestSmtpServer, type TestSmtpServer } from '../../support/smtp-server';
import { joinByInvitation } from '../../support/workspaces';
import { SMTP_PASS, SMTP_USER, advanceTo, loopbackSmtp, recordingNotifier, reminderRows, runDue } from '../reminders/support';

// Price-change alerts (issue 13): recording a payment more than 2 % off its expected amount tells the subscription's
// recipients once, by OS notification and by email through a real SMTP server on loopback, via the reminder
// pipeline (claim, send, settle). Real operations, planner, sweep and delivery, on SQLite or PostgreSQL.

let smtp: TestSmtpServer;
let core: TestCore;
let notifier: ReturnType<typeof recordingNotifier>;
afterEach(async () => {
  await core.close();
  await smtp.stop();
});

async function start(): Promise<TestCaller> {
  smtp = await startTestSmtpServer({ mode: 'starttls', auth: { user: SMTP_USER, pass: SMTP_PASS } });
  const server = { host: smtp.host, port: smtp.port, security: 'starttls' as const, username: SMTP_USER, from: 'Spend Manager <reminders@company.test>' };
  notifier = recordingNotifier();
  core = await startTestCore({
    clock: testClock('2026-02-20T09:00:00Z', 'UTC'),
    notifier,
    reminders: { smtp: { ...loopbackSmtp(smtp), environment: { settings: server, password: SMTP_PASS } } },
  });
  return signedInCaller(core, 'alice');
}

const slack = { name: 'Slack', category: 'Communication', amount: '87.50', renewal_date: '2026-03-03' };
const subjects = () => smtp.mails.map((m) => m.subject);
const alerts = async () => (await reminderRows(core)).filter((r) => r.kind === 'price_change');
const emailOf = async (caller: TestCaller) => (await caller.call('auth.me')).user.email;

/** Slack's Mar 3 renewal has gone by (the sweep wrote its payment, 87.50 expected) and it is Mar 10. */
async function paidRenewal(owner: TestCaller) {
  const { expense } = await owner.call('expenses.create', slack);
  await advanceTo(core, '2026-03-10T09:00:00Z');
  const [payment] = (await owner.call('payments.list', { id: expense.id })).payments;
  expect(payment).toMatchObject({ renewal_date: '2026-03-03', expected_amount: 87.5 });
  smtp.mails.length = 0;
  notifier.shown.length = 0;
  return { expense, payment: payment! };
}

describe('a payment more than 2 % off its expected amount', () => {
  it('alerts once by email and notification: "Slack went from $87.50 to $96.25 (+10 %) on Mar 4, 2026"', async () => {
    const alice = await start();
    const { expense, payment } = await paidRenewal(alice);
    await alice.call('payments.record', { id: payment.id, actual_amount: '96.25', paid_on: '2026-03-04' });
    await runDue(core);
    await smtp.waitForMails(1);
    const [mail] = smtp.mails;
    expect(mail!.subject).toBe('Slack went from $87.50 to $96.25 (+10 %) on Mar 4, 2026');
    expect(mail!.envelope.to).toEqual([await emailOf(alice)]);
    expect(mail!.text).toContain('Slack went from $87.50 to $96.25 (+10 %) on Mar 4, 2026.');
    expect(mail!.text).toContain('Difference: +$8.75');
    expect(notifier.shown).toEqual([expect.objectContaining({ title: 'Slack went from $87.50 to $96.25 (+10 %) on Mar 4, 2026', expenseId: expense.id })]);

    // It shows on the Reminders screen, told from the payment.
    const { reminders } = await alice.call('reminders.list', { expense_id: expense.id, state: 'sent' });
    const alert = reminders.find((r) => r.kind === 'price_change');
    expect(alert).toMatchObject({
      target_date: '2026-03-03',
      last_day: '2026-03-17',
      state: 'sent',
      channels: { notification: 'shown', email: 'sent' },
      price_change: { currency: 'USD', expected_amount: 87.5, actual_amount: 96.25, paid_on: '2026-03-04', percent: '+10 %' },
    });
  });

  it('does not alert again when the same amount, or another one, is recorded again', async () => {
    const alice = await start();
    const { payment } = await paidRenewal(alice);
    await alice.call('payments.record', { id: payment.id, actual_amount: '96.25' });
    await alice.call('payments.record', { id: payment.id, actual_amount: '96.25' });
    await runDue(core);
    await smtp.waitForMails(1);
    await alice.call('payments.record', { id: payment.id, actual_amount: '96.25' });
    await alice.call('payments.record', { id: payment.id, actual_amount: '99.00' });
    await advanceTo(core, '2026-03-11T09:00:00Z');
    expect(subjects()).toEqual(['Slack went from $87.50 to $96.25 (+10 %) on Mar 3, 2026']);
    expect((await alerts()).map((r) => r.state)).toEqual(['sent']);
  });

  it('tells the amount as it stands when it goes out: changed to another amount before it went, one mail with the last', async () => {
    const alice = await start();
    const { payment } = await paidRenewal(alice);
    await alice.call('payments.record', { id: payment.id, actual_amount: '96.25' });
    await alice.call('payments.record', { id: payment.id, actual_amount: '80.50' });
    await runDue(core);
    await smtp.waitForMails(1);
    expect(subjects()).toEqual(['Slack went from $87.50 to $80.50 (-8 %) on Mar 3, 2026']);
  });

  it('takes back an alert not sent yet when the amount is set back within 2 %', async () => {
    const alice = await start();
    const { payment } = await paidRenewal(alice);
    await alice.call('payments.record', { id: payment.id, actual_amount: '96.25' });
    expect((await alerts()).map((r) => r.state)).toEqual(['pending']);
    await alice.call('payments.record', { id: payment.id, actual_amount: '88.00' });
    expect(await alerts()).toEqual([]);
    await alice.call('payments.record', { id: payment.id, actual_amount: null });
    await advanceTo(core, '2026-03-11T09:00:00Z');
    expect(subjects()).toEqual([]);
    expect(notifier.shown).toEqual([]);
  });

  it('tells the owner and the owner who asked for every reminder, each once', async () => {
    const olga = await start();
    await olga.call('workspaces.create', { name: 'Acme' });
    await olga.call('members.remindAll', { remind_all: true });
    const max = await signedInCaller(core, 'max');
    await joinByInvitation(olga, max, 'member');
    const { payment } = await paidRenewal(max);
    await max.call('payments.record', { id: payment.id, actual_amount: '100' });
    await runDue(core);
    await smtp.waitForMails(2);
    expect(smtp.mails.map((m) => [m.envelope.to, m.subject]).sort()).toEqual(
      [
        [[await emailOf(max)], 'Slack went from $87.50 to $100.00 (+14 %) on Mar 3, 2026'],
        [[await emailOf(olga)], 'Slack went from $87.50 to $100.00 (+14 %) on Mar 3, 2026'],
      ].sort(),
    );
    expect((await alerts()).map((r) => [r.user_id, r.state]).sort()).toEqual([[max.userId, 'sent'], [olga.userId, 'sent']].sort());
  });
});

describe('a payment within 2 % of its expected amount', () => {
  it('does not alert at exactly 2 % either way (89.25 and 85.75 for 87.50), and does at 89.26', async () => {
    const alice = await start();
    const { payment } = await paidRenewal(alice);
    await alice.call('payments.record', { id: payment.id, actual_amount: '89.25' });
    await alice.call('payments.record', { id: payment.id, actual_amount: '85.75' });
    await alice.call('payments.record', { id: payment.id, actual_amount: '88.10' });
    await runDue(core);
    expect(await alerts()).toEqual([]);
    await alice.call('payments.record', { id: payment.id, actual_amount: '89.26' });
    await runDue(core);
    await smtp.waitForMails(1);
    expect(subjects()).toEqual(['Slack went from $87.50 to $89.26 (+2 %) on Mar 3, 2026']);
  });
});

describe('who can raise an alert', () => {
  it('refuses a viewer, and nothing is alerted or changed', async () => {
    const olga = await start();
    await olga.call('workspaces.create', { name: 'Acme' });
    const vera = await signedInCaller(core, 'vera');
    await joinByInvitation(olga, vera, 'viewer');
    const { payment } = await paidRenewal(olga);
    const refusal = await refusalOf(vera, 'payments.record', { id: payment.id, actual_amount: '96.25' });
    expect(refusal.code).toBe('forbidden');
    await runDue(core);
    expect(await alerts()).toEqual([]);
    expect(subjects()).toEqual([]);
    expect((await olga.call('payments.list', { id: payment.expense_id })).payments[0]).toMatchObject({ actual_amount: 87.5, recorded: false });
  });

  it("answers 404 for another workspace's payment and alerts nobody", async () => {
    const alice = await start();
    const { payment } = await paidRenewal(alice);
    const bob = await signedInCaller(core, 'bob');
    expect((await refusalOf(bob, 'payments.record', { id: payment.id, actual_amount: '96.25' })).code).toBe('not_found');
    await runDue(core);
    expect(await alerts()).toEqual([]);
  });
});
