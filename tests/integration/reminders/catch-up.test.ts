import { afterEach, describe, expect, it } from 'vitest';
import { createHttpServer } from '../../../main/http/server';
import type { Logger } from '../../../main/ports';
import { testClock, type TestClock } from '../../support/clock';
import { signedInCaller, startTestCore, type TestCore } from '../../support/core';
import { startTestSmtpServer, type TestSmtpServer } from '../../support/smtp-server';
import { SMTP_PASS, SMTP_USER, addSubscriptions, loopbackSmtp, recordingNotifier, reminderRows, runDue, setAccountSettings } from './support';

// A start after days away with many reminders due (digests, a window that answers meanwhile), and
// the OS zone moving under an account that follows it (issue 9, item 18).

const open: { cores: TestCore[]; servers: TestSmtpServer[]; closers: (() => Promise<void>)[] } = { cores: [], servers: [], closers: [] };
afterEach(async () => {
  for (const close of open.closers.splice(0)) await close();
  await Promise.all(open.cores.splice(0).map((core) => core.close()));
  await Promise.all(open.servers.splice(0).map((server) => server.stop()));
});

function recordingLogger() {
  const lines: { level: string; message: string; data?: Record<string, unknown> }[] = [];
  const logger: Logger = {
    info: (message, data) => void lines.push({ level: 'info', message, data }),
    warn: (message, data) => void lines.push({ level: 'warn', message, data }),
    error: (message, data) => void lines.push({ level: 'error', message, data }),
  };
  return { logger, lines };
}

/** A test clock whose zone the test moves, as the OS zone of a travelling laptop. */
function travellingClock(start: string): TestClock & { travel(zone: string): void } {
  const base = testClock(start, 'UTC');
  let zone = 'UTC';
  return { ...base, timeZone: () => zone, travel: (to) => void (zone = to) };
}

const renewing = (count: number, renewal_date: string, prefix = 'Service') =>
  Array.from({ length: count }, (_, i) => ({ name: `${prefix} ${String(i + 1).padStart(4, '0')}`, renewal_date }));

describe('catch-up after days away', () => {
  it('sends one digest per account and channel when more than 5 of its reminders are due at once, and logs it', async () => {
    const smtp = await startTestSmtpServer({ mode: 'starttls', auth: { user: SMTP_USER, pass: SMTP_PASS } });
    open.servers.push(smtp);
    const notifier = recordingNotifier();
    const { logger, lines } = recordingLogger();
    const core = await startTestCore({ clock: testClock('2026-03-10T08:00:00Z'), notifier, logger, reminders: { smtp: loopbackSmtp(smtp) } });
    open.cores.push(core);
    const accounts = [];
    for (const name of ['digestana', 'digestbo', 'digestcy']) {
      const user = await signedInCaller(core, `${name}${Date.now() % 100000}`);
      await user.call('smtp.update', { host: smtp.host, port: smtp.port, security: 'starttls', username: SMTP_USER, from: 'Spend Manager <reminders@company.test>', password: SMTP_PASS });
      accounts.push(user);
    }
    // Ana and Bo have 12 and 6 renewals due at once; Cy has 3, at the threshold's other side.
    await addSubscriptions(core, accounts[0]!.userId!, renewing(12, '2026-03-17', 'Ana'));
    await addSubscriptions(core, accounts[1]!.userId!, renewing(6, '2026-03-17', 'Bo'));
    await addSubscriptions(core, accounts[2]!.userId!, renewing(3, '2026-03-17', 'Cy'));
    core.clock.set('2026-03-10T09:00:00Z');
    await runDue(core);

    const mails = await smtp.waitForMails(2 + 3);
    const subjects = mails.map((m) => m.subject).sort();
    expect(subjects).toEqual(['12 renewals in the next 7 days', '6 renewals in the next 7 days', ...Array(3).fill(expect.stringMatching(/^Cy 000[1-3] renews in 7 days/))]);
    const ana = mails.find((m) => m.subject === '12 renewals in the next 7 days')!;
    expect(ana.text).toContain('Ana 0001');
    expect(ana.text).toContain('Ana 0012');
    // Each account's digest goes to its own address, with one notification beside it.
    const emails = await Promise.all(accounts.map(async (u) => (await u.call('auth.me')).user.email));
    expect(ana.envelope.to).toEqual([emails[0]]);
    expect(mails.find((m) => m.subject === '6 renewals in the next 7 days')!.envelope.to).toEqual([emails[1]]);
    expect(notifier.shown.map((n) => n.title).sort()).toEqual(subjects);

    const anaRows = await reminderRows(core, { userId: accounts[0]!.userId! });
    expect(anaRows).toHaveLength(12);
    expect(new Set(anaRows.map((r) => r.message_id))).toEqual(new Set([ana.messageId]));
    expect(anaRows.every((r) => r.state === 'sent' && r.email === 'sent')).toBe(true);
    const digests = lines.filter((l) => l.message === 'reminders told in a digest').map((l) => l.data);
    expect(digests).toEqual(
      expect.arrayContaining([
        { account: accounts[0]!.userId, reminders: 12, messageId: ana.messageId },
        { account: accounts[1]!.userId, reminders: 6, messageId: expect.stringMatching(/^<digest-/) },
      ]),
    );
    expect(digests).toHaveLength(2);
  });

  it('answers an HTTP request while a catch-up of 1,500 due reminders runs, before the catch-up ends', async () => {
    const core = await startTestCore({ clock: testClock('2026-03-10T08:00:00Z'), notifier: recordingNotifier(), reminders: true });
    open.cores.push(core);
    const http = createHttpServer({ core });
    const url = await http.listen(0);
    open.closers.push(() => http.close());
    for (let a = 0; a < 3; a++) {
      const userId = (await signedInCaller(core, `busy${a}${Date.now() % 100000}`)).userId!;
      await addSubscriptions(core, userId, renewing(500, '2026-03-17'));
    }
    await core.reminders!.scheduler.idle();
    const armedDue = async () =>
      (await core.ports.db.selectFrom('reminders').select((eb) => eb.fn.countAll<number>().as('n')).where('state', 'in', ['pending', 'sending']).executeTakeFirstOrThrow()).n;
    expect(await armedDue()).toBe(1500);

    core.clock.set('2026-03-10T09:00:00Z');
    expect(core.jobs.fireIfDue()).toBe(true);
    const answer = await fetch(`${url}/api/app/status`);
    const stillToGo = await armedDue();
    expect(answer.status).toBe(200);
    // The answer came while reminders were still waiting to go out: the catch-up gave the loop back.
    expect(stillToGo).toBeGreaterThan(0);
    await core.reminders!.scheduler.idle();
    expect(await armedDue()).toBe(0);
    expect((await reminderRows(core)).filter((r) => r.state === 'sent')).toHaveLength(1500);
  });
});

