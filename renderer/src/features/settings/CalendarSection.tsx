import { useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { bridge } from '../../api/client';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { Icon } from '../../components/icons';
import { saveFile } from '../../lib/files';
import { SettingsSection } from './section-form';
import { calendarFile, makeCalendarFeed, revokeCalendarFeed, settingsKeys, useCalendarStatus, useTeamServer } from './queries';

// Settings → Calendar: the workspace's renewals, trial ends and last days to cancel as an .ics file, and (where a
// server answers calendar apps: browser mode, or a desktop linked to a team server) a secret feed URL they
// subscribe to. The URL is shown once, when made; Regenerate makes a new one and stops the old, Revoke stops it.

type Message = { ok: boolean; text: string } | null;
const failure = (error: unknown, fallback: string) => (error instanceof Error ? error.message : fallback);
const dateText = (iso: string) => new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' }).format(new Date(iso));

export function CalendarSection() {
  const id = useId();
  const queryClient = useQueryClient();
  const team = useTeamServer().data;
  // The desktop app on its own file has no server a calendar app could reach.
  const feeds = !bridge || team?.mode === 'team';
  const status = useCalendarStatus(feeds);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<Message>(null);
  const [url, setUrl] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);
  const [confirm, setConfirm] = useState<'regenerate' | 'revoke' | null>(null);

  async function run(work: () => Promise<string | null>, fallback: string) {
    setBusy(true);
    setMessage(null);
    try {
      const text = await work();
      if (text) setMessage({ ok: true, text });
    } catch (error) {
      setMessage({ ok: false, text: failure(error, fallback) });
    } finally {
      setBusy(false);
      setConfirm(null);
    }
  }

  const download = () =>
    run(async () => {
      const file = await calendarFile();
      saveFile(file);
      return `Saved ${file.name}`;
    }, 'The calendar file could not be made');

  const makeFeed = () =>
    run(async () => {
      const made = await makeCalendarFeed();
      // A path (no public address known) is on the server this app talks to.
      const base = team?.mode === 'team' ? team.url : window.location.origin;
      setUrl(new URL(made.url, base).href);
      setCopied(false);
      await queryClient.invalidateQueries({ queryKey: settingsKeys.calendar });
      return null;
    }, 'The feed URL could not be made');

  const revoke = () =>
    run(async () => {
      await revokeCalendarFeed();
      setUrl(null);
      await queryClient.invalidateQueries({ queryKey: settingsKeys.calendar });
      return 'The feed URL is revoked: calendars subscribed to it stop updating.';
    }, 'The feed URL could not be revoked');

  const active = status.data?.active === true;
  return (
    <SettingsSection title="Calendar" description="Renewals, trial ends and last days to cancel in your calendar app, with reminders at your lead days.">
      <div className="settings-actions">
        <button type="button" className="btn" disabled={busy} onClick={() => void download()}>
          Download .ics
        </button>
        {feeds && !active ? (
          <button type="button" className="btn" disabled={busy || status.isPending} onClick={() => void makeFeed()}>
            Create feed URL
          </button>
        ) : null}
        {feeds && active ? (
          <>
            <button type="button" className="btn" disabled={busy} onClick={() => setConfirm('regenerate')}>
              Regenerate
            </button>
            <button type="button" className="btn btn-danger" disabled={busy} onClick={() => setConfirm('revoke')}>
              Revoke
            </button>
          </>
        ) : null}
      </div>
      {feeds ? (
        <p className="muted">
          {url
            ? 'Anyone with this URL can read this calendar: keep it private, and regenerate it if it leaks.'
            : active && status.data?.created_at
            ? `You have a feed URL for this workspace since ${dateText(status.data.created_at)}. It is shown only when made: regenerate it to see a new one.`
            : 'A feed URL lets Google Calendar, Apple Calendar or Outlook subscribe and stay up to date. Anyone with the URL can read this calendar.'}
        </p>
      ) : (
        <p className="muted">Feed URLs need a server calendar apps can reach: browser mode, or this app linked to a team server.</p>
      )}

      {url ? (
        <div className="calendar-link" role="group" aria-label="New calendar feed URL">
          <label htmlFor={`${id}-url`}>Feed URL (shown only now: copy it into your calendar app)</label>
          <div className="calendar-link-row">
            <input id={`${id}-url`} className="input" readOnly value={url} onFocus={(e) => e.currentTarget.select()} />
            <button
              type="button"
              className="btn"
              onClick={() => {
                void navigator.clipboard.writeText(url).then(
                  () => setCopied(true),
                  () => setMessage({ ok: false, text: 'The URL could not be copied: select it and copy it by hand' }),
                );
              }}
            >
              <Icon name="copy" size={16} />
              {copied ? 'Copied' : 'Copy'}
            </button>
          </div>
        </div>
      ) : null}

      {message ? (
        <p role={message.ok ? 'status' : 'alert'} className={message.ok ? 'muted' : 'field-error'}>
          {message.text}
        </p>
      ) : null}

      {confirm ? (
        <ConfirmDialog
          title={confirm === 'revoke' ? 'Revoke the feed URL?' : 'Make a new feed URL?'}
          confirmLabel={confirm === 'revoke' ? 'Revoke' : 'Regenerate'}
          busy={busy}
          onCancel={() => setConfirm(null)}
          onConfirm={() => void (confirm === 'revoke' ? revoke() : makeFeed())}
        >
          {confirm === 'revoke'
            ? 'Calendars subscribed to the current URL stop updating.'
            : 'The current URL stops working at once; calendars subscribed to it need the new one.'}
        </ConfirmDialog>
      ) : null}
    </SettingsSection>
  );
}
