import { describe, it, expect } from 'vitest';
import {
  addDays,
  compareDates,
  diffDays,
  fromEpochDay,
  isValidIsoDate,
  isValidTimeZone,
  parseIsoDate,
  toEpochDay,
  todayIn,
} from '../../../common/domain/calendar-date';

describe('isValidIsoDate', () => {
  it('accepts Feb 29 only in leap years (2028, 2000) and refuses it in 2027 and 2100', () => {
    expect(isValidIsoDate('2027-02-29')).toBe(false);
    expect(isValidIsoDate('2028-02-29')).toBe(true);
    expect(isValidIsoDate('2000-02-29')).toBe(true);
    expect(isValidIsoDate('2100-02-29')).toBe(false);
  });

  it('refuses days past the end of the month and impossible months', () => {
    expect(isValidIsoDate('2027-04-31')).toBe(false);
    expect(isValidIsoDate('2027-13-01')).toBe(false);
    expect(isValidIsoDate('2027-00-10')).toBe(false);
    expect(isValidIsoDate('2027-01-00')).toBe(false);
    expect(isValidIsoDate('2027-12-31')).toBe(true);
  });

  it('refuses anything that is not exactly YYYY-MM-DD', () => {
    for (const s of ['2027-2-3', '27-02-03', '2027-02-03T00:00:00Z', ' 2027-02-03', '2027/02/03', '', '0000-01-01']) {
      expect(isValidIsoDate(s)).toBe(false);
    }
    expect(isValidIsoDate(20270203)).toBe(false);
  });
});

describe('parseIsoDate', () => {
  it('splits a date into numeric parts and returns null for an invalid one', () => {
    expect(parseIsoDate('2028-02-29')).toEqual({ year: 2028, month: 2, day: 29 });
    expect(parseIsoDate('2027-02-29')).toBeNull();
  });
});

describe('day arithmetic', () => {
  it('steps into Feb 29 in a leap year and straight to Mar 1 otherwise', () => {
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2027-02-28', 1)).toBe('2027-03-01');
  });

  it('crosses year ends in both directions', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2027-01-01', -1)).toBe('2026-12-31');
    expect(addDays('2026-11-25', 365)).toBe('2027-11-25');
  });

  it('counts a DST-change day as exactly one day, unlike local Date arithmetic', () => {
    expect(diffDays('2027-03-29', '2027-03-28')).toBe(1);
    expect(diffDays('2027-11-08', '2027-11-07')).toBe(1);
  });

  it('counts 366 days in a leap year and 365 otherwise', () => {
    expect(diffDays('2029-01-01', '2028-01-01')).toBe(366);
    expect(diffDays('2028-01-01', '2027-01-01')).toBe(365);
    expect(diffDays('2027-01-01', '2028-01-01')).toBe(-365);
  });

  it('agrees with the proleptic Gregorian calendar for every day from 1600 to 2400', () => {
    const start = Date.UTC(1600, 0, 1) / 86_400_000;
    const end = Date.UTC(2400, 11, 31) / 86_400_000;
    for (let day = start; day <= end; day += 1) {
      const iso = new Date(day * 86_400_000).toISOString().slice(0, 10);
      if (fromEpochDay(day) !== iso || toEpochDay(iso) !== day) {
        throw new Error(`mismatch at ${iso}`);
      }
    }
    expect(toEpochDay('1970-01-01')).toBe(0);
  });

  it('orders dates chronologically', () => {
    expect(compareDates('2027-01-31', '2027-02-01')).toBe(-1);
    expect(compareDates('2027-02-01', '2027-02-01')).toBe(0);
    expect(compareDates('2028-01-01', '2027-12-31')).toBe(1);
  });
});

describe('todayIn', () => {
  it('gives each zone its own date at the same instant around New Year', () => {
    const instant = new Date('2026-12-31T11:30:00Z');
    expect(todayIn('Pacific/Auckland', instant)).toBe('2027-01-01');
    expect(todayIn('UTC', instant)).toBe('2026-12-31');
    expect(todayIn('America/Sao_Paulo', instant)).toBe('2026-12-31');
  });

  it('keeps Sao Paulo on the previous day after UTC midnight', () => {
    const instant = new Date('2027-01-01T02:00:00Z');
    expect(todayIn('America/Sao_Paulo', instant)).toBe('2026-12-31');
    expect(todayIn('UTC', instant)).toBe('2027-01-01');
  });

  it('refuses an unknown time zone instead of silently using the machine zone', () => {
    expect(() => todayIn('Mars/Olympus_Mons', new Date())).toThrow(RangeError);
    expect(isValidTimeZone('Mars/Olympus_Mons')).toBe(false);
    expect(isValidTimeZone('Europe/Berlin')).toBe(true);
  });
});
