import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../common/errors';
import { guessMapping, mappingProblem } from '../../../main/services/import/mapping';
import { readSource } from '../../../main/services/import/source';
import { MAX_IMPORT_BYTES, type ReadChoices } from '../../../main/services/import/types';

const FIXTURES = path.resolve(__dirname, '../../fixtures/import');
const detect: ReadChoices = { encoding: null, separator: null };
const utf8 = (text: string) => new TextEncoder().encode(text);

async function refusal(bytes: Uint8Array, choices: ReadChoices = detect): Promise<{ code: string; message: string }> {
  try {
    await readSource(bytes, choices);
  } catch (error) {
    if (error instanceof AppError) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error('the file was read');
}

/** A 200-row semicolon file with decimal commas, as a German spreadsheet saves it. */
function semicolonFile(rows = 200): string {
  const lines = ['Name;Betrag;Currency;Cycle;Next renewal;Category'];
  for (let i = 1; i <= rows; i++) lines.push(`Tool ${i};"1.${String(i).padStart(3, '0')},50";EUR;Monthly;${String((i % 28) + 1).padStart(2, '0')}.03.2027;Software`);
  return lines.join('\r\n');
}

describe('reading CSV files', () => {
  it('reads a 200-row semicolon file with decimal commas, rows numbered as a spreadsheet does', async () => {
    const table = await readSource(utf8(semicolonFile()), detect);
    expect(table).toMatchObject({ format: 'csv', encoding: 'utf-8', separator: ';' });
    expect(table.rows).toHaveLength(200);
    expect(table.rows[0]).toEqual({ row: 2, cells: ['Tool 1', '1.001,50', 'EUR', 'Monthly', '02.03.2027', 'Software'] });
    expect(table.rows.at(-1)!.row).toBe(201);
  });

  it('strips a UTF-8 BOM from the first header and detects tabs', async () => {
    const table = await readSource(utf8('\uFEFFName\tAmount\nSlack\t8.75\n'), detect);
    expect(table.separator).toBe('\t');
    expect(table.headers).toEqual(['Name', 'Amount']);
  });

  it('reads Windows-1252 bytes (invalid UTF-8) as Windows-1252: "Café" and "€" survive', async () => {
    const bytes = new Uint8Array([...utf8('Name,Amount\nCaf'), 0xe9, ...utf8(','), 0x80, ...utf8('5\n')]);
    const table = await readSource(bytes, detect);
    expect(table.encoding).toBe('windows-1252');
    expect(table.rows[0]!.cells).toEqual(['Café', '€5']);
  });

  it('keeps a quoted cell with embedded newlines as one cell, and numbers the next row by records', async () => {
    const table = await readSource(utf8('Name,Notes\n"Figma","line one\nline two"\nSlack,x\n'), detect);
    expect(table.rows).toEqual([
      { row: 2, cells: ['Figma', 'line one\nline two'] },
      { row: 3, cells: ['Slack', 'x'] },
    ]);
  });

  it('reads formula cells as plain text, never evaluated', async () => {
    const table = await readSource(utf8('Name,Amount\n"=cmd|\' /C calc\'!A0",5\n'), detect);
    expect(table.rows[0]!.cells[0]).toBe("=cmd|' /C calc'!A0");
  });

  it('recognises Wallos’s CSV export and maps every key', async () => {
    const table = await readSource(fs.readFileSync(path.join(FIXTURES, 'wallos-export.csv')), detect);
    expect(table.format).toBe('wallos-csv');
    const mapping = guessMapping(table);
    expect(mapping).toMatchObject({ name: 0, billing_cycle: 1, renewal_date: 2, auto_renew: 3, category: 4, payment_method: 5, owner: 6, amount: 7, description: 8, url: 9, status: 10, reminders_enabled: 11, last_day_to_cancel: 12 });
  });
});

describe('reading JSON files', () => {
  it('recognises Wallos’s JSON export', async () => {
    const table = await readSource(fs.readFileSync(path.join(FIXTURES, 'wallos-export.json')), detect);
    expect(table.format).toBe('wallos-json');
    expect(table.headers).toContain('Payment Cycle');
    expect(table.rows[1]).toMatchObject({ row: 2 });
    expect(table.rows[1]!.cells[table.headers.indexOf('Cancellation Date')]).toBe('');
  });

  it('reads this app’s JSON export with the field names as headers', async () => {
    const json = { format: 'spend-manager/subscriptions', version: 1, subscriptions: [{ name: 'Figma', amount: 12.5, billing_cycle: { unit: 'month', every: 3 }, reminder_days: [14, 7], auto_renew: false, url: null }] };
    const table = await readSource(utf8(JSON.stringify(json)), detect);
    expect(table.format).toBe('spend-manager-json');
    expect(table.rows[0]!.cells).toEqual(['Figma', '12.5', 'every 3 months', '14, 7', 'false', '']);
    expect(guessMapping(table)).toMatchObject({ name: 0, amount: 1, billing_cycle: 2, reminder_days: 3, auto_renew: 4, url: 5 });
  });
});

describe('bad files, each refused in words', () => {
  it('an empty file', async () => {
    expect(await refusal(new Uint8Array())).toEqual({ code: 'validation', message: 'The file is empty: it has no header and no rows.' });
    expect((await refusal(utf8(' \n\n'))).message).toMatch(/empty/);
  });

  it('a header without rows', async () => {
    expect((await refusal(utf8('Name,Amount\n'))).message).toBe("The file has a header ('Name', 'Amount') but no rows below it.");
  });

  it('no recognisable column: mappingProblem names what it found', async () => {
    const table = await readSource(utf8('foo,bar\n1,2\n'), detect);
    expect(mappingProblem(table, guessMapping(table))).toBe("No column is recognisable as a name or an amount: found 'foo', 'bar'. Choose which column holds what.");
  });

  it('the wrong separator chosen', async () => {
    expect((await refusal(utf8('Name,Amount\nSlack,5\n'), { encoding: null, separator: ';' })).message).toBe("The header line has no semicolon ';' but has the comma ',': choose the comma ',' as the separator.");
  });

  it('binary bytes, and a spreadsheet workbook', async () => {
    expect((await refusal(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 13]))).message).toMatch(/^This is not a text file/);
    expect((await refusal(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 20, 0]))).message).toMatch(/spreadsheet workbook/);
  });

  it('a file of 50 MB + 1 byte is refused before parsing, with "50 MB" in the message', async () => {
    const bytes = new Uint8Array(MAX_IMPORT_BYTES + 1);
    const started = performance.now();
    const { code, message } = await refusal(bytes);
    expect(performance.now() - started).toBeLessThan(50);
    expect(code).toBe('payload_too_large');
    expect(message).toContain('50 MB');
  });

  it('an unbalanced quote names the row it opens in', async () => {
    const { message } = await refusal(utf8('Name,Amount\nSlack,5\n"Figma,12\nZoom,3\n'));
    expect(message).toMatch(/^Row 3: a quoted cell is never closed/);
  });

  it('10,000 columns', async () => {
    const header = Array.from({ length: 10_000 }, (_, i) => `c${i}`).join(',');
    expect((await refusal(utf8(`${header}\n1\n`))).message).toBe('The file has 10,000 columns; an import reads at most 200.');
  });

  it('a JSON that is not Wallos’s, and one that is not JSON', async () => {
    expect((await refusal(utf8('{"users":[{"id":1}]}'))).message).toMatch(/^This JSON is neither a Wallos export/);
    expect((await refusal(utf8('[{"id":1}]'))).message).toMatch(/^This JSON is neither a Wallos export/);
    expect((await refusal(utf8('{"a":'))).message).toMatch(/^The file starts like JSON but is not valid JSON/);
  });

  it('more than 200,000 rows is refused with the limit in words', async () => {
    const text = `Name,Amount\n${'A,1\n'.repeat(200_001)}`;
    expect(await refusal(utf8(text))).toEqual({ code: 'payload_too_large', message: 'The file has more than 200,000 rows, the most an import reads: split it into smaller files.' });
  });

  it('UTF-8 chosen for a file that is not UTF-8 says to choose Windows-1252', async () => {
    const bytes = new Uint8Array([...utf8('Name,Amount\nCaf'), 0xe9, ...utf8(',5\n')]);
    expect((await refusal(bytes, { encoding: 'utf-8', separator: null })).message).toMatch(/^This file is not valid UTF-8: choose Windows-1252/);
    expect((await readSource(bytes, { encoding: 'windows-1252', separator: null })).rows[0]!.cells[0]).toBe('Café');
  });
});

describe('responsiveness', () => {
  it('gives the event loop turns while reading a large file (a timer fires before the read ends)', async () => {
    const text = `Name;Amount;Notes\n${Array.from({ length: 40_000 }, (_, i) => `Tool ${i};"${i},50";"a; b"`).join('\n')}`;
    let ticks = 0;
    const timer = setInterval(() => (ticks += 1), 1);
    try {
      const table = await readSource(utf8(text), detect);
      expect(table.rows).toHaveLength(40_000);
    } finally {
      clearInterval(timer);
    }
    expect(ticks).toBeGreaterThan(1);
  });
});

