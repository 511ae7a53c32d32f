import { afterEach, describe, expect, it } from 'vitest';
import type { Mailer, MailMessage } from '../../../main/ports';
import { createSmtpMailer, SmtpError } from '../../../main/reminders/mailer';
import type { SmtpSettings } from '../../../common/domain/smtp-config';
import { startTestSmtpServer, type TestSmtpServer } from '../../support/smtp-server';

const USER = 'reminders@company.test';
const PASS = 'correct horse ✓ battery';

const open: { servers: TestSmtpServer[]; mailers: Mailer[] } = { servers: [], mailers: [] };
afterEach(async () => {
  open.mailers.splice(0).forEach((mailer) => mailer.close());
  await Promise.all(open.servers.splice(0).map((server) => server.stop()));
});

async function server(options: Parameters<typeof startTestSmtpServer>[0]) {
  const started = await startTestSmtpServer(options);
  open.servers.push(started);
  return started;
}

function mailer(...args: Parameters<typeof createSmtpMailer>) {
  const created = createSmtpMailer(...args);
  open.mailers.push(created);
  return created;
}

function settings(smtp: TestSmtpServer, overrides: Partial<SmtpSettings> = {}): SmtpSettings {
  return {
    host: smtp.host,
    port: smtp.port,
    security: 'starttls',
    username: USER,
    from: 'Spend Manager <reminders@company.test>',
    ...overrides,
  };
}

const reminder: MailMessage = {
  to: 'ana@company.test',
  subject: 'Figma renews in 7 days — $45.00',
  text: 'Figma renews on Mar 28, 2027.\nDo you still need this?',
  html: '<p>Figma renews on <strong>Mar 28, 2027</strong>.</p><p>Do you still need this?</p>',
  messageId: '<reminder-12@spend-manager.local>',
  headers: { 'X-Spend-Reminder': '12' },
};

async function rejection(promise: Promise<unknown>): Promise<SmtpError> {
  const error = await promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SmtpError);
  return error as SmtpError;
}

