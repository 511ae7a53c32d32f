import { type IsoDate, MAX_DATE, addDaysWithin } from '../../common/domain/calendar-date';
import type { UpcomingWindow } from '../db/repositories/dashboard';

// What the dashboard calls "upcoming" and "recent".

/** Renewals within this many days of today (today is day 0) are "upcoming". */
export const UPCOMING_DAYS = 30;
/** Upcoming renewals listed on the dashboard; upcoming_count has them all. */
export const UPCOMING_LIMIT = 100;
export const RECENT_LIMIT = 5;

/** today … today + UPCOMING_DAYS, both included, cut at the calendar's end. */
export function upcomingWindow(today: IsoDate): UpcomingWindow {
  const to = addDaysWithin(today, UPCOMING_DAYS) ?? MAX_DATE;
  return { from: today, to, toExclusive: addDaysWithin(to, 1) };
}
