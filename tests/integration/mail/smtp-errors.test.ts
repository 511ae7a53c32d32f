import dgram from 'node:dgram';
import dns from 'node:dns';
import net from 'node:net';
import tls from 'node:tls';
import { generate } from 'selfsigned';
import { afterEach, describe, expect, it } from 'vitest';
import type { Mailer } from '../../../main/ports';
import { createSmtpMailer, SmtpError, type SmtpMailerOptions } from '../../../main/reminders/mailer';
import type { SmtpSettings } from '../../../common/domain/smtp-config';
import { withMeaning } from '../../../main/reminders/smtp-errors';
import { startTestSmtpServer, type TestSmtpOptions } from '../../support/smtp-server';

// Every common SMTP failure against a real peer on loopback: what the user reads is the meaning in
// words with the exact text beside it.

const USER = 'reminders@company.test';
const PASS = 'correct horse ✓ battery';
const TO = 'ana@company.test';

const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

async function smtpServer(options: TestSmtpOptions) {
  const server = await startTestSmtpServer(options);
  cleanup.push(() => server.stop());
  return server;
}

/** A TCP or TLS peer that never says anything (no "220" greeting). */
async function silentPeer(secure?: { key: string; cert: string }): Promise<number> {
  const sockets: net.Socket[] = [];
  const server = secure ? tls.createServer(secure, (s) => void sockets.push(s)) : net.createServer((s) => void sockets.push(s));
  server.on('tlsClientError', () => {});
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanup.push(() => new Promise<void>((resolve) => (sockets.forEach((s) => s.destroy()), server.close(() => resolve()))));
  return (server.address() as net.AddressInfo).port;
}

/** A TLS peer whose certificate is expired or names someone else. */
async function tlsPeerWith(certificate: { notBefore: number; notAfter: number; name: string }): Promise<{ port: number; ca: string }> {
  const day = 86_400_000;
  const pems = await generate([{ name: 'commonName', value: certificate.name }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate: new Date(Date.now() + certificate.notBefore * day),
    notAfterDate: new Date(Date.now() + certificate.notAfter * day),
    extensions: [{ name: 'subjectAltName', altNames: [{ type: 2, value: certificate.name }] }],
  });
  const server = tls.createServer({ key: pems.private, cert: pems.cert }, (socket) => socket.end('220 peer ESMTP\r\n'));
  server.on('tlsClientError', () => {});
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanup.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { port: (server.address() as net.AddressInfo).port, ca: pems.cert };
}

