import { z } from 'zod';

// SMTP settings: the settings-screen schema and the smtp:// URL form (env vars, CLI, imports).
// Pure zod and web-standard globals: the contract (and so the renderer) and the mailer share it.

/**
 * none     — plain SMTP, never upgraded (only for a relay you trust, e.g. on localhost).
 * starttls — connect in plain text, then STARTTLS is REQUIRED before AUTH and DATA.
 * tls      — implicit TLS from the first byte (usually port 465).
 */
export type SmtpSecurity = 'none' | 'starttls' | 'tls';
export const SMTP_SECURITIES = ['none', 'starttls', 'tls'] as const satisfies readonly SmtpSecurity[];

export interface SmtpSettings {
  host: string;
  port: number;
  security: SmtpSecurity;
  /** Empty: the server is used without AUTH. */
  username: string;
  /** Sender, "reminders@company.com" or "Spend Manager <reminders@company.com>". */
  from: string;
}

export const DEFAULT_SMTP_PORT = { smtp: 587, smtps: 465 } as const;

const PORT_RANGE = 'Port must be between 1 and 65535';
const HOST_SHAPE = 'Host must be a host name like smtp.example.com, an IPv4 address like 192.0.2.25, or an IPv6 address in brackets like [2001:db8::25]';
const FROM_SHAPE = 'Sender must be an email address, like reminders@company.com or "Spend Manager <reminders@company.com>"';
// eslint-disable-next-line no-control-regex
const CONTROL_CHARS = /[\u0000-\u001f\u007f]/;

const LABEL = '[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?';
const HOSTNAME = new RegExp(`^${LABEL}(?:\\.${LABEL})*\\.?$`, 'i');
const ipv4 = z.ipv4();
const ipv6 = z.ipv6();
// The browser's own rule for type="email" (so x@y.z and a relay's x@localhost are senders too).
const email = z.email({ pattern: z.regexes.html5Email });
const BRACKETED = /^\[(.*)\]$/s;

/** Why `host` is not a host, in words; null when it is one. The host is used exactly as given. */
export function hostProblem(host: string): string | null {
  if (host.trim() === '') return 'Host is required';
  if (host !== host.trim()) return 'Host must not start or end with a space';
  const bracketed = BRACKETED.exec(host);
  if (bracketed) return ipv6.safeParse(bracketed[1]).success ? null : `The address in brackets must be an IPv6 address, like [2001:db8::25]`;
  if (ipv4.safeParse(host).success) return null;
  if (ipv6.safeParse(host).success) return `Host must put an IPv6 address in brackets, like [${host}]`;
  if (host.length > 253 || !HOSTNAME.test(host)) return HOST_SHAPE;
  // "999.1.1.1" matches the label grammar but is a broken IPv4 address, not a name.
  return /^[\d.]+$/.test(host) ? HOST_SHAPE : null;
}

export function isValidHost(host: string): boolean {
  return hostProblem(host) === null;
}

/** The address to open a socket to: a bracketed IPv6 host without its brackets (URL syntax, not an address). */
export function connectAddressOf(host: string): string {
  return BRACKETED.exec(host)?.[1] ?? host;
}

/** Splits "Name <addr>" / "\"Name, Inc\" <addr>" / "addr"; null when it is not an address. */
export function parseFromAddress(from: string): { name: string | null; address: string } | null {
  const value = from.trim();
  if (CONTROL_CHARS.test(value)) return null;
  const named = /^(.*?)\s*<([^<>]+)>$/.exec(value);
  let name: string | null = null;
  let address = value;
  if (named) {
    name = named[1]!.trim();
    address = named[2]!.trim();
    const quoted = /^"((?:[^"\\]|\\.)*)"$/.exec(name);
    if (quoted) name = quoted[1]!.replace(/\\(.)/g, '$1');
    else if (/[<>"]/.test(name)) return null;
    if (name === '') name = null;
  }
  if (!email.safeParse(address).success) return null;
  return { name, address };
}

