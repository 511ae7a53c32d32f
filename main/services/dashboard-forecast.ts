import { type BillingCycle, cycleDatesBetween } from '../../common/domain/billing-cycles';
import { type IsoDate, formatIsoDate, partsOf } from '../../common/domain/calendar-date';

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
  /** 'YYYY-MM' of each forecast month, this month first. */
  months: string[];
  /** Charges per forecast month for one plan with this cycle and renewal key (see chargeGroups). */
  chargesPerMonth(cycle: BillingCycle, renewalKey: string): number[];
}

export function forecastCalendar(today: IsoDate): ForecastCalendar {
  const first = monthIndex(today);
  const from = monthStart(first);
  const to = monthStart(first + FORECAST_MONTHS);
  const cache = new Map<string, number[]>();
  return {
    months: Array.from({ length: FORECAST_MONTHS }, (_, i) => monthStart(first + i).slice(0, 7)),
    chargesPerMonth(cycle, renewalKey) {
      const key = `${cycle.unit}:${cycle.every}:${renewalKey}`;
      let counts = cache.get(key);
      if (!counts) {
        // A month key stands for any day of that month: monthly and yearly charges keep their month.
        const renewal = renewalKey.length === 7 ? `${renewalKey}-01` : renewalKey;
        counts = new Array<number>(FORECAST_MONTHS).fill(0);
        for (const date of cycleDatesBetween(renewal, cycle, partsOf(renewal).day, from, to)) counts[monthIndex(date) - first]! += 1;
        cache.set(key, counts);
      }
      return counts;
    },
  };
}
