import net from 'node:net';
import { getSystemErrorName } from 'node:util';
import nodemailer from 'nodemailer';
import type SMTPPool from 'nodemailer/lib/smtp-pool';
import type SMTPTransport from 'nodemailer/lib/smtp-transport';
import type { MailMessage, Mailer, SentMail } from '../ports';
import { connectAddressOf, parseFromAddress, type SmtpSettings } from './smtp-config';

export interface SmtpMailerOptions {
  /** Extra CA (PEM) to trust instead of the system roots, e.g. a self-hosted server's or a test CA. */
  ca?: string | Buffer;
  /** Connect and greeting timeout; default 10 s. */
  connectionTimeoutMs?: number;
  /** Host name announced in EHLO; nodemailer's default is the machine's name. */
  name?: string;
  /** Reuse up to this many connections for many messages (a reminder sweep); default: one connection per message. */
  poolConnections?: number;
  /** How host names are resolved; default the system's (tests point it at a loopback name server). */
  lookup?: net.LookupFunction;
}

/** A failed SMTP exchange; `message` is nodemailer's text with the server's reply, verbatim. */
export class SmtpError extends Error {
  override readonly name = 'SmtpError';
  /** nodemailer's category: EAUTH, ECONNECTION, ETIMEDOUT, EENVELOPE, EMESSAGE, ETLS, ESOCKET... */
  readonly code: string | undefined;
  /** The server's numeric reply, e.g. 535 or 451, when the server answered. */
  readonly responseCode: number | undefined;
  /** The server's full reply line, e.g. "535 Authentication failed". */
  readonly response: string | undefined;
  /** The SMTP command that failed, e.g. "AUTH PLAIN" or "DATA". */
  readonly command: string | undefined;
  /** The system's own code under nodemailer's category: ECONNREFUSED, ENOTFOUND, EAI_AGAIN, ECONNRESET... */
  readonly systemCode: string | undefined;
  /** OpenSSL's reason for a TLS failure, e.g. "wrong version number". */
  readonly reason: string | undefined;

  constructor(message: string, details: SmtpErrorDetails = {}) {
    super(message);
    this.code = details.code;
    this.responseCode = details.responseCode;
    this.response = details.response;
    this.command = details.command;
    this.systemCode = details.systemCode;
    this.reason = details.reason;
  }
}

export interface SmtpErrorDetails {
  code?: string;
  responseCode?: number;
  response?: string;
  command?: string;
  systemCode?: string;
  reason?: string;
}

const DEFAULT_TIMEOUT_MS = 10_000;
// DATA on a slow link gets longer than connect/greeting, but never nodemailer's 10 minutes.
const SOCKET_TIMEOUT_MS = 30_000;
const MESSAGE_ID = /^<[^<>\s@]+@[^<>\s@]+>$/;

/**
 * A Mailer over SMTP (nodemailer; one connection per call, or a pool with `poolConnections`).
 * none → plain, never upgraded; starttls → STARTTLS required; tls → implicit TLS.
 * Certificates are always verified; pass `options.ca` to trust a private CA.
 */
