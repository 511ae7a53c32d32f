import { afterEach, describe, expect, it } from 'vitest';
import { testClock } from '../../support/clock';
import { signedInCaller, startTestCore, type TestCaller, type TestCore } from '../../support/core';
import { startTestSmtpServer, type TestSmtpServer } from '../../support/smtp-server';
import { SMTP_PASS, SMTP_USER, addSubscription, loopbackSmtp, recordingNotifier, reminderRows, runDue } from './support';

const open: { cores: TestCore[]; servers: TestSmtpServer[] } = { cores: [], servers: [] };
afterEach(async () => {
  await Promise.all(open.cores.splice(0).map((core) => core.close()));
  await Promise.all(open.servers.splice(0).map((server) => server.stop()));
});

async function setup(now = '2026-03-10T08:00:00Z') {
  const smtp = await startTestSmtpServer({ mode: 'starttls', auth: { user: SMTP_USER, pass: SMTP_PASS } });
  open.servers.push(smtp);
  const notifier = recordingNotifier();
  const core = await startTestCore({ clock: testClock(now, 'UTC'), notifier, reminders: { smtp: loopbackSmtp(smtp) } });
  open.cores.push(core);
  const user = await signedInCaller(core, `ana${open.cores.length}${Date.now() % 100000}`);
  await user.call('smtp.update', {
    host: smtp.host,
    port: smtp.port,
    security: 'starttls',
    username: SMTP_USER,
    from: 'Spend Manager <reminders@company.test>',
    password: SMTP_PASS,
  });
  return { core, smtp, notifier, user, userId: user.userId! };
}

async function emailOf(user: TestCaller): Promise<string> {
  return (await user.call('auth.me')).user.email;
}

