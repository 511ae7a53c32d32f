import { describe, it, expect } from 'vitest';
import { addDays, todayIn } from '../../../common/domain/calendar-date';
import { isValidTimeOfDay, zonedTimeToInstant, zoneOffsetAt } from '../../../common/domain/zoned-time';

const at = (date: string, time: string, zone: string): string => zonedTimeToInstant(date, time, zone).toISOString();

describe('zonedTimeToInstant', () => {
  it('follows Berlin from winter time (UTC+1) to summer time (UTC+2)', () => {
    expect(at('2027-01-15', '09:00', 'Europe/Berlin')).toBe('2027-01-15T08:00:00.000Z');
    expect(at('2027-07-15', '09:00', 'Europe/Berlin')).toBe('2027-07-15T07:00:00.000Z');
  });

  it('answers a repeated question the same (it is remembered), and a changed Date handed out changes no later answer', () => {
    const first = zonedTimeToInstant('2027-03-28', '02:30', 'Europe/Berlin');
    first.setTime(0);
    expect(zonedTimeToInstant('2027-03-28', '02:30', 'Europe/Berlin').toISOString()).toBe('2027-03-28T01:00:00.000Z');
    expect(zonedTimeToInstant('2027-03-28', '02:30', 'America/New_York').toISOString()).toBe('2027-03-28T06:30:00.000Z');
    expect(() => zonedTimeToInstant('2027-03-28', '25:00', 'Europe/Berlin')).toThrow(RangeError);
    expect(() => zonedTimeToInstant('2027-03-28', '25:00', 'Europe/Berlin')).toThrow(RangeError);
  });

  it('moves 02:30 on the Berlin spring-forward day to 03:00, the first time that exists', () => {
    expect(at('2027-03-28', '02:30', 'Europe/Berlin')).toBe('2027-03-28T01:00:00.000Z');
    expect(at('2027-03-28', '02:00', 'Europe/Berlin')).toBe('2027-03-28T01:00:00.000Z');
    expect(at('2027-03-28', '01:59', 'Europe/Berlin')).toBe('2027-03-28T00:59:00.000Z');
    expect(at('2027-03-28', '03:00', 'Europe/Berlin')).toBe('2027-03-28T01:00:00.000Z');
  });

  it('takes the first of the two 02:30s on the Berlin fall-back day', () => {
    expect(at('2027-10-31', '02:30', 'Europe/Berlin')).toBe('2027-10-31T00:30:00.000Z');
    expect(at('2027-10-31', '03:00', 'Europe/Berlin')).toBe('2027-10-31T02:00:00.000Z');
  });

  it('handles the New York DST days the same way', () => {
    expect(at('2027-03-14', '02:30', 'America/New_York')).toBe('2027-03-14T07:00:00.000Z');
    expect(at('2027-11-07', '01:30', 'America/New_York')).toBe('2027-11-07T05:30:00.000Z');
    expect(at('2027-11-07', '09:00', 'America/New_York')).toBe('2027-11-07T14:00:00.000Z');
  });

  it('handles half-hour offsets and half-hour DST shifts', () => {
    expect(at('2027-06-01', '09:00', 'Asia/Kolkata')).toBe('2027-06-01T03:30:00.000Z');
    expect(at('2027-06-01', '09:00', 'Asia/Kathmandu')).toBe('2027-06-01T03:15:00.000Z');
    // Lord Howe springs forward 30 minutes, from 02:00 to 02:30.
    expect(at('2027-10-03', '02:10', 'Australia/Lord_Howe')).toBe('2027-10-02T15:30:00.000Z');
  });

  it('moves a time on a day a zone skipped entirely to the start of the next day', () => {
    // Samoa jumped from Dec 29 to Dec 31, 2011.
    expect(at('2011-12-30', '09:00', 'Pacific/Apia')).toBe('2011-12-30T10:00:00.000Z');
    expect(todayIn('Pacific/Apia', zonedTimeToInstant('2011-12-30', '09:00', 'Pacific/Apia'))).toBe('2011-12-31');
  });

  it('shows exactly the requested wall time on every day of 2027 in DST and non-DST zones', () => {
    const zones = ['Europe/Berlin', 'America/New_York', 'Pacific/Auckland', 'America/Sao_Paulo', 'Australia/Adelaide', 'UTC'];
    for (const zone of zones) {
      for (let day = '2027-01-01'; day < '2028-01-01'; day = addDays(day, 1)) {
        const instant = zonedTimeToInstant(day, '09:15', zone);
        const wall = new Date(instant.getTime() + zoneOffsetAt(zone, instant.getTime()));
        if (wall.toISOString() !== `${day}T09:15:00.000Z`) throw new Error(`${zone} ${day}: ${instant.toISOString()}`);
      }
    }
    expect(zoneOffsetAt('Pacific/Auckland', Date.UTC(2027, 0, 1))).toBe(13 * 3_600_000);
  });

  it('converts the first and last days of the calendar right, reading 1 BC as the year before 0001', () => {
    // Before 1893 Berlin kept local mean time, UTC+00:53:28; the probe a day earlier falls in 1 BC.
    expect(at('0001-01-01', '09:00', 'Europe/Berlin')).toBe('0001-01-01T08:06:32.000Z');
    expect(zoneOffsetAt('UTC', Date.parse('0000-12-31T12:00:00Z'))).toBe(0);
    expect(zoneOffsetAt('Europe/Berlin', Date.parse('0000-06-30T12:00:00Z'))).toBe(3208_000);
    expect(at('1899-12-31', '09:00', 'America/New_York')).toBe('1899-12-31T14:00:00.000Z');
    expect(at('9999-12-31', '09:00', 'Pacific/Kiritimati')).toBe('9999-12-30T19:00:00.000Z');
    expect(at('9999-12-31', '23:00', 'Etc/GMT+12')).toBe('+010000-01-01T11:00:00.000Z');
  });

  it('refuses malformed times and unknown zones', () => {
    for (const t of ['9:00', '24:00', '12:60', '12:00:00', 'noon']) {
      expect(isValidTimeOfDay(t), t).toBe(false);
      expect(() => zonedTimeToInstant('2027-01-01', t, 'UTC')).toThrow(RangeError);
    }
    expect(isValidTimeOfDay('23:59')).toBe(true);
    expect(() => zonedTimeToInstant('2027-01-01', '09:00', 'Nowhere/Town')).toThrow(RangeError);
  });
});
