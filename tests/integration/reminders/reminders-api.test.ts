import { afterEach, describe, expect, it } from 'vitest';
import { testClock } from '../../support/clock';
import { startTestHttp, type HttpClient, type TestHttp } from '../../support/http';
import { startTestSmtpServer, type TestSmtpServer } from '../../support/smtp-server';
import { SMTP_PASS, SMTP_USER, addSubscription, advanceTo, editSubscription, loopbackSmtp, recordingNotifier, reminderRows, runDue } from './support';

const open: { servers: TestHttp[]; smtp: TestSmtpServer[] } = { servers: [], smtp: [] };
afterEach(async () => {
  await Promise.all(open.servers.splice(0).map((s) => s.close()));
  await Promise.all(open.smtp.splice(0).map((s) => s.stop()));
});

async function setup(now = '2026-03-10T08:00:00Z', safetySweepMs?: number) {
  const smtp = await startTestSmtpServer({ mode: 'starttls', auth: { user: SMTP_USER, pass: SMTP_PASS } });
  open.smtp.push(smtp);
  const notifier = recordingNotifier();
  const server = await startTestHttp({ core: { clock: testClock(now), notifier, reminders: { smtp: loopbackSmtp(smtp), ...(safetySweepMs ? { safetySweepMs } : {}) } } });
  open.servers.push(server);
  const signUp = async (name: string) => {
    const client = server.client();
    const res = await client.request('POST', '/api/auth/register', { email: `${name}@example.com`, username: name, password: 'correct horse battery' });
    expect(res.status).toBe(201);
    return { client, userId: res.body.user.id as number };
  };
  return { server, core: server.core, smtp, notifier, signUp };
}

const smtpBody = (smtp: TestSmtpServer, extra: Record<string, unknown> = {}) => ({
  host: smtp.host,
  port: smtp.port,
  security: 'starttls',
  username: SMTP_USER,
  from: 'Spend Manager <reminders@company.test>',
  ...extra,
});

async function firstReminderId(client: HttpClient): Promise<number> {
  const res = await client.request('GET', '/api/reminders');
  return res.body.reminders[0].id;
}