// Validated, never rewritten: what is stored is what was typed ("[zz]" was once stored as "zz").
const hostField = z.string({ error: 'Host is required' }).superRefine((host, ctx) => {
  const problem = hostProblem(host);
  if (problem !== null) ctx.addIssue({ code: 'custom', message: problem });
});

const portField = z
  .number({ error: 'Port must be a number' })
  .int('Port must be a whole number')
  .min(1, PORT_RANGE)
  .max(65535, PORT_RANGE);

const securityField = z.enum(SMTP_SECURITIES, {
  error: 'Security must be one of: none, starttls or tls',
});

const usernameField = z
  .string({ error: 'Username must be text' })
  .trim()
  .max(254, 'Username must be at most 254 characters')
  .refine((v) => !CONTROL_CHARS.test(v), 'Username must not contain line breaks or control characters')
  .default('');

const fromField = z
  .string({ error: 'Sender is required' })
  .trim()
  .min(1, 'Sender is required')
  .max(320, 'Sender must be at most 320 characters')
  .refine((v) => parseFromAddress(v) !== null, FROM_SHAPE)
  .transform((v) => {
    const parsed = parseFromAddress(v)!;
    return parsed.name ? `${formatDisplayName(parsed.name)} <${parsed.address}>` : parsed.address;
  });

