import { anchorDayOf, CYCLE_UNITS, type CycleUnit, MAX_CYCLE_EVERY } from '../../../../common/domain/billing-cycles';
import { isValidIsoDate, todayIn } from '../../../../common/domain/calendar-date';
import { noticeDeadline, type SubscriptionStatus } from '../../../../common/domain/reminder-plan';
import type { Formatters } from '../../lib/format';
import { useFormatters } from '../../lib/use-formatters';
import { useNow } from '../settings/use-now';
import { useSettings } from '../settings/queries';

// The subscription form's word on its notice period, from the same rule the planner uses.

export interface NoticeFormValues {
  status: SubscriptionStatus;
  renewal_date: string;
  every: string;
  unit: CycleUnit;
  notice_period_days: string;
  auto_renew: boolean;
}

/**
 * When the notice period is longer than the time left, this cycle can no longer be stopped: say so,
 * and when the next last day to cancel is (the reminder the planner schedules). null otherwise.
 */
export function noticeHint(values: NoticeFormValues, today: string, format: Pick<Formatters, 'date'>): string | null {
  const notice = /^\d+$/.test(values.notice_period_days.trim()) ? Number(values.notice_period_days) : null;
  const every = /^\d+$/.test(values.every.trim()) ? Number(values.every) : null;
  if (notice === null || notice === 0 || notice > 365 || every === null || every < 1 || every > MAX_CYCLE_EVERY) return null;
  if (!isValidIsoDate(values.renewal_date) || !CYCLE_UNITS.includes(values.unit)) return null;
  const deadline = noticeDeadline(
    {
      status: values.status,
      renewal_date: values.renewal_date,
      cycle: { unit: values.unit, every },
      anchor_day: anchorDayOf(values.renewal_date),
      auto_renew: values.auto_renew,
      notice_period_days: notice,
    },
    today,
  );
  if (deadline?.state !== 'passed') return null;
  const when = deadline.last_day ? ` (${format.date(deadline.last_day)})` : '';
  const passed = `The last day to cancel this cycle has passed${when}: the ${format.date(deadline.renewal_date)} renewal will be charged.`;
  return deadline.next
    ? `${passed} Next: cancel by ${format.date(deadline.next.last_day)} to stop the ${format.date(deadline.next.renewal_date)} renewal.`
    : passed;
}

/** noticeHint on the account's calendar, today. */
export function useNoticeHint(values: NoticeFormValues): string | null {
  const format = useFormatters();
  const { data: settings } = useSettings();
  const now = useNow();
  const zone = settings?.effective_time_zone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
  return noticeHint(values, todayIn(zone, new Date(now)), format);
}
