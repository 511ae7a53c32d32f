import { Fragment } from 'react';
import type { Reminder } from '../../../../common/contract';
import { Chip } from '../../components/Chip';
import type { AccountFormat } from '../settings/account-format';
import { channelResults, isUpcoming, KIND_LABEL, leadLabel, RETRYING, STATE_LABEL } from './reminder-labels';
import { SnoozeMenu } from './SnoozeMenu';

interface ReminderTableProps {
  reminders: Reminder[];
  format: AccountFormat;
  now: number;
  minSnoozeDate: string;
  busyId: number | null;
  onSnooze(reminder: Reminder, choice: { days: number } | { until: string }): Promise<string | null>;
  onDismiss(reminder: Reminder): Promise<string | null>;
}

/** The log: one dense row per occurrence, newest questions (what, when, how it went) left to right. */
export function ReminderTable({ reminders, format, now, minSnoozeDate, busyId, onSnooze, onDismiss }: ReminderTableProps) {
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
                  <div className="muted reminder-sub">
                    <time dateTime={r.target_date}>{format.date(r.target_date)}</time> · {format.relativeDays(r.days_left)}
                  </div>
                </td>
                <td className="reminder-when">
                  <div>
                    <time dateTime={when}>{format.dateTime(when)}</time>
                  </div>
                  <div className="muted reminder-sub">
                    {format.relativeTo(when, now)} · {leadLabel(r.lead_days)}
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
                    <ul className="channel-list">
                      {channels.map((c) => (
                        <li key={c.channel} data-channel={c.channel.toLowerCase()} data-tone={c.tone}>
                          <span className={`channel-dot channel-${c.tone}`} aria-hidden="true" />
                          {c.channel}: {c.label}
                          {c.channel === 'Email' && r.channels.email_to && r.channels.email === 'sent' ? <> <span className="muted channel-to">to {r.channels.email_to}</span></> : null}
                        </li>
                      ))}
                    </ul>
                  )}
                </td>
                <td className="reminder-actions">
                  {upcoming && r.state !== 'sending' ? (
                    <>
                      <SnoozeMenu
                        subject={r.expense_name}
                        minDate={minSnoozeDate}
                        maxDate={r.target_date}
                        busy={busyId === r.id}
                        onSnooze={(choice) => onSnooze(r, choice)}
                      />
                      <button type="button" className="btn btn-sm btn-ghost" disabled={busyId === r.id} onClick={() => void onDismiss(r)}>
                        Dismiss<span className="visually-hidden"> the reminder for {r.expense_name}</span>
                      </button>
                    </>
                  ) : null}
                </td>
              </tr>
              {r.last_error && (r.state === 'failed' || r.state === 'missed' || r.channels.email === 'retrying' || r.channels.email === 'failed') ? (
                <tr className="reminder-error-row">
                  <td colSpan={6}>
                    <span className="reminder-error-text">Last error: {r.last_error}</span>
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
