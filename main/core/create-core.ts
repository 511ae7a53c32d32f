import { accountDeletionHandlers } from '../services/account-deletion';
import { accountProfileHandlers } from '../services/account-profile';
import { accountSessionHandlers } from '../services/account-sessions';
import { createAuthThrottle, type AuthThrottleOptions } from '../services/account-throttle';
import { accountHandlers, type AccountDeps } from '../services/accounts';
import { appHandlers } from '../services/app-status';
import { categoryHandlers } from '../services/categories';
import { dashboardHandlers } from '../services/dashboard';
import { expenseHandlers } from '../services/expenses';
import { settingsHandlers } from '../services/settings';
import { desktopHandlers } from '../services/desktop-preferences';
import { reminderHandlers } from '../services/reminders';
import { smtpHandlers } from '../services/smtp-settings';
import { createSessions, type Sessions } from '../services/sessions';
import type { Ports } from './context';
import { createDispatch, type Dispatch } from './dispatch';
import type { Handlers } from './handlers';

export interface Core {
  ports: Ports;
  dispatch: Dispatch;
  sessions: Sessions;
}

/** What a host chooses besides the ports. */
export interface CoreOptions {
  /** Sign-in and registration limits, and where their counts live (memory by default). */
  throttle?: AuthThrottleOptions;
  /** Copies the database file aside before an account is deleted (DatabaseHandle.backup); absent: no copy. */
  backupDatabase?: (label: string) => Promise<string | null>;
}

/** Wires services to their ports. Both skins (Electron, HTTP) host exactly this. */
export function createCore(ports: Ports, options: CoreOptions = {}): Core {
  const sessions = createSessions(ports.db, ports.clock);
  const account: AccountDeps = {
    sessions,
    throttle: createAuthThrottle(ports.clock, options.throttle),
    backupDatabase: options.backupDatabase ?? (async () => null),
  };
  const handlers: Handlers = {
    ...appHandlers(ports),
    ...accountHandlers(ports, account),
    ...accountProfileHandlers(ports, account),
    ...accountSessionHandlers(account),
    ...accountDeletionHandlers(ports, account),
    ...expenseHandlers(ports),
    ...categoryHandlers(ports),
    ...dashboardHandlers(ports),
    ...settingsHandlers(ports),
    ...desktopHandlers(ports),
    ...reminderHandlers(ports),
    ...smtpHandlers(ports),
  };
  return {
    ports,
    dispatch: createDispatch(handlers, ports.logger),
    sessions,
  };
}