/** A name server on loopback that answers every query with one DNS response code (3 NXDOMAIN, 2 SERVFAIL). */
async function nameServer(rcode: number): Promise<net.LookupFunction> {
  const socket = dgram.createSocket('udp4');
  socket.on('message', (query, peer) => {
    const reply = Buffer.from(query);
    // QR=1, keep opcode and RD; RA=1 and the chosen RCODE; no answers (the question stays as asked).
    reply[2] = 0x80 | (query[2]! & 0x79);
    reply[3] = 0x80 | rcode;
    reply.writeUInt16BE(0, 6);
    reply.writeUInt16BE(0, 8);
    reply.writeUInt16BE(0, 10);
    socket.send(reply, peer.port, peer.address);
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  cleanup.push(() => new Promise<void>((resolve) => socket.close(() => resolve())));
  const resolver = new dns.Resolver({ timeout: 500, tries: 1 });
  resolver.setServers([`127.0.0.1:${socket.address().port}`]);
  return ((hostname: string, options: dns.LookupOptions, callback: (error: Error | null, address: string | dns.LookupAddress[], family?: number) => void) => {
    resolver.resolve4(hostname, (error, addresses) => {
      if (error) return callback(error, '');
      if (options.all) return callback(null, addresses.map((address) => ({ address, family: 4 })));
      return callback(null, addresses[0]!, 4);
    });
  }) as net.LookupFunction;
}

function settings(overrides: Partial<SmtpSettings>): SmtpSettings {
  return { host: '127.0.0.1', port: 25, security: 'none', username: '', from: 'Spend Manager <reminders@company.test>', ...overrides };
}

/** Sends one message and returns what the user is told about the failure. */
async function failureText(s: SmtpSettings, password: string | null = null, options: SmtpMailerOptions = {}): Promise<string> {
  const mailer: Mailer = createSmtpMailer(s, password, { connectionTimeoutMs: 1_000, ...options });
  cleanup.push(() => mailer.close());
  const error = await mailer.send({ to: TO, subject: 'Figma renews in 7 days', text: 'Still need it?', html: '<p>Still need it?</p>' }).then(
    () => {
      throw new Error('expected the send to fail');
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SmtpError);
  return withMeaning(error as SmtpError, { settings: s, to: TO });
}

describe('SMTP failures in words, beside the exact text', () => {
  it('ECONNREFUSED: says nothing is listening on that host and port', async () => {
    const server = await smtpServer({ mode: 'plain' });
    await server.stop();
    expect(await failureText(settings({ port: server.port }))).toBe(
      `Could not reach 127.0.0.1 on port ${server.port}: nothing is listening there (connect ECONNREFUSED 127.0.0.1:${server.port})`,
    );
  });

  it('ENOTFOUND: says no server has that name', async () => {
    const lookup = await nameServer(3);
    expect(await failureText(settings({ host: 'smtp.nowhere.test' }), null, { lookup })).toBe(
      'Could not find smtp.nowhere.test: no server has that name (check the host) (queryA ENOTFOUND smtp.nowhere.test)',
    );
  });

  it('a name server that fails (SERVFAIL, like EAI_AGAIN): says the name could not be looked up right now', async () => {
    const lookup = await nameServer(2);
    expect(await failureText(settings({ host: 'smtp.company.test' }), null, { lookup })).toBe(
      'Could not look up smtp.company.test right now: the name server did not answer (check the network connection) (queryA ESERVFAIL smtp.company.test)',
    );
  });

  it('ETIMEDOUT on a TLS port that never answers: says it did not answer in time', async () => {
    const port = await silentPeer();
    expect(await failureText(settings({ port, security: 'tls' }))).toMatch(
      new RegExp(`^127\\.0\\.0\\.1 on port ${port} did not answer in time: a firewall may be dropping the connection, or the port is wrong \\(.+\\)$`),
    );
  });

  it('no greeting in plain text (a TLS port spoken to as STARTTLS): says it may expect TLS from the first byte', async () => {
    const server = await smtpServer({ mode: 'tls' });
    expect(await failureText(settings({ port: server.port, security: 'starttls' }))).toBe(
      `127.0.0.1 on port ${server.port} accepted the connection but never greeted: it may expect TLS from the first byte (choose security TLS, usually port 465) (Greeting never received)`,
    );
  });

  it('TLS spoken to a plain-text port: says the port does not speak TLS from the first byte', async () => {
    const server = await smtpServer({ mode: 'plain' });
    expect(await failureText(settings({ port: server.port, security: 'tls' }))).toMatch(
      new RegExp(`^127\\.0\\.0\\.1 on port ${server.port} does not speak TLS from the first byte: choose security STARTTLS \\(usually port 587\\) or None \\(.*wrong version number.*\\)$`, 's'),
    );
  });

  it('STARTTLS required but not offered: says the password would not be private', async () => {
    const server = await smtpServer({ mode: 'plain', auth: { user: USER, pass: PASS } });
    expect(await failureText(settings({ port: server.port, security: 'starttls', username: USER }), PASS)).toBe(
      '127.0.0.1 does not offer STARTTLS, which is needed to keep the password private: choose security TLS if the server supports it (usually port 465) (Error upgrading connection with STARTTLS: 500 Error: command not recognized)',
    );
  });

  it('certificates: self-signed, expired, or for another name', async () => {
    const server = await smtpServer({ mode: 'tls' });
    expect(await failureText(settings({ port: server.port, security: 'tls' }))).toBe(
      'Could not connect securely to 127.0.0.1: its certificate is self-signed, so this computer cannot trust it (self-signed certificate)',
    );
    const expired = await tlsPeerWith({ notBefore: -3, notAfter: -1, name: '127.0.0.1' });
    expect(await failureText(settings({ port: expired.port, security: 'tls' }), null, { ca: expired.ca })).toBe(
      'Could not connect securely to 127.0.0.1: its certificate has expired (certificate has expired)',
    );
    const other = await tlsPeerWith({ notBefore: -1, notAfter: 3, name: 'mail.other.test' });
    expect(await failureText(settings({ host: 'localhost', port: other.port, security: 'tls' }), null, { ca: other.ca })).toMatch(
      /^Could not connect securely to localhost: its certificate is for another name, not localhost \(Hostname\/IP does not match certificate's altnames: .+\)$/,
    );
  });

  it('EAUTH: says the server refused the username or password', async () => {
    const server = await smtpServer({ mode: 'starttls', auth: { user: USER, pass: PASS } });
    expect(await failureText(settings({ port: server.port, security: 'starttls', username: USER }), 'wrong password', { ca: server.ca })).toBe(
      '127.0.0.1 refused the username or password (Invalid login: 535 Authentication failed)',
    );
  });

  it('a refused sender and a refused recipient are each named', async () => {
    const sender = await smtpServer({ mode: 'plain', refuseSender: { code: 553, message: 'Sender address rejected: not owned by user' } });
    expect(await failureText(settings({ port: sender.port }))).toBe(
      '127.0.0.1 refused the sender address reminders@company.test (many servers only send as the account you sign in with) (Mail command failed: 553 Sender address rejected: not owned by user)',
    );
    const recipient = await smtpServer({ mode: 'plain', refuseRecipients: { code: 550, message: 'No such user here' } });
    expect(await failureText(settings({ port: recipient.port }))).toBe(
      "127.0.0.1 refused the recipient ana@company.test (Can't send mail - all recipients were rejected: 550 No such user here)",
    );
  });

  it('a message turned away for now (4xx) or for good (5xx)', async () => {
    const server = await smtpServer({ mode: 'plain' });
    server.failNext(1, 451, 'Try again later');
    expect(await failureText(settings({ port: server.port }))).toBe('127.0.0.1 turned the message away for now (a temporary problem on the server) (Message failed: 451 Try again later)');
    server.failNext(1, 554, 'Message rejected as spam');
    expect(await failureText(settings({ port: server.port }))).toBe('127.0.0.1 refused the message (Message failed: 554 Message rejected as spam)');
  });
});