describe('reminders REST API', () => {
  it('GET /api/reminders lists upcoming and past reminders with subscription name, amount, channels and days left', async () => {
    const { core, signUp } = await setup();
    const { client, userId } = await signUp('ana');
    const figma = await addSubscription(core, userId, { name: 'Figma', renewal_date: '2026-03-17', reminder_days: [7, 1] });
    core.clock.set('2026-03-10T09:00:00Z');
    await runDue(core);

    const all = await client.request('GET', '/api/reminders');
    expect(all.status).toBe(200);
    expect(all.body.total).toBe(2);
    expect(all.body.reminders.map((r: any) => [r.lead_days, r.state])).toEqual([
      [1, 'pending'],
      [7, 'sent'],
    ]);
    expect(all.body.reminders[1]).toMatchObject({
      expense_id: figma,
      expense_name: 'Figma',
      amount: 45,
      currency: 'USD',
      kind: 'renewal',
      target_date: '2026-03-17',
      days_left: 7,
      due_at: '2026-03-10T09:00:00.000Z',
      next_attempt_at: null,
      channels: { notification: 'shown', email: 'not_configured', email_to: null },
    });
    const upcoming = await client.request('GET', '/api/reminders?when=upcoming');
    expect(upcoming.body.reminders.map((r: any) => r.lead_days)).toEqual([1]);
    const byState = await client.request('GET', '/api/reminders?state=sent,missed');
    expect(byState.body.reminders.map((r: any) => r.state)).toEqual(['sent']);
    const repeated = await client.request('GET', '/api/reminders?state=sent&state=pending&limit=1&offset=1');
    expect(repeated.body).toMatchObject({ total: 2, limit: 1, offset: 1 });
    expect(repeated.body.reminders).toHaveLength(1);
  });

  it('bad list parameters → 400 naming the field; no session → 401', async () => {
    const { server, signUp } = await setup();
    const { client } = await signUp('ana');
    const state = await client.request('GET', '/api/reminders?state=sent,soon');
    expect(state.status).toBe(400);
    expect(state.body.fields).toEqual({ 'state.1': expect.stringMatching(/State must be one or more of: pending, sending, sent/) });
    expect((await client.request('GET', '/api/reminders?when=later')).body.fields).toEqual({ when: 'When must be upcoming or past' });
    expect((await client.request('GET', '/api/reminders?limit=0')).body.fields).toEqual({ limit: 'Limit must be at least 1' });
    expect((await server.client().request('GET', '/api/reminders')).status).toBe(401);
  });

  it("snooze and dismiss: 200 for one's own reminder, 404 for another account's or an unknown id, 400 for bad input", async () => {
    const { core, signUp } = await setup();
    const ana = await signUp('ana');
    const bob = await signUp('bob');
    await addSubscription(core, ana.userId, { renewal_date: '2026-03-17' });
    const id = await firstReminderId(ana.client);

    for (const path of [`/api/reminders/${id}/snooze`, `/api/reminders/${id}/dismiss`, `/api/reminders/${id}/restore`]) {
      const res = await bob.client.request('POST', path, { days: 1 });
      expect(res.status).toBe(path.endsWith('snooze') ? 404 : 400); // dismiss and restore take no body fields
    }
    expect((await bob.client.request('POST', `/api/reminders/${id}/dismiss`, {})).status).toBe(404);
    expect((await bob.client.request('POST', `/api/reminders/${id}/restore`, {})).status).toBe(404);
    expect((await ana.client.request('POST', '/api/reminders/999999/dismiss', {})).status).toBe(404);
    const badId = await ana.client.request('POST', '/api/reminders/abc/snooze', { days: 1 });
    expect(badId.status).toBe(400);
    expect(badId.body.fields).toEqual({ id: 'Must be a whole number' });

    const none = await ana.client.request('POST', `/api/reminders/${id}/snooze`, {});
    expect(none.status).toBe(400);
    expect(none.body.fields.days).toMatch(/Say how long to snooze/);
    const both = await ana.client.request('POST', `/api/reminders/${id}/snooze`, { days: 1, until: '2026-03-12' });
    expect(both.body.fields).toEqual({ until: 'Give either days or until, not both' });
    expect((await ana.client.request('POST', `/api/reminders/${id}/snooze`, { days: 0 })).body.fields).toEqual({ days: 'Days must be at least 1' });
    const pastTarget = await ana.client.request('POST', `/api/reminders/${id}/snooze`, { until: '2026-03-18' });
    expect(pastTarget.status).toBe(400);
    expect(pastTarget.body.fields).toEqual({ until: 'Pick a date on or before the renewal date, 2026-03-17' });
    expect((await ana.client.request('POST', `/api/reminders/${id}/snooze`, { until: '2026-03-32' })).body.fields).toEqual({
      until: 'Until must be a real date',
    });
    expect((await reminderRows(core, { userId: ana.userId }))[0]!.state).toBe('pending');

    const snoozed = await ana.client.request('POST', `/api/reminders/${id}/snooze`, { until: '2026-03-12' });
    expect(snoozed.status).toBe(200);
    expect(snoozed.body.reminder).toMatchObject({ id, state: 'snoozed', snoozed_until: '2026-03-12T09:00:00.000Z', next_attempt_at: '2026-03-12T09:00:00.000Z' });
    const dismissed = await ana.client.request('POST', `/api/reminders/${id}/dismiss`, {});
    expect(dismissed.status).toBe(200);
    expect(dismissed.body.reminder).toMatchObject({ id, state: 'dismissed', next_attempt_at: null });
    expect((await ana.client.request('GET', `/api/reminders/${id}/dismiss`)).status).toBe(405);
  });

  it('pause: 200 with the instant, 400 naming "until" for a malformed or past instant', async () => {
    const { signUp } = await setup();
    const { client } = await signUp('ana');
    const ok = await client.request('POST', '/api/reminders/pause', { until: '2026-03-10T10:00:00+01:00' });
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({ paused_until: '2026-03-10T09:00:00.000Z' });
    const words = await client.request('POST', '/api/reminders/pause', { until: 'tomorrow' });
    expect(words.status).toBe(400);
    expect(words.body.fields).toEqual({ until: 'Until must be a date and time like 2027-03-20T15:00:00Z, or null to resume' });
    expect((await client.request('POST', '/api/reminders/pause', { until: '2026-03-09T00:00:00Z' })).body.fields).toEqual({
      until: 'Must be in the future (or null to resume now)',
    });
    expect((await client.request('POST', '/api/reminders/pause', {})).status).toBe(400);
    expect((await client.request('POST', '/api/reminders/pause', { until: null })).body).toEqual({ paused_until: null });
  });

  it('SMTP settings: PUT saves (password never echoed), bad input → 400 naming the field, test email reports the exact server error as 502, DELETE forgets', async () => {
    const { smtp, signUp } = await setup();
    const { client } = await signUp('ana');
    expect((await client.request('POST', '/api/settings/smtp/test', {})).status).toBe(400);

    const bad = await client.request('PUT', '/api/settings/smtp', smtpBody(smtp, { port: 70000, security: 'ssl' }));
    expect(bad.status).toBe(400);
    expect(bad.body.fields).toEqual({ port: 'Port must be between 1 and 65535', security: 'Security must be one of: none, starttls or tls' });

    // A host is kept exactly as typed; "[zz]" used to be stored as "zz".
    for (const [host, message] of [
      ['[zz]', 'The address in brackets must be an IPv6 address, like [2001:db8::25]'],
      ['::1', 'Host must put an IPv6 address in brackets, like [::1]'],
    ]) {
      const refused = await client.request('PUT', '/api/settings/smtp', smtpBody(smtp, { host }));
      expect(refused.status, host).toBe(400);
      expect(refused.body.fields).toEqual({ host: message });
    }
    const ipv6 = await client.request('PUT', '/api/settings/smtp', smtpBody(smtp, { host: '[::1]' }));
    expect(ipv6.body.smtp.host).toBe('[::1]');
    expect((await client.request('GET', '/api/settings')).body.settings.smtp.host).toBe('[::1]');
    // Every field's error in one answer, and x@y.z is a sender.
    const all = await client.request('PUT', '/api/settings/smtp', smtpBody(smtp, { port: 99999, from: '' }));
    expect(all.body.fields).toEqual({ port: 'Port must be between 1 and 65535', from: 'Sender is required' });
    expect((await client.request('PUT', '/api/settings/smtp', smtpBody(smtp, { from: 'x@y.z' }))).body.smtp.from).toBe('x@y.z');

    const saved = await client.request('PUT', '/api/settings/smtp', smtpBody(smtp, { password: 'wrong password' }));
    expect(saved.status).toBe(200);
    expect(saved.body).toEqual({
      smtp: { host: '127.0.0.1', port: smtp.port, security: 'starttls', username: SMTP_USER, from: 'Spend Manager <reminders@company.test>', has_password: true, password_storage: 'memory' },
      warning: 'tests',
    });
    expect(JSON.stringify(saved.body)).not.toContain('wrong password');

    const wrong = await client.request('POST', '/api/settings/smtp/test', {});
    expect(wrong.status).toBe(502);
    // What it means in words, the server's exact reply beside it.
    expect(wrong.body).toEqual({ code: 'bad_gateway', error: '127.0.0.1 refused the username or password (Invalid login: 535 Authentication failed)' });

    await client.request('PUT', '/api/settings/smtp', smtpBody(smtp, { password: SMTP_PASS }));
    const sent = await client.request('POST', '/api/settings/smtp/test', { to: 'boss@company.test' });
    expect(sent.status).toBe(200);
    expect(sent.body).toMatchObject({ message: 'Test email sent to boss@company.test', to: 'boss@company.test' });
    const [mail] = await smtp.waitForMails(1);
    expect(mail!.subject).toBe('Spend Manager test email');
    expect(mail!.envelope.to).toEqual(['boss@company.test']);
    expect(mail!.messageId).toBe(sent.body.message_id);
    expect((await client.request('POST', '/api/settings/smtp/test', { to: 'nobody' })).body.fields).toEqual({
      to: 'Email must be a valid address, like you@company.com',
    });

    await smtp.stop();
    const refused = await client.request('POST', '/api/settings/smtp/test', {});
    expect(refused.status).toBe(502);
    expect(refused.body.error).toBe(`Could not reach 127.0.0.1 on port ${smtp.port}: nothing is listening there (connect ECONNREFUSED 127.0.0.1:${smtp.port})`);

    const cleared = await client.request('DELETE', '/api/settings/smtp');
    expect(cleared.status).toBe(200);
    expect(cleared.body).toEqual({ smtp: null });
    expect((await client.request('POST', '/api/settings/smtp/test', {})).status).toBe(400);
  });
});

