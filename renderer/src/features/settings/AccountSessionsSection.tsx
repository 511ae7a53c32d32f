import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { AccountSession } from '../../../../common/contract';
import { Chip } from '../../components/Chip';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { useFormatters } from '../../lib/use-formatters';
import { endOtherSessions, endSession, settingsKeys, useAccountSessions } from './queries';
import { SettingsSection } from './section-form';
import { useNow } from './use-now';
import './account.css';

const MINUTE = 60_000;

/** "3 minutes ago", "2 hours ago", "yesterday"; past a week, the date. */
function lastActive(iso: string, now: number, locale: string, date: (iso: string) => string): string {
  const ago = Math.max(0, now - Date.parse(iso));
  const relative = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  if (ago < MINUTE) return relative.format(0, 'minute');
  if (ago < 60 * MINUTE) return relative.format(-Math.floor(ago / MINUTE), 'minute');
  if (ago < 24 * 60 * MINUTE) return relative.format(-Math.floor(ago / (60 * MINUTE)), 'hour');
  if (ago < 7 * 24 * 60 * MINUTE) return relative.format(-Math.floor(ago / (24 * 60 * MINUTE)), 'day');
  return date(iso);
}

/** Where this account is signed in; sign out one session or every other one. */
export function AccountSessionsSection() {
  const queryClient = useQueryClient();
  const f = useFormatters();
  const now = useNow();
  const { data, error, refetch, isPending } = useAccountSessions();
  const [busy, setBusy] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const others = (data ?? []).filter((s) => !s.current);

  async function run(key: string, action: () => Promise<{ message: string }>) {
    setBusy(key);
    setMessage(null);
    try {
      const result = await action();
      setMessage({ ok: true, text: result.message });
    } catch (failure) {
      setMessage({ ok: false, text: failure instanceof Error ? failure.message : 'The session could not be signed out' });
    } finally {
      setBusy(null);
      setConfirming(false);
      await queryClient.invalidateQueries({ queryKey: settingsKeys.sessions });
    }
  }

  const describe = (s: AccountSession) => `${s.device}, signed in ${f.dayOf(s.created_at)}`;

  return (
    <SettingsSection title="Sessions" description="Where your account is signed in. Sign out a device you no longer use or do not recognise.">
      {isPending ? (
        <div className="skeleton skeleton-field" aria-label="Loading sessions" />
      ) : error || !data ? (
        <div role="alert">
          <p className="muted">{error instanceof Error ? error.message : 'The sessions could not be loaded'}</p>
          <button type="button" className="btn" onClick={() => void refetch()}>
            Try again
          </button>
        </div>
      ) : (
        <>
          <ul className="session-list" aria-label="Signed-in sessions">
            {data.map((s) => (
              <li key={s.id} className="session-row">
                <div className="session-what">
                  <strong>{s.device}</strong>
                  {s.current ? <Chip tone="accent">This device</Chip> : null}
                  <span className="session-when muted">
                    Signed in {f.dayOf(s.created_at)} · {s.current ? 'active now' : `last active ${lastActive(s.last_seen_at, now, f.locale, f.dayOf)}`}
                  </span>
                </div>
                {s.current ? null : (
                  <button
                    type="button"
                    className="btn"
                    aria-label={`Sign out ${describe(s)}`}
                    disabled={busy !== null}
                    onClick={() => void run(s.id, () => endSession(s.id))}
                  >
                    {busy === s.id ? 'Signing out…' : 'Sign out'}
                  </button>
                )}
              </li>
            ))}
          </ul>
          <div className="settings-actions">
            <button type="button" className="btn" disabled={others.length === 0 || busy !== null} onClick={() => setConfirming(true)}>
              Sign out everywhere else
            </button>
            <span className={message === null ? 'muted' : message.ok ? 'save-status' : 'field-error'} role="status">
              {message?.ok ? <span aria-hidden="true">✓ </span> : null}
              {message?.text ?? (others.length === 0 ? 'Only this device is signed in.' : null)}
            </span>
          </div>
        </>
      )}
      {confirming ? (
        <ConfirmDialog
          title="Sign out everywhere else?"
          confirmLabel="Sign out everywhere else"
          busy={busy !== null}
          onCancel={() => setConfirming(false)}
          onConfirm={() => void run('others', endOtherSessions)}
        >
          {others.length === 1 ? 'The other session' : `The ${others.length} other sessions`} will have to sign in again. This device stays signed in.
        </ConfirmDialog>
      ) : null}
    </SettingsSection>
  );
}
