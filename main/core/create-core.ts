import { accountHandlers } from '../services/accounts';
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

/** Wires services to their ports. Both skins (Electron, HTTP) host exactly this. */
export function createCore(ports: Ports): Core {
  const handlers: Handlers = {
    ...appHandlers(ports),
    ...accountHandlers(ports),
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
    sessions: createSessions(ports.db, ports.clock),
  };
}
