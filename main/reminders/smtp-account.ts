import type { Kysely } from 'kysely';
import { findSettings } from '../db/repositories/settings';
import { findPersonalWorkspaceId } from '../db/repositories/workspaces';
import type { Database } from '../db/schema';
import type { Mailer, Secrets } from '../ports';
import { createSmtpMailer } from './mailer';
import { parseSmtpUrl, type SmtpSettings } from './smtp-config';

// Where an account's SMTP settings come from: SMTP_URL (browser mode) or its saved settings,
// with the password from the OS keychain (or memory for this run, when there is no keychain).

export interface SmtpEnvironment {
  settings: SmtpSettings;
  password: string | null;
}

/** How the core reaches SMTP; tests pass a mailer factory that trusts their loopback server's CA. */
export interface SmtpTransport {
  /** SMTP_URL: overrides every account's saved settings. */
  environment: SmtpEnvironment | null;
  createMailer(settings: SmtpSettings, password: string | null): Mailer;
}

export interface AccountSmtp {
  settings: SmtpSettings;
  password: string | null;
  source: 'environment' | 'account';
}

/** The keychain entry of an account's SMTP password. */
export function smtpPasswordKey(userId: number): string {
  return `smtp-password:${userId}`;
}

/** Reads SMTP_URL; a malformed one stops start-up with the reason (never the URL: it may hold a password). */
export function smtpEnvironmentFrom(url: string | undefined): SmtpEnvironment | null {
  if (url === undefined || url.trim() === '') return null;
  const parsed = parseSmtpUrl(url);
  if (!parsed.ok) throw new Error(`SMTP_URL: ${parsed.error.message}`);
  return { settings: parsed.settings, password: parsed.password };
}

/** Connections one sweep keeps open to an account's server: a few, so a big sweep is fast but polite. */
export const SMTP_POOL_CONNECTIONS = 4;

export function defaultSmtpTransport(environment: SmtpEnvironment | null = null): SmtpTransport {
  return { environment, createMailer: (settings, password) => createSmtpMailer(settings, password, { poolConnections: SMTP_POOL_CONNECTIONS }) };
}

/** The account's own SMTP settings: kept in its personal workspace's settings row (team servers use SMTP_URL). */
export async function savedSmtpSettings(db: Kysely<Database>, userId: number): Promise<SmtpSettings | null> {
  const workspaceId = await findPersonalWorkspaceId(db, userId);
  const row = workspaceId === undefined ? undefined : await findSettings(db, workspaceId);
  if (!row?.smtp_host || row.smtp_port === null || row.smtp_security === null || row.smtp_from === null) return null;
  return { host: row.smtp_host, port: row.smtp_port, security: row.smtp_security, username: row.smtp_username ?? '', from: row.smtp_from };
}

/** The SMTP settings in force for one account, or null when none are set up. */
export async function accountSmtp(db: Kysely<Database>, secrets: Secrets, transport: SmtpTransport, userId: number): Promise<AccountSmtp | null> {
  if (transport.environment) return { ...transport.environment, source: 'environment' };
  const settings = await savedSmtpSettings(db, userId);
  if (!settings) return null;
  const password = settings.username === '' ? null : await secrets.get(smtpPasswordKey(userId));
  return { settings, password, source: 'account' };
}
