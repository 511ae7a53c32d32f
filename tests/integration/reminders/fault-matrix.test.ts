import { afterEach, describe, expect, it } from 'vitest';
import type { Mailer } from '../../../main/ports';
import { createSmtpMailer } from '../../../main/reminders/mailer';
import { createMemorySecrets } from '../../../main/secrets/keychain';
import type { SmtpTransport } from '../../../main/reminders/smtp-account';
import { testClock, type TestClock } from '../../support/clock';
import { signedInCaller, startTestCore, type TestCore, type TestCoreOptions } from '../../support/core';
import { startTestSmtpServer, type TestSmtpServer } from '../../support/smtp-server';
import { SMTP_PASS, SMTP_USER, addSubscription, advanceTo, editSubscription, loopbackSmtp, recordingNotifier, reminderRows, runDue } from './support';

const open: { cores: TestCore[]; servers: TestSmtpServer[] } = { cores: [], servers: [] };
afterEach(async () => {
  await Promise.all(open.cores.splice(0).map((core) => core.close()));
  await Promise.all(open.servers.splice(0).map((server) => server.stop()));
});

async function server(): Promise<TestSmtpServer> {
  const smtp = await startTestSmtpServer({ mode: 'starttls', auth: { user: SMTP_USER, pass: SMTP_PASS } });
  open.servers.push(smtp);
  return smtp;
}

// The OS keychain outlives a restart; so does this one.
const keychain = createMemorySecrets('tests');

async function core(clock: TestClock, smtp: SmtpTransport, extra: TestCoreOptions = {}): Promise<TestCore> {
  const started = await startTestCore({ clock, secrets: keychain, ...extra, reminders: { smtp, ...(typeof extra.reminders === 'object' ? extra.reminders : {}) } });
  open.cores.push(started);
  return started;
}

/** An account with SMTP set up through the real operation. */
async function account(c: TestCore, smtp: TestSmtpServer): Promise<number> {
  const user = await signedInCaller(c);
  await user.call('smtp.update', { host: smtp.host, port: smtp.port, security: 'starttls', username: SMTP_USER, from: 'reminders@company.test', password: SMTP_PASS });
  return user.userId!;
}

/** Stops a core the way a crash would: no shutdown work, whatever was in flight is lost. */
async function kill(c: TestCore): Promise<void> {
  open.cores.splice(open.cores.indexOf(c), 1);
  c.reminders!.scheduler.stop();
  await c.database.close();
}