export function createSmtpMailer(settings: SmtpSettings, password: string | null, options: SmtpMailerOptions = {}): Mailer {
  const timeout = options.connectionTimeoutMs ?? DEFAULT_TIMEOUT_MS;
  const sender = parseFromAddress(settings.from);
  const needsPassword = settings.username !== '' && password === null;
  const address = connectAddressOf(settings.host);

  const transportOptions: SMTPTransport.Options = {
    host: address,
    port: settings.port,
    secure: settings.security === 'tls',
    requireTLS: settings.security === 'starttls',
    ignoreTLS: settings.security === 'none',
    auth: settings.username !== '' ? { user: settings.username, pass: password ?? '' } : undefined,
    tls: { minVersion: 'TLSv1.2', ...(options.ca !== undefined ? { ca: options.ca } : {}) },
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    dnsTimeout: timeout,
    socketTimeout: Math.max(timeout, SOCKET_TIMEOUT_MS),
    ...(options.name !== undefined ? { name: options.name } : {}),
    logger: false,
    debug: false,
    getSocket: connectWithoutNagle(address, settings.port, timeout, options.lookup),
  };
  // A pool skips the connect + TLS + AUTH handshake per message: what makes a 1,000-reminder sweep fast.
  const transport =
    options.poolConnections !== undefined
      ? nodemailer.createTransport({ ...transportOptions, pool: true, maxConnections: options.poolConnections } satisfies SMTPPool.Options)
      : nodemailer.createTransport(transportOptions);

  function precheck(): void {
    if (needsPassword) {
      throw new SmtpError(`No SMTP password is available for user "${settings.username}"; enter it again in Settings`, {
        code: 'ENOPASSWORD',
      });
    }
  }

  return {
    async verify() {
      precheck();
      try {
        await transport.verify();
      } catch (error) {
        throw toSmtpError(error);
      }
    },

    async send(message: MailMessage): Promise<SentMail> {
      precheck();
      if (!sender) {
        throw new SmtpError(`The sender address in the SMTP settings is not valid: ${settings.from}`, { code: 'EENVELOPE' });
      }
      if (message.messageId !== undefined && !MESSAGE_ID.test(message.messageId)) {
        throw new SmtpError('A Message-ID must look like <id@host>, with angle brackets and no spaces', { code: 'EMESSAGE' });
      }
      try {
        const info = await transport.sendMail({
          from: sender.name ? { name: sender.name, address: sender.address } : sender.address,
          to: message.to,
          subject: message.subject,
          text: message.text,
          html: message.html,
          ...(message.messageId !== undefined ? { messageId: message.messageId } : {}),
          ...(message.headers !== undefined ? { headers: message.headers } : {}),
        });
        return { messageId: info.messageId, response: info.response };
      } catch (error) {
        throw toSmtpError(error);
      }
    },

    close() {
      transport.close();
    },
  };
}

/**
 * Hands nodemailer a connected TCP socket with Nagle off (TLS, implicit or STARTTLS, is still
 * nodemailer's, with the options above). nodemailer sends a message's last line on its own and
 * waits for the reply; with Nagle on, a delayed ACK adds ~40 ms to every message.
 */
function connectWithoutNagle(host: string, port: number, timeoutMs: number, lookup: net.LookupFunction | undefined) {
  return (_options: unknown, callback: (error: Error | null, socketOptions?: { connection: net.Socket }) => void): void => {
    const socket = net.connect({ host, port, noDelay: true, ...(lookup ? { lookup } : {}) });
    const fail = (error: Error & { code?: unknown }, code = 'ESOCKET') => {
      clearTimeout(timer);
      socket.destroy();
      // The same categories nodemailer gives a socket that fails to connect or times out; the
      // system's own code (ECONNREFUSED, ENOTFOUND...) is kept so the failure can be told in words.
      const systemCode = typeof error.code === 'string' ? error.code : undefined;
      callback(Object.assign(error, { code, systemCode }));
    };
    const timer = setTimeout(() => fail(Object.assign(new Error('Connection timeout'), { code: 'ETIMEDOUT' }), 'ETIMEDOUT'), timeoutMs);
    const onError = (error: Error) => fail(error);
    socket.once('error', onError);
    socket.once('connect', () => {
      clearTimeout(timer);
      // nodemailer attaches its own error handler synchronously inside the callback.
      socket.off('error', onError);
      callback(null, { connection: socket });
    });
  };
}

/** ECONNREFUSED and friends: kept by our socket factory, or read back from errno after nodemailer renamed the code. */
function systemCodeOf(e: { systemCode?: unknown; errno?: unknown }): string | undefined {
  if (typeof e.systemCode === 'string') return e.systemCode;
  if (typeof e.errno === 'number' && e.errno < 0) {
    try {
      return getSystemErrorName(e.errno);
    } catch {
      return undefined;
    }
  }
  return undefined;
}

function toSmtpError(error: unknown): SmtpError {
  if (!(error instanceof Error)) return new SmtpError(String(error));
  const e = error as Error & { code?: unknown; responseCode?: unknown; response?: unknown; command?: unknown; systemCode?: unknown; errno?: unknown; reason?: unknown };
  const systemCode = systemCodeOf(e);
  const wrapped = new SmtpError(e.message, {
    ...(typeof e.code === 'string' ? { code: e.code } : {}),
    ...(typeof e.responseCode === 'number' ? { responseCode: e.responseCode } : {}),
    ...(typeof e.response === 'string' ? { response: e.response } : {}),
    ...(typeof e.command === 'string' ? { command: e.command } : {}),
    ...(systemCode !== undefined ? { systemCode } : {}),
    ...(typeof e.reason === 'string' ? { reason: e.reason } : {}),
  });
  wrapped.cause = error;
  return wrapped;
}
