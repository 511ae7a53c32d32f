import { useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { settingsKeys, updateDesktopPreferences, useDesktopPreferences } from './queries';
import { SettingsSection } from './section-form';

/** Only in the desktop app: browser mode answers 404 (no such settings), and then there is no section at all. */
export function DesktopSection() {
  const id = useId();
  const queryClient = useQueryClient();
  const { data } = useDesktopPreferences();
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  if (!data) return null;

  async function update(change: { launch_at_login: boolean } | { close_to_tray: boolean }) {
    setBusy(true);
    setMessage(null);
    try {
      const preferences = await updateDesktopPreferences(change);
      queryClient.setQueryData(settingsKeys.desktop, preferences);
      setMessage({ ok: true, text: savedMessage(change, preferences) });
    } catch (error) {
      setMessage({ ok: false, text: error instanceof Error ? error.message : 'The setting could not be changed' });
    } finally {
      setBusy(false);
    }
  }

  return (
    <SettingsSection title="Desktop" description="How the app behaves on this computer.">
      <div className="toggle">
        <input
          id={`${id}-login`}
          type="checkbox"
          checked={data.launch_at_login}
          disabled={busy}
          onChange={(e) => void update({ launch_at_login: e.target.checked })}
          aria-describedby={`${id}-login-hint`}
        />
        <label htmlFor={`${id}-login`}>
          <strong>Launch at login</strong>
          <span id={`${id}-login-hint`} className="muted">
            Start hidden in the tray when you log in, so reminders arrive without opening the app.
          </span>
        </label>
      </div>
      <div className="toggle">
        <input
          id={`${id}-tray`}
          type="checkbox"
          checked={data.close_to_tray}
          disabled={busy}
          onChange={(e) => void update({ close_to_tray: e.target.checked })}
          aria-describedby={`${id}-tray-hint`}
        />
        <label htmlFor={`${id}-tray`}>
          <strong>Keep running in the tray when the window closes</strong>
          <span id={`${id}-tray-hint`} className="muted">
            Reminders only arrive while Spend Manager runs; Quit from the tray or the menu stops it.
          </span>
        </label>
      </div>
      <p className={message?.ok === false ? 'field-error' : 'save-status'} role={message?.ok === false ? 'alert' : 'status'}>
        {message?.text ?? ''}
      </p>
    </SettingsSection>
  );
}

function savedMessage(change: { launch_at_login: boolean } | { close_to_tray: boolean }, preferences: { launch_at_login: boolean; close_to_tray: boolean }): string {
  if ('launch_at_login' in change) {
    return preferences.launch_at_login ? 'Saved. Spend Manager starts in the tray when you log in.' : 'Saved. Spend Manager no longer starts at login.';
  }
  return preferences.close_to_tray ? 'Saved. Closing the window keeps Spend Manager in the tray.' : 'Saved. Closing the window quits Spend Manager.';
}
