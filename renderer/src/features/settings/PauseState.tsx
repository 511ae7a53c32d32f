import type { Settings } from '../../../../common/contract';
import { useAccountFormat } from './account-format';
import { useNow } from './use-now';

/** Whether reminders are held (tray: Pause reminders), and until when. */
export function PauseState({ settings }: { settings: Settings }) {
  const format = useAccountFormat();
  const now = useNow();
  const until = settings.reminders_paused_until;
  const paused = until !== null && new Date(until).getTime() > now;
  return (
    <div className="pause-state" role="group" aria-label="Pause">
      {paused ? (
        <p>
          <span className="status-dot status-dot-warning" aria-hidden="true" />
          Reminders are paused until <strong>{format.dateTime(until)}</strong> ({format.relativeTo(until, now)}).
        </p>
      ) : (
        <p>
          <span className="status-dot status-dot-success" aria-hidden="true" />
          Reminders are on.
        </p>
      )}
    </div>
  );
}
