import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { createReminderHooks } from '../../main/reminders/hooks';
import type { BenchResult } from '../bench';
import { openBenchAccount } from './fixture';
import { germanCsv } from './import-read';

// The import pipeline end to end, in process on a real SQLite file with real reminder planning: a 100k-row
// German sheet previewed (read, mapped, every row validated as expenses.create would), committed (inserted and
// its reminders planned in one transaction), then the 100k subscriptions exported as CSV and as JSON. Each with
// the longest event-loop stall while it ran (ARCHITECTURE rule 8: ≤ 50 ms).

const ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? 100_000);
/** BENCH_WAL_AUTOCHECKPOINT=0: the writer never checkpoints at COMMIT (as with a checkpoint worker), to tell the commit's own cost from the checkpoint's. */
const AUTOCHECKPOINT = process.env.BENCH_WAL_AUTOCHECKPOINT;

/** A few turns of the loop on a timer: the histogram records the gap between two of its ticks, so a stall before its first tick or after its last would go unseen. */
const ticks = () => new Promise((resolve) => setTimeout(resolve, 5));

async function measured<T>(run: () => Promise<T>): Promise<{ value: T; ms: number; cpu: number; stall: number }> {
  const delay = monitorEventLoopDelay({ resolution: 1 });
  delay.enable();
  await ticks();
  const cpu0 = process.cpuUsage();
  const started = performance.now();
  const value = await run();
  const ms = performance.now() - started;
  const cpu = process.cpuUsage(cpu0);
  await ticks();
  delay.disable();
  return { value, ms, cpu: (cpu.user + cpu.system) / 1000, stall: delay.max / 1e6 };
}

export async function benchImports(): Promise<BenchResult[]> {
  const bench = await openBenchAccount({ rows: 0, now: '2026-12-03T09:00:00Z', reminders: (clock) => createReminderHooks(clock, () => {}) });
  const results: BenchResult[] = [];
  if (AUTOCHECKPOINT !== undefined) bench.database.sqlite.pragma(`wal_autocheckpoint = ${Number(AUTOCHECKPOINT)}`);
  const walNote = `wal_autocheckpoint ${String(bench.database.sqlite.pragma('wal_autocheckpoint', { simple: true }))}`;
  try {
    await bench.call('settings.update', { locale: 'de-DE', base_currency: 'EUR' });
    const bytes = germanCsv(ROWS);
    const rows = ROWS.toLocaleString('en-US');
    const preview = await measured(() => bench.call('imports.preview', { file: bytes, name: 'bench.csv' }));
    const p = preview.value.preview;
    if (p.valid_rows !== ROWS) throw new Error(`imports bench: ${p.valid_rows} valid rows of ${ROWS}: ${JSON.stringify(p.errors.slice(0, 3))}`);
    results.push({ name: `preview ${rows} CSV rows (${(bytes.length / 2 ** 20).toFixed(1)} MB): read, map, validate, duplicates`, value: preview.ms, cpu: preview.cpu, unit: 'ms', target: 2000 });
    results.push({ name: 'preview: longest event-loop stall', value: preview.stall, unit: 'ms', target: 50 });

    const commit = await measured(() => bench.call('imports.commit', { id: p.id }));
    if (commit.value.import.created !== ROWS) throw new Error(`imports bench: created ${commit.value.import.created}`);
    results.push({ name: `commit ${rows} rows: insert + plan reminders, one transaction`, value: commit.ms, cpu: commit.cpu, unit: 'ms', target: 2000 });
    results.push({ name: 'commit: longest event-loop stall', value: commit.stall, unit: 'ms', target: 50 });
    const planned = bench.database.sqlite.prepare('select count(*) as n from reminders').get() as { n: number };
    results[results.length - 2]!.note = `${planned.n.toLocaleString('en-US')} reminders planned; ${walNote}`;

    for (const format of ['csv', 'json'] as const) {
      const exported = await measured(() => bench.call('exports.subscriptions', { format }));
      const size = typeof exported.value.data === 'string' ? Buffer.byteLength(exported.value.data) : exported.value.data.length;
      results.push({ name: `export ${rows} subscriptions as ${format.toUpperCase()}`, value: exported.ms, cpu: exported.cpu, unit: 'ms', target: 1000, note: `${(size / 2 ** 20).toFixed(1)} MB` });
      results.push({ name: `export ${format.toUpperCase()}: longest event-loop stall`, value: exported.stall, unit: 'ms', target: 50 });
    }

    const undo = await measured(() => bench.call('imports.undo', { id: p.id }));
    results.push({ name: `undo the import (${undo.value.removed.toLocaleString('en-US')} rows)`, value: undo.ms, cpu: undo.cpu, unit: 'ms' });
    results.push({ name: 'undo: longest event-loop stall', value: undo.stall, unit: 'ms', target: 50 });
  } finally {
    await bench.close();
  }
  return results;
}
