import { afterEach, describe, expect, it } from 'vitest';
import { testClock } from '../../support/clock';
import { signedInCaller, startTestCore, type TestCaller, type TestCore } from '../../support/core';
import { startTestSmtpServer, type TestSmtpServer } from '../../support/smtp-server';
import { SMTP_PASS, SMTP_USER, loopbackSmtp, recordingNotifier, runDue } from '../reminders/support';

// A negotiation's follow-up date (issue 13) has a reminder of its own: planned with the decision at the reminders'
// time of day in the recipient's zone, shown on the Reminders screen, sent once as a notification and an email, and
// taken away by the review's next decision. Real planner, scheduler, delivery and a loopback SMTP server.

const open: { cores: TestCore[]; servers: TestSmtpServer[] } = { cores: [], servers: [] };
afterEach(async () => {
  await Promise.all(open.cores.splice(0).map((core) => core.close()));
  await Promise.all(open.servers.splice(0).map((server) => server.stop()));
});

async function setup(now: string) {
  const smtp = await startTestSmtpServer({ mode: 'starttls', auth: { user: SMTP_USER, pass: SMTP_PASS } });
  open.servers.push(smtp);
  const notifier = recordingNotifier();
  const core = await startTestCore({ clock: testClock(now, 'UTC'), notifier, reminders: { smtp: loopbackSmtp(smtp) } });
  open.cores.push(core);
  const alice = await signedInCaller(core, `alice${Date.now() % 100000}`);
  await alice.call('smtp.update', { host: smtp.host, port: smtp.port, security: 'starttls', username: SMTP_USER, from: 'Spend Manager <reminders@company.test>', password: SMTP_PASS });
  return { core, smtp, notifier, alice };
}

// Yearly 600.00 renewing Jul 20 with 30 days notice: last day Jun 20, review open since Jun 13. No lead days of its own,
// so every reminder row below is the follow-up's.
const adobe = { name: 'Adobe', category: 'Design', amount: 600, billing_cycle: 'yearly', renewal_date: '2026-07-20', notice_period_days: 30, reminder_days: [] };

const followUps = (core: TestCore, expenseId: number) =>
  core.database.db
    .selectFrom('reminders')
    .select(['kind', 'target_date', 'lead_days', 'due_at', 'state'])
    .where('expense_id', '=', expenseId)
    .where('kind', '=', 'follow_up')
    .orderBy('id')
    .execute();

async function negotiate(alice: TestCaller, id: number, followUpOn: string) {
  return alice.call('reviews.decide', { id, renewal_date: '2026-07-20', action: 'negotiate', note: 'Asked for 20 % off', follow_up_on: followUpOn });
}

describe('negotiation follow-up reminders', () => {
  it('plans the follow-up at 09:00 in the member’s zone, lists it, and sends it once by notification and email', async () => {
    const { core, smtp, notifier, alice } = await setup('2026-06-15T06:00:00Z');
    await alice.call('settings.update', { time_zone: 'Europe/Berlin' });
    const { expense } = await alice.call('expenses.create', adobe);
    expect(await followUps(core, expense.id)).toEqual([]);
    await negotiate(alice, expense.id, '2026-06-18');
    // 09:00 in Berlin on Jun 18 (summer time, UTC+2) is 07:00Z.
    expect(await followUps(core, expense.id)).toEqual([{ kind: 'follow_up', target_date: '2026-06-18', lead_days: 0, due_at: '2026-06-18T07:00:00.000Z', state: 'pending' }]);
    const listed = (await alice.call('reminders.list', {})).reminders.filter((r) => r.kind === 'follow_up');
    expect(listed.map((r) => [r.expense_name, r.target_date, r.days_left, r.state])).toEqual([['Adobe', '2026-06-18', 3, 'pending']]);

    core.clock.set('2026-06-18T06:59:00Z');
    await runDue(core);
    expect(smtp.mails).toHaveLength(0);
    core.clock.set('2026-06-18T07:00:00Z');
    await runDue(core);
    const [mail] = await smtp.waitForMails(1);
    expect(mail!.subject).toBe('Follow up on Adobe today: your negotiation');
    expect(mail!.text).toContain('You planned to follow up on the negotiation of Adobe today, Jun 18, 2026.');
    expect(notifier.shown.map((n) => [n.title, n.expenseId])).toEqual([['Follow up on Adobe today: your negotiation', expense.id]]);
    expect((await followUps(core, expense.id)).map((r) => r.state)).toEqual(['sent']);
    // Claimed once: another sweep sends nothing more.
    core.clock.set('2026-06-18T08:00:00Z');
    await runDue(core);
    expect(smtp.mails).toHaveLength(1);
  });

  it('moves the follow-up with a new negotiation and takes it away when the review is decided', async () => {
    const { core, alice } = await setup('2026-06-15T10:00:00Z');
    const { expense } = await alice.call('expenses.create', adobe);
    await negotiate(alice, expense.id, '2026-06-17');
    await negotiate(alice, expense.id, '2026-06-19');
    // The first date was never sent: it goes, the second one is planned.
    expect((await followUps(core, expense.id)).map((r) => [r.target_date, r.state])).toEqual([['2026-06-19', 'pending']]);
    await alice.call('reviews.decide', { id: expense.id, renewal_date: '2026-07-20', action: 'keep', note: 'They would not move' });
    expect(await followUps(core, expense.id)).toEqual([]);
    // Reopened, the review has no negotiation: still nothing to follow up.
    await alice.call('reviews.reopen', { id: expense.id, renewal_date: '2026-07-20' });
    expect(await followUps(core, expense.id)).toEqual([]);
    // Negotiating again after the reopen plans it again; cancelling ends it with the other reminders.
    await negotiate(alice, expense.id, '2026-06-20');
    expect((await followUps(core, expense.id)).map((r) => r.target_date)).toEqual(['2026-06-20']);
    await alice.call('reviews.decide', { id: expense.id, renewal_date: '2026-07-20', action: 'cancel', note: null });
    expect(await followUps(core, expense.id)).toEqual([]);
  });

  it('a follow-up that went out stays in the history when the review is decided afterwards', async () => {
    const { core, alice } = await setup('2026-06-15T10:00:00Z');
    const { expense } = await alice.call('expenses.create', adobe);
    await negotiate(alice, expense.id, '2026-06-16');
    core.clock.set('2026-06-16T09:00:00Z');
    await runDue(core);
    expect((await followUps(core, expense.id)).map((r) => r.state)).toEqual(['sent']);
    await alice.call('reviews.decide', { id: expense.id, renewal_date: '2026-07-20', action: 'keep', note: null });
    expect((await followUps(core, expense.id)).map((r) => [r.target_date, r.state])).toEqual([['2026-06-16', 'sent']]);
  });
});