describe('reminder fault matrix', () => {
  it('SMTP down, then up: retried after 1 minute and exactly one mail arrives (one notification too)', async () => {
    const smtp = await server();
    const clock = testClock('2026-03-10T09:00:00Z');
    const notifier = recordingNotifier();
    const c = await core(clock, loopbackSmtp(smtp), { notifier });
    const userId = await account(c, smtp);
    await smtp.stop();

    const id = await addSubscription(c, userId, { name: 'Figma', renewal_date: '2026-03-17' });
    await runDue(c);
    const [failed] = await reminderRows(c, { expenseId: id });
    expect(failed).toMatchObject({ state: 'pending', email: 'retrying', attempts: 1, next_attempt_at: '2026-03-10T09:01:00.000Z', notification: 'shown' });
    // The log keeps the exact text and says what it means.
    expect(failed!.last_error).toBe(`connect ECONNREFUSED 127.0.0.1:${smtp.port}`);
    expect(failed!.last_error_summary).toBe(`Could not reach 127.0.0.1 on port ${smtp.port}: nothing is listening there`);

    await smtp.restart();
    await advanceTo(c, '2026-03-10T09:02:00Z');
    expect((await smtp.waitForMails(1)).map((m) => m.subject)).toEqual(['Figma renews in 7 days — $45.00']);
    expect((await reminderRows(c, { expenseId: id }))[0]).toMatchObject({ state: 'sent', email: 'sent', attempts: 1, last_error: null, last_error_summary: null });
    await advanceTo(c, '2026-03-10T12:00:00Z');
    expect(smtp.mails).toHaveLength(1);
    expect(notifier.shown).toHaveLength(1);
  });

  it("backs off 1, 5, 30 minutes then hourly with the server's exact error, and gives up as failed once its date is over", async () => {
    const smtp = await server();
    const clock = testClock('2026-03-16T20:00:00Z');
    const c = await core(clock, loopbackSmtp(smtp));
    const userId = await account(c, smtp);
    smtp.failNext(1000, 451, 'Requested action aborted: try later');
    const id = await addSubscription(c, userId, { renewal_date: '2026-03-17', reminder_days: [1] });

    const retries: string[] = [];
    await runDue(c);
    for (let i = 0; i < 100; i++) {
      const [row] = await reminderRows(c, { expenseId: id });
      if (row!.state !== 'pending') break;
      retries.push(row!.next_attempt_at!);
      await advanceTo(c, row!.next_attempt_at!);
    }
    expect(retries.slice(0, 5)).toEqual([
      '2026-03-16T20:01:00.000Z',
      '2026-03-16T20:06:00.000Z',
      '2026-03-16T20:36:00.000Z',
      '2026-03-16T21:36:00.000Z',
      '2026-03-16T22:36:00.000Z',
    ]);
    expect(retries.at(-1)).toBe('2026-03-17T23:36:00.000Z');
    const [row] = await reminderRows(c, { expenseId: id });
    expect(row).toMatchObject({ state: 'failed', email: 'failed', next_attempt_at: null });
    expect(row!.last_error).toBe('Message failed: 451 Requested action aborted: try later');
    expect(row!.last_error_summary).toBe('127.0.0.1 turned the message away for now (a temporary problem on the server)');
    expect(smtp.mails).toHaveLength(0);
  });

  it('a kill during the send leaves the row sending; after a restart it is sent again after the timeout with the same Message-ID', async () => {
    const smtp = await server();
    const clock = testClock('2026-03-10T09:00:00Z');
    let hang!: () => void;
    let hung!: () => void;
    const hanging = new Promise<void>((resolve) => (hung = resolve));
    // The server accepts the mail, then the process dies before it can write down "sent".
    const dying: SmtpTransport = {
      environment: null,
      createMailer(settings, password): Mailer {
        const real = createSmtpMailer(settings, password, { ca: smtp.ca });
        return {
          ...real,
          async send(message) {
            await real.send(message);
            return new Promise((_, reject) => {
              hang = () => reject(new Error('process killed'));
              hung();
            });
          },
        };
      },
    };
    const first = await core(clock, dying);
    const userId = await account(first, smtp);
    const id = await addSubscription(first, userId, { renewal_date: '2026-03-17' });
    first.reminders!.scheduler.runNow();
    await hanging;
    const [mail] = await smtp.waitForMails(1);
    await kill(first);
    const inspector = await startTestCore({ dir: first.dir });
    open.cores.push(inspector);
    const [left] = await reminderRows(inspector, { expenseId: id });
    expect(left).toMatchObject({ state: 'sending', message_id: mail!.messageId });
    hang();

    clock.set('2026-03-10T09:01:00Z');
    const second = await core(clock, loopbackSmtp(smtp), { dir: first.dir });
    await runDue(second);
    expect(smtp.mails).toHaveLength(1); // still within the 5-minute send timeout
    await advanceTo(second, '2026-03-10T09:06:00Z');
    const mails = await smtp.waitForMails(2);
    expect(mails[1]!.messageId).toBe(mails[0]!.messageId);
    expect(mails[1]!.subject).toBe(mails[0]!.subject);
    expect((await reminderRows(second, { expenseId: id }))[0]).toMatchObject({ state: 'sent', message_id: mail!.messageId });
  });

  it('a kill during one message for two reminders (trial ends on its renewal date): after a restart both go out again as that same one message', async () => {
    const smtp = await server();
    const clock = testClock('2026-03-10T09:00:00Z');
    let hang!: () => void;
    let hung!: () => void;
    const hanging = new Promise<void>((resolve) => (hung = resolve));
    const dying: SmtpTransport = {
      environment: null,
      createMailer(settings, password): Mailer {
        const real = createSmtpMailer(settings, password, { ca: smtp.ca });
        return {
          ...real,
          async send(message) {
            await real.send(message);
            return new Promise((_, reject) => {
              hang = () => reject(new Error('process killed'));
              hung();
            });
          },
        };
      },
    };
    const first = await core(clock, dying);
    const userId = await account(first, smtp);
    const id = await addSubscription(first, userId, { status: 'trial', trial_ends_on: '2026-03-17', renewal_date: '2026-03-17' });
    first.reminders!.scheduler.runNow();
    await hanging;
    const [mail] = await smtp.waitForMails(1);
    await kill(first);
    hang();

    clock.set('2026-03-10T09:06:00Z');
    const second = await core(clock, loopbackSmtp(smtp), { dir: first.dir });
    await runDue(second);
    const mails = await smtp.waitForMails(2);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(mails).toHaveLength(2);
    expect(mails[1]!.messageId).toBe(mail!.messageId);
    expect(mails[1]!.subject).toBe('Figma: the trial ends and it renews in 7 days — $45.00');
    expect((await reminderRows(second, { expenseId: id })).map((r) => [r.kind, r.state, r.message_id])).toEqual([
      ['trial', 'sent', mail!.messageId],
      ['renewal', 'sent', mail!.messageId],
    ]);
  });

  it('restart after the due time: the reminder is caught up at start ("renews in 3 days")', async () => {
    const smtp = await server();
    const clock = testClock('2026-03-01T09:00:00Z');
    const first = await core(clock, loopbackSmtp(smtp));
    const userId = await account(first, smtp);
    await addSubscription(first, userId, { name: 'Figma', renewal_date: '2026-03-17' });
    await first.close();
    open.cores.splice(open.cores.indexOf(first), 1);

    clock.set('2026-03-14T12:00:00Z'); // the app was closed on the 10th at 09:00
    const second = await core(clock, loopbackSmtp(smtp), { dir: first.dir });
    await runDue(second);
    expect((await smtp.waitForMails(1)).map((m) => m.subject)).toEqual(['Figma renews in 3 days — $45.00']);
  });

  it('restart after the target date: the reminder is marked missed and no mail goes out', async () => {
    const smtp = await server();
    const clock = testClock('2026-03-01T09:00:00Z');
    const notifier = recordingNotifier();
    const first = await core(clock, loopbackSmtp(smtp));
    const userId = await account(first, smtp);
    const id = await addSubscription(first, userId, { renewal_date: '2026-03-17' });
    await first.close();
    open.cores.splice(open.cores.indexOf(first), 1);

    clock.set('2026-03-18T08:00:00Z');
    const second = await core(clock, loopbackSmtp(smtp), { dir: first.dir, notifier });
    await runDue(second);
    const [row] = await reminderRows(second, { expenseId: id });
    expect(row).toMatchObject({ state: 'missed', next_attempt_at: null, email: null });
    expect(row!.last_error).toBe('Its date passed before it could go out (Spend Manager was closed or reminders were paused)');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(smtp.mails).toHaveLength(0);
    expect(notifier.shown).toHaveLength(0);
  });

  it('closed across two reminders of one renewal: only the latest goes out, the earlier is logged as missed', async () => {
    const smtp = await server();
    const clock = testClock('2026-03-01T09:00:00Z');
    const first = await core(clock, loopbackSmtp(smtp));
    const userId = await account(first, smtp);
    const id = await addSubscription(first, userId, { renewal_date: '2026-03-17', reminder_days: [7, 3] });
    await first.close();
    open.cores.splice(open.cores.indexOf(first), 1);

    clock.set('2026-03-15T10:00:00Z');
    const second = await core(clock, loopbackSmtp(smtp), { dir: first.dir });
    await runDue(second);
    expect((await smtp.waitForMails(1)).map((m) => m.subject)).toEqual(['Figma renews in 2 days — $45.00']);
    expect((await reminderRows(second, { expenseId: id })).map((r) => [r.lead_days, r.state])).toEqual([
      [7, 'missed'],
      [3, 'sent'],
    ]);
  });

  it('renewal date edited after sending: a new cycle gets a new reminder and a new Message-ID', async () => {
    const smtp = await server();
    const clock = testClock('2026-03-10T09:00:00Z');
    // A month passes: the safety sweep runs daily here (hourly in the app) so the month is ~30 sweeps, not ~740.
    const c = await core(clock, loopbackSmtp(smtp), { reminders: { safetySweepMs: 86_400_000 } });
    const userId = await account(c, smtp);
    const id = await addSubscription(c, userId, { name: 'Figma', renewal_date: '2026-03-17' });
    await runDue(c);
    await smtp.waitForMails(1);

    await editSubscription(c, userId, id, { renewal_date: '2026-04-17' });
    await advanceTo(c, '2026-04-10T09:00:00Z');
    const mails = await smtp.waitForMails(2);
    expect(mails.map((m) => m.subject)).toEqual(['Figma renews in 7 days — $45.00', 'Figma renews in 7 days — $45.00']);
    expect(mails[1]!.text).toContain('Renews on: Apr 17, 2026');
    expect(mails[1]!.messageId).not.toBe(mails[0]!.messageId);
    expect((await reminderRows(c, { expenseId: id })).map((r) => [r.target_date, r.state])).toEqual([
      ['2026-03-17', 'sent'],
      ['2026-04-17', 'sent'],
    ]);
  });
});
