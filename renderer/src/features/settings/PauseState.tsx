import { useState } from 'react';
import type { Settings } from '../../../../common/contract';
import { addDays, todayIn } from '../../../../common/domain/calendar-date';
import { zonedTimeToInstant } from '../../../../common/domain/zoned-time';
import { useFormatters } from '../../lib/use-formatters';
import { pauseReminders } from '../reminders/queries';
import { useNow } from './use-now';
import { useSettingsPatch } from './queries';

const HOUR = 60 * 60 * 1000;

/** Whether reminders are held (as the tray's Pause reminders does), until when, and Resume. */
export function PauseState({ settings }: { settings: Settings }) {
  const format = useFormatters();
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
      patch({ reminders_paused_until: await pauseReminders(next) });
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
