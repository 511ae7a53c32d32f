import type { OperationName } from '../../common/contract';

// Which operations a desktop connected to a team server answers itself: those of this computer. Everything
// else goes to the server. Declared per contract group, so a new operation is relayed unless its group is here.

/** This computer's own: launch at login and the tray (desktop.*), and the link to the server itself (team.*). */
const STAYS_LOCAL: ReadonlySet<string> = new Set(['desktop', 'team']);

/** Groups that make no sense against a team server, with the reason in words. */
const REFUSED_ON_TEAM: Readonly<Record<string, string>> = {
  smtp: 'The team server sends the emails with its own mail server (SMTP_URL on the server); there is no SMTP to set up here while connected',
};

const groupOf = (name: string): string => name.split('.')[0] ?? '';

export type Route = { to: 'local' } | { to: 'team' } | { to: 'refused'; message: string };

export function routeOf(name: OperationName | string): Route {
  const group = groupOf(name);
  if (STAYS_LOCAL.has(group)) return { to: 'local' };
  const refusal = REFUSED_ON_TEAM[group];
  return refusal ? { to: 'refused', message: refusal } : { to: 'team' };
}
