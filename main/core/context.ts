import type { Kysely } from 'kysely';
import type { DesktopPreferences, DesktopPreferencesUpdate } from '../../common/contract/desktop';
import type { Database } from '../db/schema';
import type { SmtpTransport } from '../reminders/smtp-account';
import type { Clock, Logger, Notifier, Secrets } from '../ports';

/** What a transport (HTTP cookie, desktop session) lets a handler do with the caller's session. */
export interface SessionControl {
  signIn(userId: number): Promise<void>;
  signOut(): Promise<void>;
}

export interface RequestContext {
  userId: number | null;
  session: SessionControl;
}

export interface SignedInContext extends RequestContext {
  userId: number;
}

/**
 * What the reminder subsystem must hear about. Services call these; until reminders are wired
 * they are no-ops (noReminderHooks).
 */
export interface ReminderHooks {
  /** Inside the transaction that changed these subscriptions: replan their pending reminders. */
  expensesChanged(trx: Kysely<Database>, userId: number, expenseIds: number[]): Promise<void>;
  /** Inside the transaction that changed reminder defaults, time of day or zone: replan the account. */
  settingsChanged(trx: Kysely<Database>, userId: number): Promise<void>;
  /** After commit: re-arm the one scheduler job at the earliest pending reminder. */
  rearm(): void;
}

export const noReminderHooks: ReminderHooks = {
  expensesChanged: async () => {},
  settingsChanged: async () => {},
  rearm: () => {},
};

/** What the desktop skin offers the core (launch at login, close to tray); browser mode has none. */
export interface DesktopPort {
  preferences(): Promise<DesktopPreferences>;
  /** Applies the given fields and returns all of them. */
  updatePreferences(change: DesktopPreferencesUpdate): Promise<DesktopPreferences>;
}

/** The ports services receive (ARCHITECTURE rule 3). */
export interface Ports {
  db: Kysely<Database>;
  clock: Clock;
  secrets: Secrets;
  notifier: Notifier;
  logger: Logger;
  reminders: ReminderHooks;
  /** Only in the desktop app. */
  desktop?: DesktopPort;
  /** How SMTP is reached (SMTP_URL override, mailer factory); absent: saved settings, system CAs. */
  smtp?: SmtpTransport;
}
