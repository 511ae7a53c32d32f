import os from 'node:os';
import path from 'node:path';
import { accountHandlers } from '../services/account';
import { createAuthThrottle, type AuthThrottleOptions } from '../services/account-throttle';
import { appHandlers } from '../services/app';
import { authHandlers } from '../services/auth';
import { passwordResetHandlers } from '../services/password-reset';
import { createTwoFactor } from '../services/two-factor';
import { createSecretBox, keySource } from '../secrets/secret-box';
import { exportHandlers } from '../services/exports';
import { backupHandlers } from '../services/backups';
import { calendarHandlers } from '../services/calendar';
import { categoryHandlers } from '../services/categories';
import { dashboardHandlers } from '../services/dashboard';
import { desktopHandlers } from '../services/desktop';
import { expenseHandlers } from '../services/expenses';
import { importHandlers } from '../services/imports';
import { reminderHandlers } from '../services/reminders';
import { paymentHandlers } from '../services/payments';
import { budgetHandlers } from '../services/budgets';
import { reviewHandlers } from '../services/reviews';
import { createSessions, type Sessions } from '../services/sessions';
import { settingsHandlers } from '../services/settings';
import { ratesHandlers } from '../services/rates';
import { type EcbSource, ecbSource } from '../services/ecb-rates';
import { smtpHandlers } from '../services/smtp';
import { teamHandlers } from '../services/team';
import { invitationHandlers } from '../services/invitations';
import { memberHandlers } from '../services/members';
import { workspaceHandlers } from '../services/workspaces';
import { databaseThrottleStore } from '../services/throttle';
import type { AccountDeps } from '../services/users';
import type { CopyDatabase } from '../db/database-copy';
import type { Ports } from './context';
import { createDoor, type Dispatch, type Invoke } from './dispatch';
import type { Handlers } from './handlers';
import { createAccessResolver } from './workspace-access';

export interface Core {
  ports: Ports;
  /** For transports: untrusted names and input. */
  dispatch: Dispatch;
  /** For in-process callers: the same door, typed by the contract. */
  invoke: Invoke;
  sessions: Sessions;
}

/** What a host chooses besides the ports. */
export interface CoreOptions {
  /** Sign-in and registration limits (their counts live in the database, shared by every server on it). */
  throttle?: AuthThrottleOptions;
  /** Copies the database file aside before an account is deleted (DatabaseHandle.backup); absent: no copy. */
  backupDatabase?: (label: string) => Promise<string | null>;
  /** The server's public address, for links in emails (password reset) and calendar feed URLs; null until known. */
  publicUrl?: () => string | null;
  /** SPEND_MANAGER_SECRET_KEY: seals two-factor secrets; absent: a key kept in the OS keychain. */
  secretKey?: Buffer | null;
  /** The data folder's backups folder (pre-restore copies, pending restores); absent: one in the OS temp folder. */
  backupsDir?: string;
  /** SQLite's online backup into a file (the database backup, the daily one); absent on PostgreSQL. */
  copyDatabase?: CopyDatabase | null;
  /** Where the ECB's daily rates are fetched (SPEND_MANAGER_RATES_URL; tests: a loopback server), with its limits. */
  rates?: Partial<EcbSource>;
}

/** Wires services to their ports. Both skins (Electron, HTTP) host exactly this. */
export function createCore(ports: Ports, options: CoreOptions = {}): Core {
  const sessions = createSessions(ports.db, ports.clock);
  const account: AccountDeps = {
    sessions,
    // Counted in the database: sign-in limits hold across every server that shares it.
    throttle: createAuthThrottle(ports.clock, databaseThrottleStore(ports.db), options.throttle),
    backupDatabase: options.backupDatabase ?? (async () => null),
  };
  const twoFactor = createTwoFactor(ports, account, createSecretBox(keySource(ports.secrets, options.secretKey ?? null)));
  // The server's public address, for links it hands out: password reset emails, calendar feed URLs.
  const links = { baseUrl: options.publicUrl ?? (() => null) };
  const handlers: Handlers = {
    ...appHandlers(ports, links),
    ...authHandlers(ports, account, async (userId) => {
      const challenge = await twoFactor.challengeFor(userId);
      return challenge ? { two_factor: challenge } : null;
    }),
    ...passwordResetHandlers(ports, account, links),
    ...twoFactor.handlers,
    ...accountHandlers(ports, account),
    ...expenseHandlers(ports),
    ...categoryHandlers(ports),
    ...exportHandlers(ports),
    ...importHandlers(ports),
    ...backupHandlers(ports, { backupsDir: options.backupsDir ?? path.join(os.tmpdir(), 'spend-manager-backups'), copyDatabase: options.copyDatabase ?? null }),
    ...calendarHandlers(ports, links),
    ...dashboardHandlers(ports),
    ...settingsHandlers(ports),
    ...ratesHandlers(ports, ecbSource(options.rates)),
    ...desktopHandlers(ports),
    ...teamHandlers(ports),
    ...reminderHandlers(ports),
    ...reviewHandlers(ports),
    ...paymentHandlers(ports),
    ...budgetHandlers(ports),
    ...smtpHandlers(ports),
    ...workspaceHandlers(ports),
    ...memberHandlers(ports),
    ...invitationHandlers(ports),
  };
  const door = createDoor(handlers, ports.logger, createAccessResolver(ports.db));
  return {
    ports,
    dispatch: door.dispatch,
    invoke: door.invoke,
    sessions,
  };
}
