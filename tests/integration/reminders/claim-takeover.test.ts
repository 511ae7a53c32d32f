import { afterEach, describe, expect, it } from 'vitest';
import { createDelivery } from '../../../main/reminders/delivery';
import { createSmtpMailer } from '../../../main/reminders/mailer';
import type { SmtpTransport } from '../../../main/reminders/smtp-account';
import type { Logger } from '../../../main/ports';
import { testClock } from '../../support/clock';
import { signedInCaller, startTestCore, type TestCore } from '../../support/core';
import { startTestSmtpServer, type TestSmtpServer } from '../../support/smtp-server';
import { addSubscription, reminderRows } from './support';

// Two sweeps on one database, as two servers run them: one claims a batch, and while it sends the
// batch's first message the claim times out and the other sweep takes the batch over. The first must
// then leave the rest to the other, or the rest goes out twice. (SQLite only: the takeover is timed by
// better-sqlite3 answering at once; on PostgreSQL tests/integration/multi-server races real servers.)

const open: { cores: TestCore[]; servers: TestSmtpServer[] } = { cores: [], servers: [] };
afterEach(async () => {
  await Promise.all(open.cores.splice(0).map((core) => core.close()));
  await Promise.all(open.servers.splice(0).map((server) => server.stop()));
});

const TIMEOUT_MS = 60_000;

function environmentSmtp(smtp: TestSmtpServer, from: string): SmtpTransport {
  const settings = { host: smtp.host, port: smtp.port, security: 'none' as const, username: '', from };
  return { environment: { settings, password: null }, createMailer: (s, p) => createSmtpMailer(s, p) };
}

describe('a claim taken over after its send timeout', () => {
  it('is not sent again by the sweep that lost it: only the message already in flight goes out twice, with its one Message-ID', async () => {
    const smtp = await startTestSmtpServer({ mode: 'plain' });
    open.servers.push(smtp);
    const core = await startTestCore({ clock: testClock('2026-03-10T09:00:00Z', 'UTC'), reminders: true });
    open.cores.push(core);
    core.reminders!.scheduler.stop();
    // Two accounts, a reminder each due now: two messages in one claim.
    for (const name of ['takeover1', 'takeover2']) {
      const user = await signedInCaller(core, name);
      await addSubscription(core, user.userId!, { name: `Tool of ${name}`, renewal_date: '2026-03-17' });
    }
    const lines: { message: string; data?: Record<string, unknown> }[] = [];
    const logger: Logger = { info() {}, warn: (message, data) => void lines.push({ message, data }), error: (message, data) => void lines.push({ message, data }) };
    const ports = { db: core.ports.db, clock: core.clock, secrets: core.ports.secrets, sendingTimeoutMs: TIMEOUT_MS, concurrency: 1 };
    const other = createDelivery({ ...ports, logger, notifier: { notify: () => true }, smtp: environmentSmtp(smtp, 'other@race.test') });
    let otherSweep: Promise<unknown> | null = null;
    const first = createDelivery({
      ...ports,
      logger,
      // At the first message: the claim's time runs out and the other server's sweep starts.
      notifier: {
        notify: () => {
          if (!otherSweep) {
            core.clock.set(new Date(Date.parse('2026-03-10T09:00:00Z') + TIMEOUT_MS + 1_000));
            otherSweep = other.sweep();
          }
          return true;
        },
      },
      smtp: environmentSmtp(smtp, 'first@race.test'),
    });

    await first.sweep();
    await otherSweep;
    await smtp.waitForMails(3);
    await new Promise((resolve) => setTimeout(resolve, 200));

    const sentBy = (from: string) => smtp.mails.filter((m) => m.envelope.from === from).map((m) => m.messageId);
    const [inFlight] = sentBy('first@race.test');
    expect(sentBy('first@race.test')).toEqual([inFlight]);
    expect(sentBy('other@race.test').sort()).toEqual([...new Set(smtp.mails.map((m) => m.messageId))].sort());
    expect(smtp.mails).toHaveLength(3);
    expect(lines.map((l) => l.message)).toContain('reminder claim timed out before its turn; another sweep sends it');
    const rows = await reminderRows(core);
    expect(rows.map((r) => r.state)).toEqual(['sent', 'sent']);
    expect(rows.map((r) => r.message_id).sort()).toEqual(sentBy('other@race.test').sort());
  });
});