describe('the OS time zone moves under an account that follows it', () => {
  async function travelling() {
    const clock = travellingClock('2026-03-10T08:00:00Z');
    const { logger, lines } = recordingLogger();
    let refreshed = 0;
    const core = await startTestCore({ clock, logger, reminders: { refreshTimeZone: () => void (refreshed += 1) } });
    open.cores.push(core);
    const follows = (await signedInCaller(core, `traveller${Date.now() % 100000}`)).userId!;
    const pinned = (await signedInCaller(core, `berliner${Date.now() % 100000}`)).userId!;
    await setAccountSettings(core, pinned, { time_zone: 'Europe/Berlin' });
    await addSubscriptions(core, follows, renewing(250, '2026-03-20'));
    await addSubscriptions(core, pinned, renewing(3, '2026-03-20'));
    await core.reminders!.scheduler.idle();
    return { core, clock, lines, follows, pinned, refreshed: () => refreshed };
  }

  const dueTimes = async (core: TestCore, userId: number) => [...new Set((await reminderRows(core, { userId })).map((r) => r.due_at))];

  it('replans that account\'s pending reminders to 09:00 of the new zone on resume, in chunks, and logs it', async () => {
    const { core, clock, lines, follows, pinned, refreshed } = await travelling();
    expect(await dueTimes(core, follows)).toEqual(['2026-03-13T09:00:00.000Z']);
    expect(await dueTimes(core, pinned)).toEqual(['2026-03-13T08:00:00.000Z']);
    const before = refreshed();

    clock.travel('Asia/Tokyo');
    core.reminders!.rearm(); // the system resumed (powerMonitor)
    await core.reminders!.scheduler.idle();

    expect(refreshed()).toBe(before + 1);
    expect(await dueTimes(core, follows)).toEqual(['2026-03-13T00:00:00.000Z']);
    // An account that chose its zone is not touched.
    expect(await dueTimes(core, pinned)).toEqual(['2026-03-13T08:00:00.000Z']);
    expect(lines.filter((l) => l.message === 'time zone changed; replanning reminders').map((l) => l.data)).toEqual([{ account: follows, from: 'UTC', to: 'Asia/Tokyo' }]);
    const replanned = lines.filter((l) => l.message === 'reminders replanned' && l.data?.reason === 'time zone');
    expect(replanned).toEqual([{ level: 'info', message: 'reminders replanned', data: expect.objectContaining({ account: follows, updated: 250 }) }]);
    // Chunks sized by time, from 8 at most doubling (8 + 16 + 32 + 64 + 100 < 250): never all 250 in one transaction.
    expect(replanned[0]!.data!.chunks).toBeGreaterThanOrEqual(6);
    const plan = await core.ports.db.selectFrom('reminder_plans').selectAll().where('user_id', '=', follows).executeTakeFirstOrThrow();
    expect(plan).toMatchObject({ time_zone: 'Asia/Tokyo', replan_after: null });
  });

  it('notices the move at the next sweep too, before anything is sent at the old zone\'s 09:00', async () => {
    const { core, clock, lines, follows, refreshed } = await travelling();
    const before = refreshed();
    // Lands in New York (UTC-4 after 8 March) just before the old 09:00 UTC: the sweep due then replans instead of sending.
    clock.travel('America/New_York');
    clock.set('2026-03-13T09:00:00Z');
    await runDue(core);
    expect(refreshed()).toBeGreaterThan(before);
    expect(lines.some((l) => l.message === 'time zone changed; replanning reminders' && l.data?.to === 'America/New_York')).toBe(true);
    const rows = await reminderRows(core, { userId: follows });
    expect(new Set(rows.map((r) => `${r.state} ${r.due_at}`))).toEqual(new Set(['pending 2026-03-13T13:00:00.000Z']));
  });
});
