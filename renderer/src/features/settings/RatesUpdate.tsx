import { useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import type { RatesRefreshResult, Settings } from '../../../../common/contract';
import { useFormatters } from '../../lib/use-formatters';
import { refreshRates, settingsKeys, updateSettings, useSettingsSaved } from './queries';

// Settings → Currency: rates from the European Central Bank. The daily toggle, "Update now", what the last
// update did and, when fetches fail, the reason and since when.

interface Message {
  ok: boolean;
  text: string;
}

const list = (codes: string[]) => codes.join(', ');

/** "Updated 3 rates from the ECB’s rates of Dec 2, 2026. Kept 1 you typed (GBP). The ECB publishes no rate for ARS." */
function resultText(result: RatesRefreshResult, day: (iso: string) => string): string {
  const n = result.updated.length;
  const parts = [n === 0 ? `No rate needed updating; the ECB’s rates are of ${day(result.date)}.` : `Updated ${n === 1 ? '1 rate' : `${n} rates`} from the ECB’s rates of ${day(result.date)}.`];
  const kept = result.skipped_manual.length;
  if (kept > 0) parts.push(`Kept ${kept === 1 ? 'the one' : `the ${kept}`} you typed (${list(result.skipped_manual)}).`);
  if (result.unavailable.length > 0) parts.push(`The ECB publishes no rate for ${list(result.unavailable)}; ${result.unavailable.length === 1 ? 'its rate stays' : 'their rates stay'} as typed.`);
  return parts.join(' ');
}

export function RatesUpdate({ settings, locked, onRefreshed }: { settings: Settings; locked: boolean; onRefreshed(settings: Settings): void }) {
  const id = useId();
  const format = useFormatters();
  const saved = useSettingsSaved();
  const queryClient = useQueryClient();
  const [busy, setBusy] = useState<'toggle' | 'refresh' | null>(null);
  const [message, setMessage] = useState<Message | null>(null);
  const [typed, setTyped] = useState<string[]>([]);
  // Shown at once when clicked; put back if the save fails.
  const [daily, setDaily] = useState(settings.rates_daily);
  const status = settings.rates_status;

  async function refresh(overwriteManual: boolean) {
    setBusy('refresh');
    setMessage(null);
    try {
      const result = await refreshRates(overwriteManual);
      saved(result.settings);
      onRefreshed(result.settings);
      setTyped(result.skipped_manual);
      setMessage({ ok: true, text: resultText(result, format.date) });
    } catch (error) {
      setTyped([]);
      setMessage({ ok: false, text: error instanceof Error ? error.message : 'The rates could not be updated' });
      // The server recorded the failure and since when: the status line below shows it from the settings.
      void queryClient.invalidateQueries({ queryKey: settingsKeys.settings });
    } finally {
      setBusy(null);
    }
  }

  async function toggle(on: boolean) {
    setBusy('toggle');
    setMessage(null);
    setDaily(on);
    try {
      const next = await updateSettings({ rates_daily: on });
      saved(next);
      setDaily(next.rates_daily);
    } catch (error) {
      setDaily(!on);
      setMessage({ ok: false, text: error instanceof Error ? error.message : 'The setting could not be changed' });
      setBusy(null);
      return;
    }
    setBusy(null);
    // Turned on: the first update now rather than at the next hourly check.
    if (on) await refresh(false);
    else setMessage({ ok: true, text: 'Saved. Rates are no longer updated daily; they stay as they are.' });
  }

  return (
    <div className="rates-update">
      <div className="toggle">
        <input
          id={`${id}-daily`}
          type="checkbox"
          checked={daily}
          disabled={locked || busy !== null}
          onChange={(e) => void toggle(e.target.checked)}
          aria-describedby={`${id}-daily-hint`}
        />
        <label htmlFor={`${id}-daily`}>
          <strong>Update rates daily (European Central Bank)</strong>
          <span id={`${id}-daily-hint`} className="muted">
            Once a day, the ECB’s reference rates converted to {settings.base_currency}. Rates you typed stay as you typed them.
          </span>
        </label>
      </div>
      <div className="rates-update-actions">
        <button type="button" className="btn" disabled={locked || busy !== null} onClick={() => void refresh(false)}>
          {busy === 'refresh' ? 'Updating…' : 'Update now'}
        </button>
        {typed.length > 0 && !locked ? (
          <button type="button" className="btn btn-ghost" disabled={busy !== null} onClick={() => void refresh(true)}>
            Replace the {typed.length === 1 ? 'rate' : `${typed.length} rates`} you typed too
          </button>
        ) : null}
      </div>
      {message && !message.ok ? (
        <p className="field-error" role="alert">
          {message.text}
        </p>
      ) : null}
      {/* A live region of its own (not role=status: the form's Save keeps the section's one status). */}
      <p className="save-status" aria-live="polite">
        {message?.ok ? message.text : ''}
      </p>
      {/* The failure just announced above is not repeated here; its "since when" is, once it is not new. */}
      {status.error && message?.ok !== false ? (
        <p className="rates-status rates-status-error">
          {status.error_since ? `Updates have failed since ${format.dateTime(status.error_since)}. ` : null}
          {status.error}
        </p>
      ) : status.fetched_at ? (
        <p className="rates-status muted">
          Last updated <time dateTime={status.fetched_at}>{format.relativeTo(status.fetched_at)}</time> ({format.dateTime(status.fetched_at)}).
        </p>
      ) : null}
    </div>
  );
}