describe('reminder delivery', () => {
  it('emails the reminder over STARTTLS with AUTH: subject, recipient, amounts, renewal date and a Message-ID of the occurrence', async () => {
    const { core, smtp, user, userId } = await setup();
    const id = await addSubscription(core, userId, { name: 'Figma', amount_minor: 4500, renewal_date: '2026-03-17', url: 'https://www.figma.com/billing' });
    await runDue(core);
    expect(smtp.mails).toHaveLength(0); // due at 09:00, it is 08:00

    core.clock.set('2026-03-10T09:00:00Z');
    await runDue(core);
    const [mail] = await smtp.waitForMails(1);
    const [row] = await reminderRows(core, { expenseId: id });
    expect(mail!.subject).toBe('Figma renews in 7 days — $45.00');
    expect(mail!.envelope.to).toEqual([await emailOf(user)]);
    expect(mail!.from?.value[0]).toMatchObject({ name: 'Spend Manager', address: 'reminders@company.test' });
    expect(mail!.text).toContain('Amount: $45.00, billed monthly');
    expect(mail!.text).toContain('Renews on: Mar 17, 2026');
    expect(mail!.text).toContain('Yearly cost: $540.00');
    expect(mail!.text).toContain('Manage or cancel: https://www.figma.com/billing');
    expect(mail!.text).toContain('Do you still need this?');
    expect(mail!.html).toContain('href="https://www.figma.com/billing"');
    expect(mail!.messageId).toBe(row!.message_id);
    expect(row!.message_id).toMatch(new RegExp(`^<reminder-${row!.id}-[0-9a-f]{16}@spend-manager\\.local>$`));
    expect(row).toMatchObject({ state: 'sent', email: 'sent', email_to: await emailOf(user), attempts: 0, next_attempt_at: null });
  });

  it('shows an OS notification that names the service, days left and amount and opens the subscription on click', async () => {
    const { core, notifier, userId } = await setup('2026-03-10T09:00:00Z');
    const id = await addSubscription(core, userId, { name: 'Figma', amount_minor: 4500, renewal_date: '2026-03-17' });
    await runDue(core);
    expect(notifier.shown).toEqual([
      { title: 'Figma renews in 7 days — $45.00', body: 'Figma renews in 7 days, on Mar 17, 2026. Still need it?', expenseId: id },
    ]);
    const [row] = await reminderRows(core, { expenseId: id });
    expect(row).toMatchObject({ notification: 'shown', notified_at: '2026-03-10T09:00:00.000Z' });
  });

  it('marks the subscription reminder_sent for its cycle once the renewal reminder is out', async () => {
    const { core, user, userId } = await setup('2026-03-10T09:00:00Z');
    const id = await addSubscription(core, userId, { renewal_date: '2026-03-17' });
    const sentFlag = async () =>
      (await core.ports.db.selectFrom('expenses').select('reminder_sent').where('id', '=', id).executeTakeFirstOrThrow()).reminder_sent;
    expect(await sentFlag()).toBe(0);
    await runDue(core);
    expect(await sentFlag()).toBe(1);
    expect(user.userId).toBe(userId);
  });

  it('sends every due reminder exactly once, however often the job fires', async () => {
    const { core, smtp, userId } = await setup('2026-03-10T09:00:00Z');
    await addSubscription(core, userId, { name: 'A', renewal_date: '2026-03-17' });
    await addSubscription(core, userId, { name: 'B', renewal_date: '2026-03-17' });
    await runDue(core);
    core.reminders!.scheduler.runNow();
    core.reminders!.scheduler.runNow();
    await core.reminders!.scheduler.idle();
    expect((await smtp.waitForMails(2)).map((m) => m.subject).sort()).toEqual(['A renews in 7 days — $45.00', 'B renews in 7 days — $45.00']);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(smtp.mails).toHaveLength(2);
  });

  it('a trial ending on its renewal date sends one email and one notification that say both, not two in the same second', async () => {
    const { core, smtp, notifier, user, userId } = await setup('2026-03-10T09:00:00Z');
    const id = await addSubscription(core, userId, { name: 'Figma', status: 'trial', trial_ends_on: '2026-03-17', renewal_date: '2026-03-17' });
    await runDue(core);
    const [mail] = await smtp.waitForMails(1);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(smtp.mails).toHaveLength(1);
    expect(mail!.subject).toBe('Figma: the trial ends and it renews in 7 days — $45.00');
    expect(mail!.text).toContain('Your Figma trial ends in 7 days, on Mar 17, 2026. After that it costs $45.00. Figma renews in 7 days, on Mar 17, 2026.');
    expect(mail!.text).toContain('Trial ends on: Mar 17, 2026');
    expect(mail!.text).toContain('Renews on: Mar 17, 2026');
    expect(notifier.shown).toEqual([
      {
        title: 'Figma: the trial ends and it renews in 7 days — $45.00',
        body: 'Your Figma trial ends in 7 days, on Mar 17, 2026. After that it costs $45.00. Figma renews in 7 days, on Mar 17, 2026. Still need it?',
        expenseId: id,
      },
    ]);

    // The log still has each occurrence, each sent, in one message (one Message-ID, both ids in its header).
    const rows = await reminderRows(core, { expenseId: id });
    expect(rows.map((r) => [r.kind, r.state, r.email, r.notification, r.message_id])).toEqual([
      ['trial', 'sent', 'sent', 'shown', mail!.messageId],
      ['renewal', 'sent', 'sent', 'shown', mail!.messageId],
    ]);
    expect(mail!.headers.get('x-spend-manager-reminder')).toBe(`${rows[0]!.id}, ${rows[1]!.id}`);
    const listed = (await user.call('reminders.list', { state: 'sent' })).reminders;
    expect(listed.map((r) => [r.id, r.sent_with])).toEqual([
      [rows[1]!.id, [rows[0]!.id]],
      [rows[0]!.id, [rows[1]!.id]],
    ]);
    expect(await core.ports.db.selectFrom('expenses').select('reminder_sent').where('id', '=', id).executeTakeFirstOrThrow()).toEqual({ reminder_sent: 1 });
  });

  it('keeps one subscription\'s same-moment reminders in one message even when a batch boundary falls between them', async () => {
    const { core, smtp, userId } = await setup('2026-03-10T09:00:00Z');
    const systemWithTinyBatches = await startTestCore({ dir: core.dir, clock: core.clock, secrets: core.ports.secrets, reminders: { smtp: loopbackSmtp(smtp), batchSize: 1 } });
    open.cores.push(systemWithTinyBatches);
    core.reminders!.scheduler.stop();
    await addSubscription(systemWithTinyBatches, userId, { name: 'Figma', renewal_date: '2026-03-17', notice_period_days: 7, reminder_days: [7, 0] });
    await runDue(systemWithTinyBatches);
    // Due together at 09:00: the last day to cancel (today) and the renewal in 7 days.
    const [mail] = await smtp.waitForMails(1);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(smtp.mails.map((m) => m.subject)).toEqual(['Figma: the last day to cancel is today and it renews in 7 days — $45.00']);
    expect(mail!.text).toContain('Last day to cancel: Mar 10, 2026');
  });

  it('without SMTP the reminder still goes out as an OS notification and the log says email is not configured', async () => {
    const notifier = recordingNotifier();
    const core = await startTestCore({ clock: testClock('2026-03-10T09:00:00Z'), notifier, reminders: true });
    open.cores.push(core);
    const userId = (await signedInCaller(core)).userId!;
    const id = await addSubscription(core, userId, { renewal_date: '2026-03-17' });
    await runDue(core);
    expect(notifier.shown).toHaveLength(1);
    expect((await reminderRows(core, { expenseId: id }))[0]).toMatchObject({ state: 'sent', notification: 'shown', email: 'not_configured' });
  });
});
