// Dates are 'YYYY-MM-DD' with integer day arithmetic, so the machine's time zone can never shift a renewal.

export type IsoDate = string;

export interface CalendarDate {
  year: number;
  month: number; // 1..12
  day: number; // 1..31
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

export function daysInMonth(year: number, month: number): number {
  if (month === 2 && isLeapYear(year)) return 29;
  const days = DAYS_IN_MONTH[month - 1];
  if (days === undefined) throw new RangeError(`Month out of range: ${month}`);
  return days;
}

/** Parts of a real calendar date (year 0001..9999), or null. */
export function parseIsoDate(s: string): CalendarDate | null {
  const m = ISO_DATE.exec(s);
  if (!m) return null;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (year < 1 || month < 1 || month > 12 || day < 1) return null;
  if (day > daysInMonth(year, month)) return null;
  return { year, month, day };
}

/** The dates the contract accepts: a calendar everyone agrees on, and four-digit years throughout. */
export const MIN_DATE: IsoDate = '1900-01-01';
export const MAX_DATE: IsoDate = '9999-12-31';

/** Whether `date` lies in MIN_DATE … MAX_DATE (ISO text compares like the dates it names). */
export function isInDateRange(date: IsoDate): boolean {
  return date >= MIN_DATE && date <= MAX_DATE;
}

export function isValidIsoDate(s: unknown): s is IsoDate {
  return typeof s === 'string' && parseIsoDate(s) !== null;
}

export function formatIsoDate({ year, month, day }: CalendarDate): IsoDate {
  if (year < 1 || year > 9999) throw new RangeError(`Year out of range: ${year}`);
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

// Internal callers pass dates that were validated at the boundary; a bad one is a bug.
export function partsOf(date: IsoDate): CalendarDate {
  const parts = parseIsoDate(date);
  if (!parts) throw new RangeError(`Not a calendar date: ${JSON.stringify(date)}`);
  return parts;
}

export function toEpochDay(date: IsoDate): number {
  return epochDayOf(partsOf(date));
}

// Howard Hinnant's days-from-civil: exact integer arithmetic, no Date, no time zone.
export function epochDayOf({ year, month, day }: CalendarDate): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

export function fromEpochDay(epochDay: number): IsoDate {
  if (!Number.isSafeInteger(epochDay)) throw new RangeError(`Not a whole day count: ${epochDay}`);
  const z = epochDay + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  return formatIsoDate({ year, month, day });
}

const MAX_EPOCH_DAY = epochDayOf({ year: 9999, month: 12, day: 31 });
const MIN_EPOCH_DAY = epochDayOf({ year: 1900, month: 1, day: 1 });

export function addDays(date: IsoDate, days: number): IsoDate {
  if (!Number.isInteger(days)) throw new RangeError(`Not a whole number of days: ${days}`);
  return fromEpochDay(toEpochDay(date) + days);
}

/** `date` + `days`, or null when that passes MAX_DATE (or MIN_DATE going back): never a five-digit year. */
export function addDaysWithin(date: IsoDate, days: number): IsoDate | null {
  if (!Number.isInteger(days)) throw new RangeError(`Not a whole number of days: ${days}`);
  const target = toEpochDay(date) + days;
  return target > MAX_EPOCH_DAY || target < MIN_EPOCH_DAY ? null : fromEpochDay(target);
}

/** a − b in days: positive when a is later than b. */
export function diffDays(a: IsoDate, b: IsoDate): number {
  return toEpochDay(a) - toEpochDay(b);
}

export function compareDates(a: IsoDate, b: IsoDate): -1 | 0 | 1 {
  const d = diffDays(a, b);
  return d < 0 ? -1 : d > 0 ? 1 : 0;
}

const dateFormatters = new Map<string, Intl.DateTimeFormat>();

function dateFormatter(timeZone: string): Intl.DateTimeFormat {
  let f = dateFormatters.get(timeZone);
  if (!f) {
    // Throws RangeError for an unknown zone, which is what we want.
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      calendar: 'gregory',
      numberingSystem: 'latn',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
    });
    dateFormatters.set(timeZone, f);
  }
  return f;
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    dateFormatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** The calendar date a wall clock in `timeZone` shows at the instant `now`. */
export function todayIn(timeZone: string, now: Date): IsoDate {
  const parts = dateFormatter(timeZone).formatToParts(now);
  const get = (type: Intl.DateTimeFormatPartTypes): number =>
    Number(parts.find((p) => p.type === type)?.value);
  return formatIsoDate({ year: get('year'), month: get('month'), day: get('day') });
}
