import fs from 'node:fs';
import path from 'node:path';

/** Desktop preferences of this computer, kept beside the database (not per account, not in it). */
export interface StoredPreferences {
  /** Closing the window keeps the app in the tray. */
  close_to_tray: boolean;
  /** The "still running in the tray" notice was shown once already. */
  tray_hint_shown: boolean;
}

export const DEFAULT_PREFERENCES: StoredPreferences = { close_to_tray: true, tray_hint_shown: false };

export interface PreferencesFile {
  read(): StoredPreferences;
  write(change: Partial<StoredPreferences>): StoredPreferences;
}

/** Synchronous on purpose: the window's close handler must decide before it returns. */
export function createPreferencesFile(file: string): PreferencesFile {
  let cached: StoredPreferences | null = null;

  function load(): StoredPreferences {
    try {
      const raw = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<Record<keyof StoredPreferences, unknown>>;
      return {
        close_to_tray: typeof raw.close_to_tray === 'boolean' ? raw.close_to_tray : DEFAULT_PREFERENCES.close_to_tray,
        tray_hint_shown: raw.tray_hint_shown === true,
      };
    } catch {
      return { ...DEFAULT_PREFERENCES };
    }
  }

  return {
    read() {
      cached ??= load();
      return { ...cached };
    },
    write(change) {
      const next = { ...this.read(), ...change };
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(`${file}.tmp`, JSON.stringify(next, null, 2), { mode: 0o600 });
      fs.renameSync(`${file}.tmp`, file);
      cached = next;
      return { ...next };
    },
  };
}
