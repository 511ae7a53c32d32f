import { Fragment } from 'react';
import type { Reminder } from '../../../../common/contract';
import { addDays, todayIn } from '../../../../common/domain/calendar-date';
import { Chip } from '../../components/Chip';
import type { Formatters } from '../../lib/format';
import { channelResults, isUpcoming, KIND_LABEL, leadLabel, RETRYING, STATE_LABEL } from './reminder-labels';
import { SnoozeMenu } from './SnoozeMenu';

interface ReminderTableProps {
  reminders: Reminder[];
  format: Formatters;
  now: number;
  minSnoozeDate: string;
  /** The account's zone: a snooze date is picked on its calendar. */
  timeZone: string;
  busyId: number | null;
  onSnooze(reminder: Reminder, choice: { days: number } | { until: string }): Promise<string | null>;
  onDismiss(reminder: Reminder): Promise<string | null>;
  /** The caller's role lets them snooze, dismiss and restore (member and up); a viewer only reads. */
  canAct: boolean;
  onRestore(reminder: Reminder): Promise<string | null>;
}

/** A snooze never brings a reminder forward: the first date to pick is after the day it is due, and after today. */
function firstSnoozeDate(reminder: Reminder, tomorrow: string, timeZone: string): string {
  const dueDay = todayIn(timeZone, new Date(reminder.next_attempt_at ?? reminder.due_at));
  const after = addDays(dueDay, 1);
  return after > tomorrow ? after : tomorrow;
}

/** The log: one dense row per occurrence, newest questions (what, when, how it went) left to right. */
export function ReminderTable({ reminders, format, now, minSnoozeDate, timeZone, busyId, onSnooze, onDismiss, onRestore, canAct }: ReminderTableProps) {
  return (
    <table className="reminder-table">
      <thead>
        <tr>
          <th scope="col">Subscription</th>
          <th scope="col">About</th>
          <th scope="col">Reminder</th>
          <th scope="col">State</th>
          <th scope="col">Channels</th>
          <th scope="col">
            <span className="visually-hidden">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {reminders.map((r) => {
          // A pending row that already failed once is waiting for its next try, not for its first.
          const state = r.state === 'pending' && r.attempts > 0 ? RETRYING : STATE_LABEL[r.state];
          const channels = channelResults(r);
          const upcoming = isUpcoming(r);
          const when = upcoming ? (r.next_attempt_at ?? r.due_at) : (r.sent_at ?? r.due_at);
          return (
            <Fragment key={r.id}>
              <tr data-state={r.state} className={r.last_error && r.state === 'failed' ? 'has-error' : undefined}>
                <td className="reminder-name">
                  <a href={`#/subscriptions/${r.expense_id}`}>{r.expense_name}</a>
                  <div className="muted reminder-sub num">{format.money(r.amount, r.currency)}</div>
                </td>
                <td className="reminder-when">
                  <div>{KIND_LABEL[r.kind]}</div>
                  {r.price_change ? (
                    <div className="muted reminder-sub num" data-testid="price-change">
                      {format.money(r.price_change.expected_amount, r.price_change.currency)} → {format.money(r.price_change.actual_amount, r.price_change.currency)}
                      {r.price_change.percent ? ` (${r.price_change.percent})` : ''} · paid <time dateTime={r.price_change.paid_on}>{format.date(r.price_change.paid_on)}</time>
                    </div>
                  ) : (
                    <div className="muted reminder-sub">
                      <time dateTime={r.target_date}>{format.date(r.target_date)}</time> · {format.relativeDays(r.days_left)}
                    </div>
                  )}
                </td>
                <td className="reminder-when">
                  <div>
                    <time dateTime={when}>{format.dateTime(when)}</time>
                  </div>
                  <div className="muted reminder-sub">
                    {format.relativeTo(when, now)} · {leadLabel(r.lead_days, r.kind)}
                  </div>
                </td>
                <td>
                  <Chip tone={state.tone}>{state.label}</Chip>
                  {r.state === 'failed' || (r.attempts > 1 && upcoming) ? (
                    <div className="muted reminder-sub">{r.attempts === 1 ? '1 attempt' : `${r.attempts} attempts`}</div>
                  ) : null}
                </td>
                <td>
                  {channels.length === 0 ? (
                    <span className="muted">{upcoming ? 'Not sent yet' : '—'}</span>
                  ) : (
                    <>
                    <ul className="channel-list">
                      {channels.map((c) => (
                        <li key={c.channel} data-channel={c.channel.toLowerCase()} data-tone={c.tone}>
                          <span className={`channel-dot channel-${c.tone}`} aria-hidden="true" />
                          {c.channel}: {c.label}
                          {c.channel === 'Email' && r.channels.email_to && r.channels.email === 'sent' ? <> <span className="muted channel-to">to {r.channels.email_to}</span></> : null}
                        </li>
                      ))}
                    </ul>
                    {r.sent_with.length > 0 || r.sent_in_digest ? (
                      <div className="muted reminder-sub reminder-together">
                        {r.sent_in_digest ? 'Sent in a digest' : 'In one message'}
                        {r.sent_with.length > 0 ? ` with ${r.sent_with.length === 1 ? '1 other reminder' : `${r.sent_with.length} other reminders`}` : ''}
                      </div>
                    ) : null}
                    </>
                  )}
                </td>
                <td className="reminder-actions">
                  {!canAct ? null : upcoming && r.state !== 'sending' ? (
                    <>
                      <SnoozeMenu
                        subject={r.expense_name}
                        minDate={firstSnoozeDate(r, minSnoozeDate, timeZone)}
                        maxDate={r.last_day}
                        busy={busyId === r.id}
                        onSnooze={(choice) => onSnooze(r, choice)}
                      />
                      <button type="button" className="btn btn-sm btn-ghost" disabled={busyId === r.id} onClick={() => void onDismiss(r)}>
                        Dismiss<span className="visually-hidden"> the reminder for {r.expense_name}</span>
                      </button>
                    </>
                  ) : r.restorable ? (
                    <button type="button" className="btn btn-sm" disabled={busyId === r.id} onClick={() => void onRestore(r)}>
                      Restore<span className="visually-hidden"> the reminder for {r.expense_name}</span>
                    </button>
                  ) : null}
                </td>
              </tr>
              {r.last_error && (r.state === 'failed' || r.state === 'missed' || r.channels.email === 'retrying' || r.channels.email === 'failed') ? (
                <tr className="reminder-error-row">
                  <td colSpan={6}>
                    <span className="reminder-error-text">
                      Last error: {r.last_error_summary ?? r.last_error}
                      {r.last_error_summary ? (
                        <span className="reminder-error-exact">
                          {' '}
                          Exact words: <code>{r.last_error}</code>
                        </span>
                      ) : null}
                    </span>
                  </td>
                </tr>
              ) : null}
            </Fragment>
          );
        })}
      </tbody>
    </table>
  );
}
