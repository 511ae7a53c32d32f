import { performance } from 'node:perf_hooks';
import type { BenchResult } from '../bench';
import { openBenchAccount } from './fixture';

// The calendar file of 1,000 live subscriptions (the bench fixture's cycles, currencies and month-end anchors,
// every one active or on trial, a third with a notice period, so trial and last-day-to-cancel events are in it
// too): calendar.ics through the core's door, the database read included, as the feed serves it.

const ROWS = 1_000;
const RUNS = 30;
const WARMUP = 3;
const TARGET_MS = 200;

export async function benchCalendar(): Promise<BenchResult[]> {
  const account = await openBenchAccount({ rows: ROWS });
  try {
    account.database.sqlite.exec(`
      update expenses set status = 'active', cancelled_at = null where status in ('paused', 'cancelled');
      update expenses set deleted_at = null;
      update expenses set notice_period_days = 30 where id % 3 = 0;`);
    let events = 0;
    for (let i = 0; i < WARMUP; i++) await account.call('calendar.ics');
    const times: number[] = [];
    const cpu: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const cpu0 = process.cpuUsage();
      const started = performance.now();
      const file = (await account.call('calendar.ics')) as { data: string };
      times.push(performance.now() - started);
      const used = process.cpuUsage(cpu0);
      cpu.push((used.user + used.system) / 1000);
      events = file.data.split('BEGIN:VEVENT').length - 1;
    }
    const sorted = [...times].sort((a, b) => a - b);
    const median = (list: number[]) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)]!;
    return [
      {
        name: `calendar.ics of ${ROWS.toLocaleString('en-US')} subscriptions`,
        value: median(times),
        p95: sorted[Math.ceil(sorted.length * 0.95) - 1]!,
        cpu: median(cpu),
        runs: RUNS,
        unit: 'ms',
        target: TARGET_MS,
        note: `${events.toLocaleString('en-US')} events`,
      },
    ];
  } finally {
    await account.close();
  }
}
