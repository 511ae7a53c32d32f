import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { createTimeSlice } from '../../main/jobs/chunks';
import { detectDateOrder, guessMapping } from '../../main/services/import/mapping';
import { createRowReader } from '../../main/services/import/row';
import { readSource } from '../../main/services/import/source';
import type { BenchResult } from '../bench';

// Reading an import file: 100k CSV rows (semicolons, decimal commas, quoted cells) through readSource,
// guessMapping and readRow, as the preview does, with the longest event-loop stall while it runs.

const ROWS = 100_000;

/** A sheet as a German spreadsheet saves it: semicolons, decimal commas, DD.MM.YYYY, a quoted separator. */
export function germanCsv(rows: number): Uint8Array {
  const lines = ['Name;Amount;Currency;Billing cycle;Next renewal;Category;Notes'];
  for (let i = 0; i < rows; i++) {
    lines.push(`Tool ${i};"${1 + (i % 900)},${String(i % 100).padStart(2, '0')}";EUR;Every ${1 + (i % 3)} months;${String((i % 28) + 1).padStart(2, '0')}.0${1 + (i % 9)}.2027;Software;"a note; with a separator"`);
  }
  return new TextEncoder().encode(lines.join('\r\n'));
}

export async function benchImportRead(): Promise<BenchResult[]> {
  const bytes = germanCsv(ROWS);
  const delay = monitorEventLoopDelay({ resolution: 1 });
  delay.enable();
  const cpu0 = process.cpuUsage();
  const started = performance.now();
  const table = await readSource(bytes, { encoding: null, separator: null });
  const read = performance.now();
  const readCpu = process.cpuUsage(cpu0);
  const mapping = guessMapping(table);
  const order = detectDateOrder(table, mapping);
  const slice = createTimeSlice();
  const readRow = createRowReader(table, mapping, { locale: 'de-DE', baseCurrency: 'EUR', dateOrder: order === 'ambiguous' ? 'dmy' : order, today: '2027-01-01' });
  let errors = 0;
  for (const row of table.rows) {
    const reading = readRow(row);
    errors += reading.errors.length;
    await slice.pause();
  }
  const ended = performance.now();
  const allCpu = process.cpuUsage(cpu0);
  delay.disable();
  if (table.rows.length !== ROWS || errors !== 0) throw new Error(`import-read: ${table.rows.length} rows, ${errors} errors`);
  const mb = (bytes.length / 2 ** 20).toFixed(1);
  return [
    { name: `read ${ROWS.toLocaleString('en-US')} CSV rows (${mb} MB)`, value: read - started, unit: 'ms', target: 1000, cpu: (readCpu.user + readCpu.system) / 1000 },
    { name: 'read + map + readRow', value: ended - started, unit: 'ms', target: 2000, cpu: (allCpu.user + allCpu.system) / 1000 },
    { name: 'longest event-loop stall', value: delay.max / 1e6, unit: 'ms', target: 50 },
  ];
}
