// `npm run bench [suite...]`: each suite (scripts/bench/*.ts) returns its measurements, printed as one
// table; a result over its target is marked and makes the run exit non-zero. Add a suite with one line below.
import os from 'node:os';
import { benchAggregates } from './bench/aggregates';
import { benchCalendar } from './bench/calendar';
import { benchCatchUp } from './bench/catchup';
import { benchDialects } from './bench/dialects';
import { benchImportRead } from './bench/import-read';
import { benchImports } from './bench/imports';
import { benchLoad } from './bench/load';
import { benchRace } from './bench/race';
import { benchReminders } from './bench/reminders';
import { benchSubscriptions } from './bench/subscriptions';
import { benchUi } from './bench/ui';

export interface BenchResult {
  name: string;
  /** The median when `runs` is set. */
  value: number;
  unit: string;
  /** Upper bound (lower is better); omitted for figures that are only reported. */
  target?: number;
  /** 95th percentile, for repeated measurements. */
  p95?: number;
  /** 99th percentile, where the tail matters (load). */
  p99?: number;
  /** Median CPU time of this process (user + system): less swayed than wall time by other busy processes. */
  cpu?: number;
  runs?: number;
  note?: string;
}

const suites: [name: string, run: () => Promise<BenchResult[]>][] = [
  ['subscriptions', benchSubscriptions],
  ['reminders', benchReminders],
  ['load', benchLoad],
  ['catchup', benchCatchUp],
  ['race', benchRace],
  ['dialects', benchDialects],
  ['ui', benchUi],
  ['import-read', benchImportRead],
  ['imports', benchImports],
  ['calendar', benchCalendar],
  ['aggregates', benchAggregates],
];

const format = (n: number | undefined): string => (n === undefined ? '' : n.toFixed(n < 10 ? 3 : 1));

function printTable(rows: string[][]): void {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  const line = (r: string[]) => r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ');
  console.log(line(rows[0]!));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows.slice(1)) console.log(line(r));
}

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  let failed = 0;
  for (const [suite, run] of suites) {
    if (only.length > 0 && !only.includes(suite)) continue;
    console.log(`\n${suite}`);
    const results = await run();
    // maxRSS is the process's high-water mark: for the second suite of a run it covers the first too.
    results.push({ name: 'peak RSS of the bench process (in-process work; spawned servers report their own)', value: process.resourceUsage().maxRSS / 1024, unit: 'MB', note: only.length === 1 ? 'this suite alone' : 'this suite and the ones before it in this run' });
    const rows = [['measurement', 'median', 'p95', 'p99', 'cpu', 'runs', 'unit', 'target', '']];
    const notes: string[] = [];
    for (const r of results) {
      const over = r.target !== undefined && r.value > r.target;
      if (over) failed += 1;
      rows.push([r.name, format(r.value), format(r.p95), format(r.p99), format(r.cpu), r.runs ? String(r.runs) : '', r.unit, r.target === undefined ? '' : `≤ ${r.target}`, r.target === undefined ? '' : over ? '✗' : '✓']);
      if (r.note) notes.push(`  ${r.name}: ${r.note}`);
    }
    printTable(rows);
    if (notes.length > 0) console.log(`\n${notes.join('\n')}`);
  }
  const [load] = os.loadavg();
  console.log(`\nmedian and p95 are wall time; load average ${load!.toFixed(1)} on ${os.cpus().length} CPUs while measuring`);
  console.log(failed === 0 ? '\nall targets met' : `\n${failed} target(s) missed`);
  process.exit(failed === 0 ? 0 : 1);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
