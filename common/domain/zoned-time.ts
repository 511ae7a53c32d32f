// Local reminder times become UTC instants with explicit DST rules, via Intl so Node and the renderer agree.

import { type IsoDate, epochDayOf, toEpochDay } from './calendar-date';

const MS_PER_MINUTE = 60_000;
const MS_PER_DAY = 86_400_000;

const TIME_OF_DAY = /^([01]\d|2[0-3]):([0-5]\d)$/;

export function isValidTimeOfDay(s: unknown): s is string {
  return typeof s === 'string' && TIME_OF_DAY.test(s);
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function wallClockFormatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      calendar: 'gregory',
      numberingSystem: 'latn',
      hourCycle: 'h23',
      // Without the era, 1 BC (year 0) prints as year 1: the probes a day before 0001-01-01 need it.
      era: 'short',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

// Fixed en-US/latn output, e.g. "3/28/2027 AD, 03:00:00"; format() is ~3x faster than formatToParts().
const WALL_CLOCK = /^(\d+)\/(\d+)\/(\d+) (AD|BC),? (\d+):(\d+):(\d+)$/;

/** Milliseconds to add to a UTC instant to get the wall clock in `timeZone` at that instant. */
export function zoneOffsetAt(timeZone: string, epochMs: number): number {
  const wholeSecond = Math.floor(epochMs / 1000) * 1000;
  const text = wallClockFormatter(timeZone).format(new Date(wholeSecond));
  const m = WALL_CLOCK.exec(text);
  if (!m) throw new Error(`Unexpected wall-clock format: ${JSON.stringify(text)}`);
  const [month, day, eraYear, , hour, minute, second] = m.slice(1).map(Number) as [number, number, number, number, number, number, number];
  // Proleptic Gregorian: 1 BC is year 0, 2 BC is year -1.
  const year = m[4] === 'BC' ? 1 - eraYear : eraYear;
  // Some engines still print midnight as hour 24 even with h23.
  const seconds = ((hour % 24) * 60 + minute) * 60 + second;
  const wall = epochDayOf({ year, month, day }) * MS_PER_DAY + seconds * 1000;
  return wall - wholeSecond;
}

/**
 * The instant a wall clock in `timeZone` shows `timeOfDay` ('HH:MM') on `date`.
 * A time skipped by a spring-forward gap becomes the first instant after the gap
 * (02:30 -> 03:00); a time repeated by a fall-back overlap takes the earlier instant.
 */
export function zonedTimeToInstant(date: IsoDate, timeOfDay: string, timeZone: string): Date {
  // Planning 100k reminders asks for a few hundred distinct (zone, date, time) triples, each costing several
  // Intl formats: a bounded memo of the answers (a pure function of its arguments) saves them.
  const key = `${timeZone}\u0000${date}\u0000${timeOfDay}`;
  const known = INSTANTS.get(key);
  if (known !== undefined) return new Date(known);
  const instant = computeZonedInstant(date, timeOfDay, timeZone);
  if (INSTANTS.size >= INSTANTS_KEPT) INSTANTS.clear();
  INSTANTS.set(key, instant.getTime());
  return instant;
}

const INSTANTS = new Map<string, number>();
const INSTANTS_KEPT = 4096;

function computeZonedInstant(date: IsoDate, timeOfDay: string, timeZone: string): Date {
  const m = TIME_OF_DAY.exec(timeOfDay);
  if (!m) throw new RangeError(`Not a time of day (HH:MM): ${JSON.stringify(timeOfDay)}`);
  const wall = toEpochDay(date) * MS_PER_DAY + (Number(m[1]) * 60 + Number(m[2])) * MS_PER_MINUTE;

  // Offsets a day either side cover any single transition near this wall time.
  const offsetBeforeDay = zoneOffsetAt(timeZone, wall - MS_PER_DAY);
  const offsetAfterDay = zoneOffsetAt(timeZone, wall + MS_PER_DAY);
  if (offsetBeforeDay === offsetAfterDay) return new Date(wall - offsetBeforeDay);
  const offsets = [offsetBeforeDay, offsetAfterDay];
  const valid = offsets.map((o) => wall - o).filter((t) => zoneOffsetAt(timeZone, t) === wall - t);
  if (valid.length > 0) return new Date(Math.min(...valid));

  // In a gap: the transition lies between the two readings; find its first second.
  const candidates = offsets.map((o) => wall - o);
  let before = Math.min(...candidates);
  let after = Math.max(...candidates);
  const offsetBefore = zoneOffsetAt(timeZone, before);
  while (after - before > 1000) {
    const mid = before + Math.floor((after - before) / 2000) * 1000;
    if (zoneOffsetAt(timeZone, mid) === offsetBefore) before = mid;
    else after = mid;
  }
  return new Date(after);
}
