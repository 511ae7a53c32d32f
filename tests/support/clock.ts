import type { Clock } from '../../main/ports';

export interface TestClock extends Clock {
  set(iso: string | Date): void;
  advance(ms: number): void;
}

/** A clock the test moves by hand; time zone fixed so results do not depend on the machine. */
export function testClock(start: string | Date = '2026-03-10T09:00:00Z', timeZone = 'UTC'): TestClock {
  let now = new Date(start).getTime();
  return {
    now: () => new Date(now),
    timeZone: () => timeZone,
    set(iso) {
      now = new Date(iso).getTime();
    },
    advance(ms) {
      now += ms;
    },
  };
}
