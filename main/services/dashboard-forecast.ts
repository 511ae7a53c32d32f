import { type BillingCycle, cycleDatesBetween } from '../../common/domain/billing-cycles';
import { type IsoDate, MAX_DATE, formatIsoDate, partsOf } from '../../common/domain/calendar-date';

// Which of the next 12 calendar months each charge lands in. Charge dates come from the billing
// cycle (cycleDatesBetween); plans sharing cycle and renewal key share the answer, so it is cached.

export const FORECAST_MONTHS = 12;

function monthIndex(date: IsoDate): number {
  const { year, month } = partsOf(date);
  return year * 12 + month - 1;
}

function monthStart(index: number): IsoDate {
  return formatIsoDate({ year: Math.floor(index / 12), month: (index % 12) + 1, day: 1 });
}

export interface ForecastCalendar {
  /** 'YYYY-MM' of each forecast month, this month first (12, or fewer before 9999-12-31). */
  months: string[];
  /** Charges per forecast month for one plan with this cycle and renewal key (see chargeGroups). */
  chargesPerMonth(cycle: BillingCycle, renewalKey: string): number[];
}

const LAST_MONTH = monthIndex(MAX_DATE);

export function forecastCalendar(today: IsoDate): ForecastCalendar {
  const first = monthIndex(today);
  // The calendar ends with 9999-12: near it the forecast has fewer months, never a five-digit year.
  const length = Math.min(FORECAST_MONTHS, LAST_MONTH - first + 1);
  const from = monthStart(first);
  const to = first + length > LAST_MONTH ? null : monthStart(first + length);
  const cache = new Map<string, number[]>();
  return {
    months: Array.from({ length }, (_, i) => monthStart(first + i).slice(0, 7)),
    chargesPerMonth(cycle, renewalKey) {
      const key = `${cycle.unit}:${cycle.every}:${renewalKey}`;
      let counts = cache.get(key);
      if (!counts) {
        // A month key stands for any day of that month: monthly and yearly charges keep their month.
        const renewal = renewalKey.length === 7 ? `${renewalKey}-01` : renewalKey;
        counts = new Array<number>(length).fill(0);
        for (const date of cycleDatesBetween(renewal, cycle, partsOf(renewal).day, from, to)) counts[monthIndex(date) - first]! += 1;
        cache.set(key, counts);
      }
      return counts;
    },
  };
}
