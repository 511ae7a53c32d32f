import type { DesktopPort } from '../core/context';
import type { Autostart } from './autostart';
import type { PreferencesFile } from './preferences-file';

/** The core's DesktopPort: launch at login lives in the OS (the user may change it there), the rest in our file. */
export function createDesktopPort(autostart: Pick<Autostart, 'isEnabled' | 'setEnabled'>, file: PreferencesFile): DesktopPort {
  const current = () => ({ launch_at_login: autostart.isEnabled(), close_to_tray: file.read().close_to_tray });
  return {
    async preferences() {
      return current();
    },
    async updatePreferences(change) {
      if (change.launch_at_login !== undefined) autostart.setEnabled(change.launch_at_login);
      if (change.close_to_tray !== undefined) file.write({ close_to_tray: change.close_to_tray });
      return current();
    },
  };
}
