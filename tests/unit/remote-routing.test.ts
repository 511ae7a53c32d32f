import { describe, expect, it } from 'vitest';
import { OPERATION_NAMES } from '../../common/contract';
import { routeOf } from '../../main/remote/routing';

// Connected to a team server, which calls the desktop answers itself: this computer's, by contract group.

describe('the routes of a desktop on a team server', () => {
  it("keeps this computer's operations local, refuses its own SMTP, and relays every other operation of the contract", () => {
    const local = OPERATION_NAMES.filter((name) => routeOf(name).to === 'local');
    const refused = OPERATION_NAMES.filter((name) => routeOf(name).to === 'refused');
    expect(local).toEqual(['desktop.preferences.get', 'desktop.preferences.update', 'team.connection', 'team.connect', 'team.verify', 'team.disconnect']);
    expect(refused).toEqual(['smtp.update', 'smtp.clear', 'smtp.test']);
    expect(OPERATION_NAMES.filter((name) => routeOf(name).to === 'team')).toEqual(expect.arrayContaining(['auth.login', 'expenses.create', 'reminders.feed', 'dashboard.stats', 'workspaces.switch']));
  });
});
