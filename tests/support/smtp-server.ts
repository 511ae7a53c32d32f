import { simpleParser, type ParsedMail } from 'mailparser';
import { testCertificate } from './test-certificate';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';

// A real SMTP server on loopback for integration tests, with its own fresh certificate
// (smtp-server's bundled one has expired).

export type TestSmtpMode = 'starttls' | 'tls' | 'plain';

export interface TestSmtpOptions {
  /** starttls (default): plain connect + STARTTLS offered; tls: implicit TLS; plain: no TLS at all. */
  mode?: TestSmtpMode;
  /** When set, AUTH is required and only this user/password pair is accepted. */
  auth?: { user: string; pass: string };
  /** 0 or omitted: any free port. */
  port?: number;
  /** Listen on the IPv6 loopback, ::1 (its host, as typed in settings, is then "[::1]"). */
  ipv6?: boolean;
  /** Refuse every MAIL FROM with this reply (e.g. 553 "Sender address rejected: not owned by user"). */
  refuseSender?: SmtpReply;
  /** Refuse every RCPT TO with this reply (e.g. 550 "No such user here"). */
  refuseRecipients?: SmtpReply;
}

export interface SmtpReply {
  code: number;
  message: string;
}

export interface ReceivedMail extends ParsedMail {
  /** SMTP envelope as the client sent it (MAIL FROM / RCPT TO). */
  envelope: { from: string | null; to: string[] };
  /** The message exactly as received after DATA. */
  raw: Buffer;
}

export interface TestSmtpServer {
  /** The host as a user types it: 127.0.0.1, or [::1] with `ipv6`. */
  host: '127.0.0.1' | '[::1]';
  port: number;
  /** PEM of the server's self-signed certificate: pass it as the CA to trust. */
  ca: string;
  mails: ReceivedMail[];
  waitForMails(count: number, timeoutMs?: number): Promise<ReceivedMail[]>;
  /** Reject the next `count` messages at the end of DATA with `code` and `message`. */
  failNext(count: number, code?: number, message?: string): void;
  /**
   * From now on, a message from this MAIL FROM address gets no reply at the end of DATA, so it is
   * never accepted (a server stalled mid-transaction); it lands in `held`, not in `mails`.
   */
  holdSender(address: string): void;
  /** Messages held by holdSender: received in full, never accepted. */
  held: ReceivedMail[];
  stop(): Promise<void>;
  /** Stops (if running) and listens again on the same port: the server was down, now it is up. */
  restart(): Promise<void>;
}

const HOST = '127.0.0.1';
const DEFAULT_FAIL_MESSAGE = 'Requested action aborted: local error in processing';

export async function startTestSmtpServer(options: TestSmtpOptions = {}): Promise<TestSmtpServer> {
  const mode = options.mode ?? 'starttls';
  const { key, cert } = await testCertificate();
  const mails: ReceivedMail[] = [];
  const failures: { code: number; message: string }[] = [];
  const held: ReceivedMail[] = [];
  const heldSenders = new Set<string>();
  let port = options.port ?? 0;
  let server: SMTPServer | null = null;

  const serverOptions: SMTPServerOptions = {
    key,
    cert,
    secure: mode === 'tls',
    disabledCommands: mode === 'plain' ? ['STARTTLS'] : [],
    allowInsecureAuth: mode === 'plain',
    authOptional: options.auth === undefined,
    banner: 'Spend Manager test SMTP',
    logger: false,
    closeTimeout: 200,
    onAuth(auth, _session, callback) {
      const expected = options.auth;
      if (expected && auth.username === expected.user && auth.password === expected.pass) {
        return callback(null, { user: auth.username });
      }
      return callback(Object.assign(new Error('Authentication failed'), { responseCode: 535 }));
    },
    onMailFrom(_address, _session, callback) {
      const refusal = options.refuseSender;
      callback(refusal ? Object.assign(new Error(refusal.message), { responseCode: refusal.code }) : null);
    },
    onRcptTo(_address, _session, callback) {
      const refusal = options.refuseRecipients;
      callback(refusal ? Object.assign(new Error(refusal.message), { responseCode: refusal.code }) : null);
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('error', (error) => callback(error));
      stream.on('end', () => {
        const failure = failures.shift();
        if (failure) {
          return callback(Object.assign(new Error(failure.message), { responseCode: failure.code }));
        }
        const raw = Buffer.concat(chunks);
        simpleParser(raw).then(
          (parsed) => {
            const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : null;
            const to = session.envelope.rcptTo.map((rcpt) => rcpt.address);
            const mail = Object.assign(parsed, { envelope: { from, to }, raw });
            // Checked after parsing, just before the reply: once a sender is held, nothing more of it is accepted.
            if (from !== null && heldSenders.has(from)) return void held.push(mail);
            mails.push(mail);
            callback();
          },
          (error: Error) => callback(error),
        );
      });
    },
  };

  async function listen(): Promise<void> {
    const next = new SMTPServer(serverOptions);
    // Client-side TLS refusals surface here; without a listener they would crash the test process.
    next.on('error', () => {});
    await new Promise<void>((resolve, reject) => {
      next.server.once('error', reject);
      next.listen(port, options.ipv6 ? '::1' : HOST, () => {
        next.server.off('error', reject);
        resolve();
      });
    });
    const address = next.server.address();
    if (address && typeof address === 'object') port = address.port;
    server = next;
  }

  async function stop(): Promise<void> {
    const current = server;
    server = null;
    if (current) await new Promise<void>((resolve) => current.close(() => resolve()));
  }

  await listen();

  return {
    host: options.ipv6 ? '[::1]' : HOST,
    get port() {
      return port;
    },
    ca: cert,
    mails,
    async waitForMails(count, timeoutMs = 5_000) {
      const deadline = Date.now() + timeoutMs;
      while (mails.length < count) {
        if (Date.now() > deadline) {
          throw new Error(`Expected ${count} mail(s) within ${timeoutMs} ms, received ${mails.length}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      return mails.slice(0, count);
    },
    failNext(count, code = 451, message = DEFAULT_FAIL_MESSAGE) {
      for (let i = 0; i < count; i++) failures.push({ code, message });
    },
    holdSender(address) {
      heldSenders.add(address);
    },
    held,
    stop,
    async restart() {
      await stop();
      await listen();
    },
  };
}