describe('SMTP mailer', () => {
  it('delivers over STARTTLS with AUTH: subject, recipient, text, html and Message-ID arrive intact', async () => {
    const smtp = await server({ mode: 'starttls', auth: { user: USER, pass: PASS } });
    const m = mailer(settings(smtp), PASS, { ca: smtp.ca });

    await m.verify();
    const sent = await m.send(reminder);

    expect(sent.messageId).toBe('<reminder-12@spend-manager.local>');
    expect(sent.response).toMatch(/^250 /);
    const [mail] = await smtp.waitForMails(1);
    expect(mail!.subject).toBe('Figma renews in 7 days — $45.00');
    expect(mail!.messageId).toBe('<reminder-12@spend-manager.local>');
    expect(mail!.raw.toString()).toMatch(/^Message-ID: <reminder-12@spend-manager\.local>\r$/m);
    expect(mail!.text?.trim()).toBe(reminder.text);
    expect(mail!.html).toBe(reminder.html);
    expect(mail!.from?.value).toEqual([{ name: 'Spend Manager', address: 'reminders@company.test' }]);
    expect(mail!.headers.get('x-spend-reminder')).toBe('12');
    expect(mail!.envelope).toEqual({ from: 'reminders@company.test', to: ['ana@company.test'] });
  });

  it('delivers over implicit TLS (smtps), also when addressed as localhost', async () => {
    const smtp = await server({ mode: 'tls', auth: { user: USER, pass: PASS } });
    const m = mailer(settings(smtp, { security: 'tls', host: 'localhost' }), PASS, { ca: smtp.ca });

    await m.send(reminder);

    const [mail] = await smtp.waitForMails(1);
    expect(mail!.subject).toBe(reminder.subject);
    expect(mail!.envelope.to).toEqual(['ana@company.test']);
  });

  it('delivers to a bracketed IPv6 host, [::1], over STARTTLS (the brackets are URL syntax, not part of the address)', async () => {
    const smtp = await server({ mode: 'starttls', auth: { user: USER, pass: PASS }, ipv6: true });
    const m = mailer(settings(smtp, { host: '[::1]' }), PASS, { ca: smtp.ca });

    await m.send(reminder);

    const [mail] = await smtp.waitForMails(1);
    expect(mail!.subject).toBe(reminder.subject);
  });

  it('delivers in plain text without AUTH when security is none', async () => {
    const smtp = await server({ mode: 'plain' });
    const m = mailer(settings(smtp, { security: 'none', username: '' }), null);

    await m.send(reminder);

    const [mail] = await smtp.waitForMails(1);
    expect(mail!.subject).toBe(reminder.subject);
  });

  it('rejects a wrong password, in verify and in send, with the server’s exact message', async () => {
    const smtp = await server({ mode: 'starttls', auth: { user: USER, pass: PASS } });
    const m = mailer(settings(smtp), 'wrong password', { ca: smtp.ca });

    const verifyError = await rejection(m.verify());
    expect(verifyError.message).toBe('Invalid login: 535 Authentication failed');
    expect(verifyError.code).toBe('EAUTH');
    expect(verifyError.responseCode).toBe(535);

    const sendError = await rejection(m.send(reminder));
    expect(sendError.message).toBe('Invalid login: 535 Authentication failed');
    expect(sendError.responseCode).toBe(535);
    expect(smtp.mails).toHaveLength(0);
  });

  it('refuses a server whose certificate it does not trust', async () => {
    const smtp = await server({ mode: 'starttls', auth: { user: USER, pass: PASS } });
    const m = mailer(settings(smtp), PASS); // no CA: the self-signed certificate is untrusted

    const verifyError = await rejection(m.verify());
    expect(verifyError.message).toMatch(/self[- ]signed certificate/);
    const sendError = await rejection(m.send(reminder));
    expect(sendError.message).toMatch(/self[- ]signed certificate/);
    expect(smtp.mails).toHaveLength(0);
  });

  it('refuses to go on in plain text when STARTTLS is required but not offered', async () => {
    const smtp = await server({ mode: 'plain', auth: { user: USER, pass: PASS } });
    const m = mailer(settings(smtp, { security: 'starttls' }), PASS, { ca: smtp.ca });

    const error = await rejection(m.send(reminder));
    expect(error.message).toMatch(/STARTTLS/);
    expect(smtp.mails).toHaveLength(0);
  });

  it('reports a connection error while the server is down, and delivers once it is back', async () => {
    const smtp = await server({ mode: 'starttls', auth: { user: USER, pass: PASS } });
    const m = mailer(settings(smtp), PASS, { ca: smtp.ca });
    await smtp.stop();

    const error = await rejection(m.send(reminder));
    expect(error.message).toBe(`connect ECONNREFUSED 127.0.0.1:${smtp.port}`);
    expect(error.code).toBe('ESOCKET');

    await smtp.restart();
    await m.send(reminder);
    expect(await smtp.waitForMails(1)).toHaveLength(1);
  });

  it('surfaces a temporary 4xx rejection with its response code, then delivers on retry', async () => {
    const smtp = await server({ mode: 'starttls', auth: { user: USER, pass: PASS } });
    const m = mailer(settings(smtp), PASS, { ca: smtp.ca });
    smtp.failNext(1, 451, 'Try again later');

    const error = await rejection(m.send(reminder));
    expect(error.responseCode).toBe(451);
    expect(error.message).toBe('Message failed: 451 Try again later');
    expect(error.code).toBe('EMESSAGE');
    expect(smtp.mails).toHaveLength(0);

    await m.send(reminder);
    expect(await smtp.waitForMails(1)).toHaveLength(1);
  });

  it('surfaces a permanent 5xx rejection with its response code', async () => {
    const smtp = await server({ mode: 'starttls', auth: { user: USER, pass: PASS } });
    const m = mailer(settings(smtp), PASS, { ca: smtp.ca });
    smtp.failNext(1, 554, 'Message rejected as spam');

    const error = await rejection(m.send(reminder));
    expect(error.responseCode).toBe(554);
    expect(error.message).toBe('Message failed: 554 Message rejected as spam');
  });

  it('says the password is missing instead of trying to log in without one', async () => {
    const smtp = await server({ mode: 'starttls', auth: { user: USER, pass: PASS } });
    const m = mailer(settings(smtp), null, { ca: smtp.ca });

    const error = await rejection(m.verify());
    expect(error.code).toBe('ENOPASSWORD');
    expect(error.message).toBe(`No SMTP password is available for user "${USER}"; enter it again in Settings`);
  });

  it('refuses a Message-ID without angle brackets rather than sending a different one', async () => {
    const smtp = await server({ mode: 'starttls', auth: { user: USER, pass: PASS } });
    const m = mailer(settings(smtp), PASS, { ca: smtp.ca });

    const error = await rejection(m.send({ ...reminder, messageId: 'reminder-12@spend-manager.local' }));
    expect(error.message).toMatch(/angle brackets/);
    expect(smtp.mails).toHaveLength(0);
  });
});
