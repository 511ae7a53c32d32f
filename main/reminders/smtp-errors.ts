import type { SmtpError } from './mailer';
import { parseFromAddress, type SmtpSettings } from './smtp-config';

// What an SMTP failure means, in words, for the settings screen's test email and the Reminders
// log; the server's (or the system's) exact text is always shown beside it, never replaced.

// OpenSSL's certificate verification texts (Node keeps them as the message, nodemailer replaces the
// code with ESOCKET), both spellings: OpenSSL 3 writes "self-signed", 1.1 "self signed".
const CERTIFICATE_PROBLEMS: [pattern: RegExp, meaning: (host: string) => string][] = [
  [/self[- ]signed certificate in certificate chain/i, () => 'its certificate chain ends in a self-signed certificate this computer does not trust'],
  [/self[- ]signed certificate/i, () => 'its certificate is self-signed, so this computer cannot trust it'],
  [/certificate has expired/i, () => 'its certificate has expired'],
  [/certificate is not yet valid/i, () => "its certificate is not valid yet (check this computer's date and time)"],
  [/unable to (get local issuer certificate|verify the first certificate|get issuer certificate)/i, () => 'its certificate is signed by an authority this computer does not trust'],
  [/does not match certificate's altnames|ERR_TLS_CERT_ALTNAME_INVALID/i, (host) => `its certificate is for another name, not ${host}`],
  [/certificate (signature failure|revoked)|CERT_/i, () => 'its certificate could not be verified'],
];

export interface SmtpErrorTarget {
  settings: Pick<SmtpSettings, 'host' | 'port' | 'security' | 'from'>;
  /** The recipient of the failed message, when there was one. */
  to?: string;
}

/** The failure in words, or null when the message already says it plainly (or is not recognised). */
export function explainSmtpError(error: SmtpError, target: SmtpErrorTarget): string | null {
  const { host, port, security } = target.settings;
  const where = `${host} on port ${port}`;
  const message = error.message;
  switch (error.systemCode) {
    case 'ECONNREFUSED':
      return `Could not reach ${where}: nothing is listening there`;
    case 'ENOTFOUND':
    case 'EAI_NONAME':
      return `Could not find ${host}: no server has that name (check the host)`;
    case 'EAI_AGAIN':
    case 'ESERVFAIL':
    case 'ETIMEOUT':
      return `Could not look up ${host} right now: the name server did not answer (check the network connection)`;
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return `Could not reach ${host}: this computer has no network route to it`;
    case 'ECONNRESET':
    case 'EPIPE':
      return `${host} closed the connection unexpectedly`;
    case 'ETIMEDOUT':
      return `${where} did not answer in time: a firewall may be dropping the connection, or the port is wrong`;
  }
  switch (error.code) {
    case 'ENOPASSWORD':
      return null;
    case 'EAUTH':
      return `${host} refused the username or password`;
    case 'EENVELOPE': {
      if (error.command === 'MAIL FROM') {
        const sender = parseFromAddress(target.settings.from)?.address ?? target.settings.from;
        return `${host} refused the sender address ${sender} (many servers only send as the account you sign in with)`;
      }
      if (error.command === 'RCPT TO') return `${host} refused the recipient${target.to ? ` ${target.to}` : ''}`;
      return `${host} refused the sender or the recipient`;
    }
    case 'EMESSAGE':
      if (error.responseCode !== undefined && error.responseCode >= 400 && error.responseCode < 500) {
        return `${host} turned the message away for now (a temporary problem on the server)`;
      }
      return error.responseCode !== undefined ? `${host} refused the message` : null;
    case 'ETLS':
      return security === 'starttls'
        ? `${host} does not offer STARTTLS, which is needed to keep the password private: choose security TLS if the server supports it (usually port 465)`
        : `Could not start an encrypted connection with ${host}`;
    case 'ETIMEDOUT':
      // Connected, but no "220" greeting: the usual sign of a TLS port (465) spoken to in plain text.
      if (/greeting never received/i.test(message) && security !== 'tls') {
        return `${where} accepted the connection but never greeted: it may expect TLS from the first byte (choose security TLS, usually port 465)`;
      }
      return `${where} did not answer in time: a firewall may be dropping the connection, or the port is wrong`;
  }
  if (error.reason === 'wrong version number' || /wrong version number/i.test(message)) {
    return security === 'tls'
      ? `${where} does not speak TLS from the first byte: choose security STARTTLS (usually port 587) or None`
      : `Could not start an encrypted connection with ${host}`;
  }
  const certificate = CERTIFICATE_PROBLEMS.find(([pattern]) => pattern.test(message));
  if (certificate) return `Could not connect securely to ${host}: ${certificate[1](host)}`;
  return null;
}

/** "What it means (exact words)", or just the exact words when there is nothing to add. */
export function withMeaning(error: SmtpError, target: SmtpErrorTarget): string {
  const meaning = explainSmtpError(error, target);
  return meaning === null ? error.message.trim() : `${meaning} (${error.message.trim()})`;
}
