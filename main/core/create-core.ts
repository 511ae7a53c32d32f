import { accountHandlers } from '../services/account';
import { createAuthThrottle, type AuthThrottleOptions } from '../services/account-throttle';
import { appHandlers } from '../services/app';
import { authHandlers } from '../services/auth';
import { categoryHandlers } from '../services/categories';
import { dashboardHandlers } from '../services/dashboard';
import { desktopHandlers } from '../services/desktop';
import { expenseHandlers } from '../services/expenses';
import { reminderHandlers } from '../services/reminders';
import { createSessions, type Sessions } from '../services/sessions';
import { settingsHandlers } from '../services/settings';
import { smtpHandlers } from '../services/smtp';
import { databaseThrottleStore } from '../services/throttle';
import type { AccountDeps } from '../services/users';
import type { Ports } from './context';
import { createDoor, type Dispatch, type Invoke } from './dispatch';
import type { Handlers } from './handlers';

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
  const handlers: Handlers = {
    ...appHandlers(ports),
    ...authHandlers(ports, account),
    ...accountHandlers(ports, account),
    ...expenseHandlers(ports),
    ...categoryHandlers(ports),
    ...dashboardHandlers(ports),
    ...settingsHandlers(ports),
    ...desktopHandlers(ports),
    ...reminderHandlers(ports),
    ...smtpHandlers(ports),
  };
  const door = createDoor(handlers, ports.logger);
  return {
    ports,
    dispatch: door.dispatch,
    invoke: door.invoke,
    sessions,
  };
}
