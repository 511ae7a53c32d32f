import { z } from 'zod';
import { operation } from './define';

/** Preferences of this computer's desktop app (not of the account): the OS and the app's own file hold them. */
export interface DesktopPreferences {
  /** Start Spend Manager, hidden in the tray, when the user logs in to the computer. Off by default. */
  launch_at_login: boolean;
  /** Closing the window keeps the app running in the tray so reminders still arrive. On by default. */
  close_to_tray: boolean;
}

const flag = (label: string) => z.boolean({ error: `${label} must be true or false` }).optional();

export const desktopPreferencesUpdateInput = z.strictObject({
  launch_at_login: flag('Launch at login'),
  close_to_tray: flag('Close to tray'),
});
export type DesktopPreferencesUpdate = z.output<typeof desktopPreferencesUpdateInput>;

export const desktopOperations = {
  'desktop.preferences.get': operation<{ preferences: DesktopPreferences }>()({
    method: 'GET',
    path: '/api/desktop/preferences',
    auth: true,
    role: 'viewer',
    scope: 'account',
    input: z.strictObject({}),
    summary: 'Launch at login and close-to-tray (desktop app only; browser mode answers "unavailable")',
  }),
  'desktop.preferences.update': operation<{ preferences: DesktopPreferences }>()({
    method: 'PUT',
    path: '/api/desktop/preferences',
    auth: true,
    role: 'viewer',
    scope: 'account',
    input: desktopPreferencesUpdateInput,
    summary: 'Change launch at login and/or close-to-tray (desktop app only)',
  }),
};
