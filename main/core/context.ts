import type { Kysely } from 'kysely';
import type { DesktopPreferences, DesktopPreferencesUpdate } from '../../common/contract/desktop';
import type { TeamConnectInput, TeamConnectResult, TeamConnection } from '../../common/contract/team';
import type { User } from '../../common/contract/auth';
import type { Role } from '../../common/contract/roles';
import type { Database } from '../db/schema';
import type { SmtpTransport } from '../reminders/smtp-account';
import type { Clock, Logger, Notifier, Secrets } from '../ports';

/** What a transport (HTTP cookie, desktop session) lets a handler do with the caller's session. */
export interface SessionControl {
  signIn(userId: number): Promise<void>;
  signOut(): Promise<void>;
}

/** Who is calling, as far as the transport can tell: for throttling and the sessions list. */
export interface ClientInfo {
  /** Remote address in browser mode; null in process (desktop IPC, tray, tests). */
  address: string | null;
  /** The User-Agent header, or a label such as "Spend Manager desktop". */
  agent: string | null;
}

export const IN_PROCESS_CLIENT: ClientInfo = { address: null, agent: null };

export interface RequestContext {
  userId: number | null;
  session: SessionControl;
  /** The caller's session (its id, never the token), so "this device" can be told apart; absent when signed out. */
  sessionId?: string | null;
  /** Absent: an in-process caller (IN_PROCESS_CLIENT). */
  client?: ClientInfo;
  /**
   * The workspace the call acts in. Set by the door (from the session's current workspace, else the
   * account's personal one); an in-process caller may name one, and the door checks the membership.
   */
  workspaceId?: number | null;
  /** The caller's role in workspaceId; set by the door, never trusted from a transport. */
  role?: Role | null;
}

export interface SignedInContext extends RequestContext {
  userId: number;
  workspaceId: number;
  role: Role;
}

/**
 * What the reminder subsystem must hear about. Services call these; until reminders are wired
 * they are no-ops (noReminderHooks).
 */
export interface ReminderHooks {
  /** Inside the transaction that changed these subscriptions: replan their pending reminders. */
  expensesChanged(trx: Kysely<Database>, workspaceId: number, expenseIds: number[]): Promise<void>;
  /** Inside the transaction that changed a workspace's reminder defaults or time of day: replan it. */
  settingsChanged(trx: Kysely<Database>, workspaceId: number): Promise<void>;
  /** Inside the transaction that changed a member's own zone: replan the reminders they receive. */
  memberChanged(trx: Kysely<Database>, userId: number): Promise<void>;
  /** After commit: re-arm the one scheduler job at the earliest pending reminder. */
  rearm(): void;
}

export const noReminderHooks: ReminderHooks = {
  expensesChanged: async () => {},
  settingsChanged: async () => {},
  memberChanged: async () => {},
  rearm: () => {},
};

/** What the desktop skin offers the core (launch at login, close to tray); browser mode has none. */
export interface DesktopPort {
  preferences(): Promise<DesktopPreferences>;
  /** Applies the given fields and returns all of them. */
  updatePreferences(change: DesktopPreferencesUpdate): Promise<DesktopPreferences>;
}

/** The desktop app's link to a team server (main/remote/connection.ts); browser mode has none. */
export interface TeamPort {
  connection(): Promise<TeamConnection>;
  connect(input: TeamConnectInput): Promise<TeamConnectResult>;
  verify(challenge: string, code: string): Promise<{ connection: TeamConnection; user: User }>;
  disconnect(): Promise<TeamConnection>;
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
  /** Only in the desktop app. */
  team?: TeamPort;
  /** How SMTP is reached (SMTP_URL override, mailer factory); absent: saved settings, system CAs. */
  smtp?: SmtpTransport;
}
