import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testClock } from '../../support/clock';
import { signedInCaller, startTestCore, type TestCaller, type TestCore } from '../../support/core';
import { startTestSmtpServer, type TestSmtpServer } from '../../support/smtp-server';
import { SMTP_PASS, SMTP_USER, advanceTo, loopbackSmtp, reminderRows } from './support';
import type { InvitableRole } from '../../../common/contract/roles';
import { joinByInvitation } from '../../support/workspaces';

// Who a company workspace's renewal reminder goes to: the subscription's owner, and each admin or owner who
// asked for every reminder (remind_all), each at the workspace's 09:00 in their own zone. Mail goes through
// the team server's SMTP (SMTP_URL) to a real SMTP server on loopback.

let smtp: TestSmtpServer;
let core: TestCore;
let olga: TestCaller; // owner, remind_all on, Berlin (UTC+1 in March)
let ada: TestCaller; // admin, remind_all off, New York (UTC-4 after 8 March)
let max: TestCaller; // member, owns the subscription, Tokyo (UTC+9)

async function withZone(name: string, zone: string): Promise<TestCaller> {
  const caller = await signedInCaller(core, name);
  // The member's own zone (member_settings), set in their personal workspace before they join.
  await caller.call('settings.update', { time_zone: zone });
  return caller;
}

const join = (caller: TestCaller, role: InvitableRole) => joinByInvitation(olga, caller, role);

const emailOf = async (caller: TestCaller) => (await caller.call('auth.me')).user.email;
const recipients = () => smtp.mails.map((m) => [m.envelope.to, m.subject]);

beforeEach(async () => {
  smtp = await startTestSmtpServer({ mode: 'starttls', auth: { user: SMTP_USER, pass: SMTP_PASS } });
  const server = { host: smtp.host, port: smtp.port, security: 'starttls' as const, username: SMTP_USER, from: 'Spend Manager <reminders@company.test>' };
  core = await startTestCore({
    clock: testClock('2026-03-10T12:00:00Z', 'UTC'),
    reminders: { smtp: { ...loopbackSmtp(smtp), environment: { settings: server, password: SMTP_PASS } } },
  });
  olga = await withZone('olga', 'Europe/Berlin');
  ada = await withZone('ada', 'America/New_York');
  max = await withZone('max', 'Asia/Tokyo');
  await olga.call('workspaces.create', { name: 'Acme' });
  await olga.call('members.remindAll', { remind_all: true });
  await join(ada, 'admin');
  await join(max, 'member');
});
afterEach(async () => {
  await core.close();
  await smtp.stop();
});

describe('reminders in a company workspace', () => {
  it("mail the subscription's owner and the owner who asked for all, each at 09:00 in their own zone, and not the admin who did not", async () => {
    const { expense } = await max.call('expenses.create', { name: 'Figma', amount: 45, renewal_date: '2026-03-20', category: 'Design' });
    const rows = await reminderRows(core, { expenseId: expense.id });
    expect(rows.map((r) => [r.user_id, r.due_at, r.lead_days])).toEqual([
      [max.userId, '2026-03-13T00:00:00.000Z', 7], // 09:00 in Tokyo
      [olga.userId, '2026-03-13T08:00:00.000Z', 7], // 09:00 in Berlin
    ]);

    await advanceTo(core, '2026-03-13T07:59:00Z');
    await smtp.waitForMails(1);
    expect(recipients()).toEqual([[[await emailOf(max)], 'Figma renews in 7 days — $45.00']]);

    await advanceTo(core, '2026-03-13T08:00:00Z');
    await smtp.waitForMails(2);
    // 09:00 in New York (13:00Z) and the day after pass without a mail to the admin.
    await advanceTo(core, '2026-03-14T23:00:00Z');
    expect(recipients()).toEqual([
      [[await emailOf(max)], 'Figma renews in 7 days — $45.00'],
      [[await emailOf(olga)], 'Figma renews in 7 days — $45.00'],
    ]);
    expect((await reminderRows(core, { userId: ada.userId! })).length).toBe(0);
  });

  it("send a removed member nothing afterwards: their subscriptions pass to the owner, who alone is reminded", async () => {
    const { expense } = await max.call('expenses.create', { name: 'Figma', amount: 45, renewal_date: '2026-03-20', category: 'Design' });
    expect((await reminderRows(core, { userId: max.userId! })).length).toBe(1);

    await olga.call('members.remove', { user_id: max.userId! });
    expect((await olga.call('expenses.get', { id: expense.id })).expense.user_id).toBe(olga.userId);
    expect(await reminderRows(core, { userId: max.userId! })).toEqual([]);
    // Olga owns it now and asked for all: one row for her, not two.
    expect((await reminderRows(core, { expenseId: expense.id })).map((r) => [r.user_id, r.due_at])).toEqual([[olga.userId, '2026-03-13T08:00:00.000Z']]);

    await advanceTo(core, '2026-03-14T23:00:00Z');
    await smtp.waitForMails(1);
    expect(recipients()).toEqual([[[await emailOf(olga)], 'Figma renews in 7 days — $45.00']]);
  });

  it('mail both recipients whose reminders are due at the same moment (one was marked missed as "superseded" by the other)', async () => {
    await max.call('settings.update', { time_zone: 'Europe/Berlin' });
    await max.call('expenses.create', { name: 'Figma', amount: 45, renewal_date: '2026-03-20', category: 'Design' });
    await advanceTo(core, '2026-03-13T08:00:00Z');
    await smtp.waitForMails(2);
    expect(recipients().sort()).toEqual(
      [
        [[await emailOf(max)], 'Figma renews in 7 days — $45.00'],
        [[await emailOf(olga)], 'Figma renews in 7 days — $45.00'],
      ].sort(),
    );
    expect((await reminderRows(core)).map((r) => r.state)).toEqual(['sent', 'sent']);
  });
});
