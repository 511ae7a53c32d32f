import type { Settings } from '../../../../common/contract';
import { useFormatters } from '../../lib/use-formatters';

/** While reminders are held, say so above the log (resume lives in Settings and the tray). */
export function PausedBanner({ settings, now }: { settings: Settings; now: number }) {
  const format = useFormatters();
  const until = settings.reminders_paused_until;
  if (!until || new Date(until).getTime() <= now) return null;
  return (
    <div className="paused-banner" role="note">
      Reminders are paused until <strong>{format.dateTime(until)}</strong> ({format.relativeTo(until, now)}). Nothing is sent until then;{' '}
      <a href="#/settings">resume in Settings</a>.
    </div>
  );
}
