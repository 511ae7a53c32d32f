import { useQueryClient } from '@tanstack/react-query';
import { useId, useRef, useState, type KeyboardEvent } from 'react';
import { addDays, todayIn } from '../../../../common/domain/calendar-date';
import { ApiError } from '../../api/client';
import { useToast } from '../../components/Toast';
import { useFormatters } from '../../lib/use-formatters';
import { useNow } from '../settings/use-now';
import { useSettings } from '../settings/queries';
import { dismissReminder, reminderKeys, restoreReminder, snoozeReminder, useReminders, type ReminderFilter } from './queries';
import { useAccess } from '../team/access';
import { ReminderTable } from './ReminderTable';
import { PausedBanner } from './PausedBanner';
import './reminders.css';

const TABS: { filter: ReminderFilter; label: string }[] = [
  { filter: 'upcoming', label: 'Upcoming' },
  { filter: 'sent', label: 'Sent' },
  { filter: 'problems', label: 'Missed & failed' },
  { filter: 'dismissed', label: 'Dismissed' },
  { filter: 'all', label: 'All' },
];

/** How long Undo stays offered after a dismiss, as after a delete. */
const UNDO_MS = 6_000;

const EMPTY: Record<ReminderFilter, { title: string; text: string }> = {
  upcoming: {
    title: 'Nothing scheduled',
    text: 'Add a subscription and Spend Manager plans its reminders — 7 days before each renewal by default (change that in Settings).',
  },
  sent: { title: 'No reminders sent yet', text: 'Reminders appear here once they go out, with how each channel (notification, email) went.' },
  problems: { title: 'Nothing missed or failed', text: 'Every reminder so far went out on time.' },
  dismissed: { title: 'Nothing dismissed', text: 'Reminders you dismiss appear here; restore one whose date is still ahead and it is sent after all.' },
  all: {
    title: 'No reminders yet',
    text: 'Add a subscription and Spend Manager plans reminders 7 days before each renewal, plus before trial ends and cancellation deadlines.',
  },
};