describe('snooze, dismiss and pause (what the user notices)', () => {
  it('a snoozed reminder comes back the next day at the same time, as a new mail with its own Message-ID', async () => {
    const { core, smtp, signUp } = await setup('2026-03-10T09:00:00Z');
    const { client, userId } = await signUp('ana');
    await client.request('PUT', '/api/settings/smtp', smtpBody(smtp, { password: SMTP_PASS }));
    await addSubscription(core, userId, { name: 'Figma', renewal_date: '2026-03-17' });
    await runDue(core);
    const [first] = await smtp.waitForMails(1);

    core.clock.set('2026-03-10T15:20:00Z');
    const id = await firstReminderId(client);
    const snoozed = await client.request('POST', `/api/reminders/${id}/snooze`, { days: 1 });
    expect(snoozed.body.reminder.snoozed_until).toBe('2026-03-11T15:20:00.000Z');
    await advanceTo(core, '2026-03-11T15:19:00Z');
    expect(smtp.mails).toHaveLength(1);
    await advanceTo(core, '2026-03-11T15:20:00Z');
    const [, again] = await smtp.waitForMails(2);
    expect(again!.subject).toBe('Figma renews in 6 days — $45.00');
    expect(again!.messageId).not.toBe(first!.messageId);
    expect((await reminderRows(core, { userId }))[0]).toMatchObject({ state: 'sent', message_id: again!.messageId });
  });

  it('snooze "for 1 day" on a reminder due Dec 3 09:00 moves it to Dec 4 09:00, never earlier than it was due (not now + 1 day, Dec 2)', async () => {
    const { core, signUp } = await setup('2026-12-01T10:00:00Z');
    const { client, userId } = await signUp('ana');
    await addSubscription(core, userId, { name: 'Figma', renewal_date: '2026-12-10' });
    const id = await firstReminderId(client);
    expect((await reminderRows(core, { userId }))[0]!.due_at).toBe('2026-12-03T09:00:00.000Z');

    const snoozed = await client.request('POST', `/api/reminders/${id}/snooze`, { days: 1 });
    expect(snoozed.status).toBe(200);
    expect(snoozed.body.reminder).toMatchObject({ state: 'snoozed', snoozed_until: '2026-12-04T09:00:00.000Z', next_attempt_at: '2026-12-04T09:00:00.000Z' });
    // Again: one day after the snooze it already has.
    expect((await client.request('POST', `/api/reminders/${id}/snooze`, { days: 1 })).body.reminder.snoozed_until).toBe('2026-12-05T09:00:00.000Z');

    for (const until of ['2026-12-02', '2026-12-05']) {
      const earlier = await client.request('POST', `/api/reminders/${id}/snooze`, { until });
      expect(earlier.status, until).toBe(400);
      expect(earlier.body.fields).toEqual({ until: 'This reminder is already due on 2026-12-05 at 09:00; pick a later date to snooze it' });
    }
    expect((await client.request('POST', `/api/reminders/${id}/snooze`, { until: '2026-12-06' })).body.reminder.snoozed_until).toBe('2026-12-06T09:00:00.000Z');
    const tooFar = await client.request('POST', `/api/reminders/${id}/snooze`, { days: 5 });
    expect(tooFar.body.fields).toEqual({
      days: 'Snoozing 5 days after it is due (2026-12-06 at 09:00) would pass the renewal date (2026-12-10); pick fewer days or dismiss it',
    });
    expect((await reminderRows(core, { userId }))[0]).toMatchObject({ state: 'snoozed', next_attempt_at: '2026-12-06T09:00:00.000Z' });
  });

  it('a dismissed reminder never goes out', async () => {
    // Seventeen days pass: daily safety sweeps here (hourly in the app), the same job ~17 times instead of ~400.
    const { core, notifier, signUp } = await setup('2026-03-01T09:00:00Z', 86_400_000);
    const { client, userId } = await signUp('ana');
    await addSubscription(core, userId, { renewal_date: '2026-03-17' });
    await client.request('POST', `/api/reminders/${await firstReminderId(client)}/dismiss`, {});
    await advanceTo(core, '2026-03-18T00:00:00Z');
    expect(notifier.shown).toEqual([]);
    expect((await reminderRows(core, { userId }))[0]!.state).toBe('dismissed');
  });

  it('dismiss is undone by restore: an upcoming reminder is scheduled again and goes out; a dismissed sent one is sent again in the log, not resent', async () => {
    const { core, notifier, signUp } = await setup('2026-03-01T09:00:00Z');
    const { client, userId } = await signUp('ana');
    await addSubscription(core, userId, { name: 'Figma', renewal_date: '2026-03-17', reminder_days: [14, 7] });
    const [first, second] = (await client.request('GET', '/api/reminders?when=upcoming')).body.reminders;
    expect(first).toMatchObject({ lead_days: 14, state: 'pending', restorable: false, dismissed_from: null });

    const dismissed = await client.request('POST', `/api/reminders/${first.id}/dismiss`, {});
    expect(dismissed.body.reminder).toMatchObject({ state: 'dismissed', dismissed_from: 'pending', restorable: true, next_attempt_at: null });
    const restored = await client.request('POST', `/api/reminders/${first.id}/restore`, {});
    expect(restored.status).toBe(200);
    expect(restored.body.reminder).toMatchObject({ state: 'pending', dismissed_from: null, restorable: false, next_attempt_at: '2026-03-03T09:00:00.000Z' });
    await advanceTo(core, '2026-03-03T09:00:00Z');
    expect(notifier.shown.map((n) => n.title)).toEqual(['Figma renews in 14 days — $45.00']);

    // Dismissing one that went out only acknowledges it; undo gives back exactly that, and nothing is sent again.
    await client.request('POST', `/api/reminders/${first.id}/dismiss`, {});
    const back = await client.request('POST', `/api/reminders/${first.id}/restore`, {});
    expect(back.body.reminder).toMatchObject({ state: 'sent', next_attempt_at: null, channels: { notification: 'shown' } });
    // A snoozed one comes back snoozed, at its snooze time.
    await client.request('POST', `/api/reminders/${second.id}/snooze`, { until: '2026-03-12' });
    await client.request('POST', `/api/reminders/${second.id}/dismiss`, {});
    expect((await client.request('POST', `/api/reminders/${second.id}/restore`, {})).body.reminder).toMatchObject({
      state: 'snoozed',
      next_attempt_at: '2026-03-12T09:00:00.000Z',
    });
    // Restoring what is not dismissed changes nothing.
    expect((await client.request('POST', `/api/reminders/${second.id}/restore`, {})).body.reminder.state).toBe('snoozed');
    await runDue(core);
    expect(notifier.shown).toHaveLength(1);
  });

  it('restore answers 409 once the date passed or the subscription no longer plans that reminder (and it stays dismissed), 404 for another account', async () => {
    const { core, signUp } = await setup('2026-03-01T09:00:00Z');
    const ana = await signUp('ana');
    const bob = await signUp('bob');
    const figma = await addSubscription(core, ana.userId, { name: 'Figma', renewal_date: '2026-03-17' });
    const id = await firstReminderId(ana.client);
    await ana.client.request('POST', `/api/reminders/${id}/dismiss`, {});
    expect((await bob.client.request('POST', `/api/reminders/${id}/restore`, {})).status).toBe(404);
    expect((await ana.client.request('POST', `/api/reminders/${id}/restore`, { days: 1 })).status).toBe(400);

    await editSubscription(core, ana.userId, figma, { reminder_days: [3] });
    const gone = await ana.client.request('POST', `/api/reminders/${id}/restore`, {});
    expect(gone.status).toBe(409);
    expect(gone.body.error).toBe('This reminder is no longer planned: its subscription changed after it was dismissed');
    expect((await reminderRows(core, { expenseId: figma })).find((r) => r.id === id)).toMatchObject({ state: 'dismissed', dismissed_from: 'pending' });

    await editSubscription(core, ana.userId, figma, { reminder_days: [7] });
    core.clock.set('2026-03-18T09:00:00Z');
    const late = await ana.client.request('POST', `/api/reminders/${id}/restore`, {});
    expect(late.status).toBe(409);
    expect(late.body.error).toBe('Its renewal date (2026-03-17) has passed; there is nothing left to remind about');
    expect((await ana.client.request('GET', '/api/reminders?state=dismissed')).body.reminders[0]).toMatchObject({ id, restorable: false });
  });

  it('paused reminders wait for the end of the pause and then go out; resuming early sends them at once', async () => {
    const { core, notifier, signUp } = await setup('2026-03-10T08:30:00Z');
    const { client, userId } = await signUp('ana');
    await addSubscription(core, userId, { name: 'Figma', renewal_date: '2026-03-17' });
    await addSubscription(core, userId, { name: 'Slack', renewal_date: '2026-03-18' });
    await client.request('POST', '/api/reminders/pause', { until: '2026-03-10T09:30:00Z' }); // tray: pause 1 hour
    await advanceTo(core, '2026-03-10T09:29:00Z');
    expect(notifier.shown).toEqual([]);
    expect((await reminderRows(core, { userId }))[0]!.next_attempt_at).toBe('2026-03-10T09:30:00.000Z');
    await advanceTo(core, '2026-03-10T09:30:00Z');
    expect(notifier.shown.map((n) => n.title)).toEqual(['Figma renews in 7 days — $45.00']);

    await client.request('POST', '/api/reminders/pause', { until: '2026-03-12T08:00:00Z' }); // until tomorrow (and then some)
    await advanceTo(core, '2026-03-11T10:00:00Z');
    expect(notifier.shown).toHaveLength(1);
    await client.request('POST', '/api/reminders/pause', { until: null });
    await runDue(core);
    expect(notifier.shown.map((n) => n.title)).toEqual(['Figma renews in 7 days — $45.00', 'Slack renews in 7 days — $45.00']);
  });

  it('a pause that outlasts the renewal date leaves the reminder missed', async () => {
    const { core, notifier, signUp } = await setup('2026-03-16T08:00:00Z');
    const { client, userId } = await signUp('ana');
    await addSubscription(core, userId, { renewal_date: '2026-03-17', reminder_days: [1] });
    await client.request('POST', '/api/reminders/pause', { until: '2026-03-18T12:00:00Z' });
    await advanceTo(core, '2026-03-18T13:00:00Z');
    expect(notifier.shown).toEqual([]);
    expect((await reminderRows(core, { userId }))[0]!.state).toBe('missed');
  });
});
