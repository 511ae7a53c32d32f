import { useState } from 'react';
import type { Settings } from '../../../../common/contract';
import { addDays, todayIn } from '../../../../common/domain/calendar-date';
import { zonedTimeToInstant } from '../../../../common/domain/zoned-time';
import { api } from '../../api/client';
import { useAccountFormat } from './account-format';
import { useNow } from './use-now';
import { useSettingsPatch } from './use-settings';

const HOUR = 60 * 60 * 1000;

/** Whether reminders are held (as the tray's Pause reminders does), until when, and Resume. */
export function PauseState({ settings }: { settings: Settings }) {
  const format = useAccountFormat();
  const now = useNow();
  const patch = useSettingsPatch();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const until = settings.reminders_paused_until;
  const paused = until !== null && new Date(until).getTime() > now;

  async function pause(next: Date | null) {
    setBusy(true);
    setError(null);
    try {
      const { paused_until } = await api('reminders.pause', { until: next ? next.toISOString() : null });
      patch({ reminders_paused_until: paused_until });
    } catch (err) {
      setError(err instanceof Error ? err.message : 'Could not change the pause');
    } finally {
      setBusy(false);
    }
  }

  // "Until tomorrow" means tomorrow at the account's reminder time, as in the tray.
  const tomorrow = () => zonedTimeToInstant(addDays(todayIn(settings.effective_time_zone, new Date()), 1), settings.reminder_time, settings.effective_time_zone);

  return (
    <div className="pause-state">
      {paused ? (
        <>
          <p>
            <span className="status-dot status-dot-warning" aria-hidden="true" />
            Reminders are paused until <strong>{format.dateTime(until)}</strong> ({format.relativeTo(until, now)}).
          </p>
          <button type="button" className="btn" disabled={busy} onClick={() => void pause(null)}>
            Resume reminders
          </button>
        </>
      ) : (
        <>
          <p>
            <span className="status-dot status-dot-success" aria-hidden="true" />
            Reminders are on.
          </p>
          <div className="pause-actions">
            <button type="button" className="btn" disabled={busy} onClick={() => void pause(new Date(Date.now() + HOUR))}>
              Pause for 1 hour
            </button>
            <button type="button" className="btn" disabled={busy} onClick={() => void pause(tomorrow())}>
              Pause until tomorrow
            </button>
          </div>
        </>
      )}
      {error ? (
        <p className="field-error" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}