export function RemindersScreen() {
  const [filter, setFilter] = useState<ReminderFilter>('upcoming');
  const tabsId = useId();
  const tabRefs = useRef<(HTMLButtonElement | null)[]>([]);
  const queryClient = useQueryClient();
  const format = useFormatters();
  const { data: settings } = useSettings();
  const now = useNow();
  const [busyId, setBusyId] = useState<number | null>(null);
  const toast = useToast();
  const access = useAccess();

  const { data, error, isPending, refetch } = useReminders(filter);

  const zone = settings?.effective_time_zone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
  const today = todayIn(zone, new Date(now));

  function onTabKey(event: KeyboardEvent<HTMLButtonElement>, index: number) {
    const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
    const jump = event.key === 'Home' ? 0 : event.key === 'End' ? TABS.length - 1 : null;
    if (step === 0 && jump === null) return;
    event.preventDefault();
    const next = jump ?? (index + step + TABS.length) % TABS.length;
    setFilter(TABS[next]!.filter);
    tabRefs.current[next]?.focus();
  }

  /** Runs one action on a row; its toast says what happened (and may offer Undo). Returns the error, if any. */
  async function act(id: number, run: () => Promise<Parameters<typeof toast.show>[0]>): Promise<string | null> {
    setBusyId(id);
    try {
      const shown = await run();
      toast.show(shown);
      await queryClient.invalidateQueries({ queryKey: reminderKeys.all });
      return null;
    } catch (err) {
      const message = errorText(err);
      toast.show({ message, tone: 'error' });
      return message;
    } finally {
      setBusyId(null);
    }
  }

  async function restore(id: number, name: string): Promise<void> {
    try {
      await restoreReminder(id);
      toast.show({ message: `Restored the ${name} reminder.` });
    } catch (err) {
      toast.show({ tone: 'error', message: `The ${name} reminder could not be restored: ${errorText(err)}` });
    } finally {
      await queryClient.invalidateQueries({ queryKey: reminderKeys.all });
    }
  }

  return (
    <>
      <header className="page-header">
        <div>
          <h1>Reminders</h1>
          <p>Every warning Spend Manager plans and sends, and how it went.</p>
        </div>
      </header>
      {access.role === 'viewer' ? (
        <p className="role-note muted" data-testid="role-note">
          {access.reason}
        </p>
      ) : null}
      {settings ? <PausedBanner settings={settings} now={now} /> : null}
      <div className="reminder-tabs" role="tablist" aria-label="Show reminders">
        {TABS.map((tab, i) => (
          <button
            key={tab.filter}
            ref={(el) => {
              tabRefs.current[i] = el;
            }}
            type="button"
            role="tab"
            id={`${tabsId}-${tab.filter}`}
            aria-selected={filter === tab.filter}
            aria-controls={`${tabsId}-panel`}
            tabIndex={filter === tab.filter ? 0 : -1}
            onClick={() => setFilter(tab.filter)}
            onKeyDown={(e) => onTabKey(e, i)}
          >
            {tab.label}
          </button>
        ))}
      </div>
      <section id={`${tabsId}-panel`} role="tabpanel" aria-labelledby={`${tabsId}-${filter}`} className="card reminder-panel">
        {isPending ? (
          <ReminderSkeleton />
        ) : error ? (
          <div className="reminder-error" role="alert">
            <p>The reminders could not be loaded: {error instanceof Error ? error.message : 'unknown error'}</p>
            <button type="button" className="btn" onClick={() => void refetch()}>
              Try again
            </button>
          </div>
        ) : data.reminders.length === 0 ? (
          <div className="empty reminder-empty">
            <h2>{EMPTY[filter].title}</h2>
            <p>{EMPTY[filter].text}</p>
            {filter === 'upcoming' || filter === 'all' ? (
              <div className="actions">
                <a className="btn btn-primary" href="#/subscriptions">
                  Go to subscriptions
                </a>
                <a className="btn" href="#/settings">
                  Reminder settings
                </a>
              </div>
            ) : null}
          </div>
        ) : (
          <ReminderTable
            reminders={data.reminders}
            format={format}
            now={now}
            minSnoozeDate={addDays(today, 1)}
            timeZone={zone}
            busyId={busyId}
            canAct={access.canAdd}
            onSnooze={(r, choice) =>
              act(r.id, async () => {
                const updated = await snoozeReminder(r.id, choice);
                const until = updated.snoozed_until ? format.dateTime(updated.snoozed_until) : 'later';
                return { message: `Snoozed the ${r.expense_name} reminder until ${until}.` };
              })
            }
            onDismiss={(r) =>
              act(r.id, async () => {
                await dismissReminder(r.id);
                return {
                  message: `Dismissed the ${r.expense_name} reminder; it will not be sent.`,
                  duration: UNDO_MS,
                  action: { label: 'Undo', run: () => restore(r.id, r.expense_name) },
                };
              })
            }
            onRestore={(r) =>
              act(r.id, async () => {
                await restoreReminder(r.id);
                return { message: `Restored the ${r.expense_name} reminder; it is scheduled again.` };
              })
            }
          />
        )}
      </section>
      {data && data.total > data.reminders.length ? (
        <p className="muted reminder-more">
          Showing the first {format.number(data.reminders.length)} of {format.number(data.total)} reminders.
        </p>
      ) : null}
    </>
  );
}

function errorText(err: unknown): string {
  if (err instanceof ApiError) return Object.values(err.fields)[0] ?? err.message;
  return err instanceof Error ? err.message : 'Something went wrong';
}

function ReminderSkeleton() {
  return (
    <div className="reminder-skeleton" aria-busy="true" aria-label="Loading reminders">
      {Array.from({ length: 5 }, (_, i) => (
        <div key={i} className="skeleton reminder-skeleton-row" />
      ))}
    </div>
  );
}
