import { rollForward } from '../../common/domain/billing-cycles';
import type { IsoDate } from '../../common/domain/calendar-date';
import type { ExpenseRow } from '../db/repositories/expenses';
import { afterTrial, rollsForward } from './renewals';

// A subscription as it stands on a given day: an ended trial is over, a passed renewal is on its
// next date. The sweep stores exactly this; a read that meets a row not swept yet shows it too,
// so nothing on screen depends on when the sweep last ran (ARCHITECTURE rule 9).

export type CycleColumns = Pick<ExpenseRow, 'status' | 'trial_ends_on' | 'auto_renew' | 'renewal_date' | 'cycle_unit' | 'cycle_every' | 'anchor_day' | 'reminder_sent' | 'cancelled_at'>;

/** The row on `today`; `now` is when an ended trial that does not renew counts as cancelled. Unchanged rows come back as they are. */
export function currentCycle<R extends CycleColumns>(row: R, today: IsoDate, now: string): R {
  let current = row;
  const trial = afterTrial(row.status, row.trial_ends_on, row.auto_renew === 1, today);
  if (trial.status !== row.status) {
    current = { ...current, status: trial.status, trial_ends_on: trial.trial_ends_on, cancelled_at: trial.status === 'cancelled' ? now : row.cancelled_at };
  }
  if (rollsForward(current.status, current.auto_renew === 1) && current.renewal_date < today) {
    const next = rollForward(current.renewal_date, { unit: current.cycle_unit, every: current.cycle_every }, current.anchor_day, today);
    // No renewal left before the calendar's end (9999-12-31): the date stays.
    // A new cycle: its reminder has not gone out yet.
    if (next !== null && next !== current.renewal_date) current = { ...current, renewal_date: next, reminder_sent: 0 };
  }
  return current;
}

/** Whether the sweep still has to store this row's current cycle. */
export function isBehind(row: CycleColumns, today: IsoDate): boolean {
  return currentCycle(row, today, '') !== row;
}