// RFC 5322 specials force a quoted name, so "Acme, Inc" stays one sender and not two.
function formatDisplayName(name: string): string {
  return /[()<>[\]:;@\\,."]/.test(name) ? `"${name.replace(/(["\\])/g, '\\$1')}"` : name;
}

const passwordField = z
  .string({ error: 'Password must be text' })
  .max(1024, 'Password must be at most 1024 characters');

const shape = {
  host: hostField,
  port: portField,
  security: securityField,
  username: usernameField,
  from: fromField,
};

const strictParams = {
  error: (issue: { code?: string; keys?: readonly string[]; input?: unknown }) => {
    if (issue.code === 'unrecognized_keys') {
      const keys = issue.keys ?? [];
      return `Unknown field${keys.length === 1 ? '' : 's'}: ${keys.join(', ')}`;
    }
    if (issue.code === 'invalid_type') return 'SMTP settings must be an object';
    return undefined;
  },
};

/** What the settings screen sends. An omitted password keeps the stored one. */
export const smtpSettingsInput = z.strictObject({ ...shape, password: passwordField.optional() }, strictParams);
export type SmtpSettingsInput = z.output<typeof smtpSettingsInput>;

const smtpSettingsSchema = z.strictObject(shape, strictParams);

export type ParseSmtpUrlResult =
  | { ok: true; settings: SmtpSettings; password: string | null }
  | { ok: false; error: { code: 'validation'; message: string } };

const URL_EXAMPLE = 'smtp://user:password@smtp.example.com:587';

/**
 * Parses `smtp://user:pass@host:port?from=...` or `smtps://...`.
 *
 * - smtps://  → security 'tls' (implicit TLS), default port 465.
 * - smtp://   → security 'starttls', default port 587. STARTTLS is then *required*, not
 *   "if offered": falling back to plain text would send the password in clear to
 *   anyone who strips the STARTTLS offer. `?starttls=required` says the same explicitly.
 * - smtp://...?starttls=never → security 'none' (plain SMTP, for a trusted local relay).
 * - `from` comes from `?from=`, else from the username when it is an email address.
 * - User and password are percent-decoded (`p%40ss` → `p@ss`); characters such as
 *   @ / ? # : in them must be percent-encoded.
 *
 * Error messages never repeat the URL, since it may hold the password.
 */
export function parseSmtpUrl(url: string): ParseSmtpUrlResult {
  const fail = (message: string): ParseSmtpUrlResult => ({ ok: false, error: { code: 'validation', message } });
  if (typeof url !== 'string' || url.trim() === '') return fail(`The SMTP URL is empty; expected something like ${URL_EXAMPLE}`);

  const schemeMatch = /^([a-z][a-z0-9+.-]*):\/\/(.*)$/is.exec(url.trim());
  if (!schemeMatch) return fail(`The SMTP URL must look like ${URL_EXAMPLE}`);
  const scheme = schemeMatch[1]!.toLowerCase();
  if (scheme !== 'smtp' && scheme !== 'smtps') {
    return fail(`The SMTP URL must start with smtp:// or smtps://, not ${scheme}://`);
  }
  const rest = schemeMatch[2]!;

  const authorityEnd = rest.search(/[/?#]/);
  const authority = authorityEnd === -1 ? rest : rest.slice(0, authorityEnd);
  const tail = authorityEnd === -1 ? '' : rest.slice(authorityEnd);

  const at = authority.lastIndexOf('@');
  const userinfo = at === -1 ? null : authority.slice(0, at);
  const hostPort = at === -1 ? authority : authority.slice(at + 1);

  let username = '';
  let password: string | null = null;
  if (userinfo !== null) {
    const colon = userinfo.indexOf(':');
    const rawUser = colon === -1 ? userinfo : userinfo.slice(0, colon);
    const rawPass = colon === -1 ? null : userinfo.slice(colon + 1);
    const user = decode(rawUser);
    if (user === null) return fail('The SMTP URL has a user name with broken percent-encoding (a % must be followed by two hex digits)');
    username = user;
    if (rawPass !== null && rawPass !== '') {
      const pass = decode(rawPass);
      if (pass === null) return fail('The SMTP URL has a password with broken percent-encoding (a % must be followed by two hex digits)');
      password = pass;
    }
  }

  const hostMatch = /^(\[[^\]]*\]|[^:]*)(?::(.*))?$/.exec(hostPort)!;
  const host = hostMatch[1]!;
  const rawPort = hostMatch[2];
  if (host === '' || host === '[]') {
    return fail(`The SMTP URL has no host; expected something like ${URL_EXAMPLE} (percent-encode @ / ? # in the password)`);
  }
  let port: number = DEFAULT_SMTP_PORT[scheme];
  if (rawPort !== undefined && rawPort !== '') {
    if (!/^\d+$/.test(rawPort)) return fail('The SMTP URL has a port that is not a number; Port must be between 1 and 65535');
    port = Number(rawPort);
  }

  if (tail.includes('#')) return fail('The SMTP URL must not have a #fragment');
  const queryStart = tail.indexOf('?');
  const path = queryStart === -1 ? tail : tail.slice(0, queryStart);
  if (path !== '' && path !== '/') return fail('The SMTP URL must not have a path after the host and port');
  const params = new URLSearchParams(queryStart === -1 ? '' : tail.slice(queryStart + 1));

  const known = new Set(['starttls', 'from']);
  const unknown = [...new Set(params.keys())].filter((key) => !known.has(key));
  if (unknown.length > 0) return fail(`The SMTP URL has unknown option${unknown.length === 1 ? '' : 's'} ${unknown.join(', ')}; known options are starttls and from`);

  let security: SmtpSecurity = scheme === 'smtps' ? 'tls' : 'starttls';
  const starttls = params.get('starttls');
  if (starttls !== null) {
    if (scheme === 'smtps') return fail('smtps:// already uses TLS from the start; starttls= only applies to smtp://');
    if (starttls === 'never') security = 'none';
    else if (starttls !== 'required') return fail('starttls= must be "required" (the default for smtp://) or "never"');
  }

  let from = params.get('from');
  if (from === null) {
    if (!parseFromAddress(username)) {
      return fail('The SMTP URL has no sender address: add ?from=you@example.com (the user name is not an email address)');
    }
    from = username;
  }

  const checked = smtpSettingsSchema.safeParse({ host, port, security, username, from });
  if (!checked.success) {
    return fail(`The SMTP URL is not usable: ${checked.error.issues[0]?.message ?? 'unknown problem'}`);
  }
  return { ok: true, settings: checked.data, password };
}

function decode(raw: string): string | null {
  try {
    return decodeURIComponent(raw);
  } catch {
    return null;
  }
}
