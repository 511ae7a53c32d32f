import { CsvError, Parser } from 'csv-parse';
import { sizeText } from '../../../common/contract/files';
import { AppError } from '../../../common/errors';
import { createTimeSlice } from '../../jobs/chunks';
import {
  MAX_IMPORT_BYTES,
  MAX_IMPORT_COLUMNS,
  MAX_IMPORT_ROWS,
  type ReadChoices,
  type Separator,
  type SourceEncoding,
  type SourceFormat,
  type SourceRow,
  type SourceTable,
} from './types';

// Bytes → a table of text cells (no meaning yet: mapping.ts and row.ts give it one). Limits come first, so a
// file too large is refused before a byte of it is decoded; the decode and the CSV parse run in slices that
// give the event loop back (a 50 MB file must not freeze the window).

export interface Slice {
  pause(): Promise<void>;
}

/** Keys of Wallos's export (endpoints/subscriptions/export.php builds them; its JSON and CSV share them). */
export const WALLOS_KEYS = [
  'Name',
  'Payment Cycle',
  'Next Payment',
  'Renewal',
  'Category',
  'Payment Method',
  'Paid By',
  'Price',
  'Notes',
  'URL',
  'State',
  'Notifications',
  'Cancellation Date',
  'Active',
] as const;

export const SPEND_MANAGER_JSON_FORMAT = 'spend-manager/subscriptions';

const DECODE_CHUNK = 1024 * 1024;
// About 5 ms of csv-parse on a busy machine.
const PARSE_CHUNK = 32 * 1024;

/** A refusal of the file, named under the input field it concerns (the file itself unless a chosen option is wrong). */
const invalid = (message: string, field: 'file' | 'encoding' | 'separator' = 'file') => new AppError('validation', message, { [field]: message });

function refuseBinary(bytes: Uint8Array): void {
  if (bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) {
    throw invalid('This is not a text file: it looks like a spreadsheet workbook (.xlsx or .ods). Save it as CSV (UTF-8) and import that.');
  }
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    throw invalid('This file is in UTF-16, which an import does not read: save it as CSV UTF-8 and import that.');
  }
  const sample = bytes.subarray(0, 8192);
  let control = 0;
  for (const b of sample) {
    if (b === 0) throw invalid('This is not a text file (it has NUL bytes, like an image or a program): choose a CSV or JSON file.');
    if (b < 9 || (b > 13 && b < 32)) control += 1;
  }
  if (control > sample.length / 10) throw invalid('This is not a text file (most of it is not text): choose a CSV or JSON file.');
}

async function decode(bytes: Uint8Array, chosen: SourceEncoding | null, slice: Slice): Promise<{ text: string; encoding: SourceEncoding }> {
  let start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  const tryDecode = async (encoding: SourceEncoding): Promise<string | null> => {
    const decoder = new TextDecoder(encoding, { fatal: encoding === 'utf-8' });
    const parts: string[] = [];
    try {
      for (let at = start; at < bytes.length; at += DECODE_CHUNK) {
        parts.push(decoder.decode(bytes.subarray(at, Math.min(bytes.length, at + DECODE_CHUNK)), { stream: true }));
        await slice.pause();
      }
      parts.push(decoder.decode());
    } catch {
      return null;
    }
    return parts.join('');
  };
  if (chosen === 'windows-1252') {
    start = 0;
    return { text: (await tryDecode('windows-1252'))!, encoding: 'windows-1252' };
  }
  const utf8 = await tryDecode('utf-8');
  if (utf8 !== null) return { text: utf8, encoding: 'utf-8' };
  if (chosen === 'utf-8') throw invalid('This file is not valid UTF-8: choose Windows-1252 as its encoding, or save it as CSV UTF-8.', 'encoding');
  start = 0;
  return { text: (await tryDecode('windows-1252'))!, encoding: 'windows-1252' };
}

/** The header line (up to the first newline outside quotes). */
function headerLine(text: string): string {
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') quoted = !quoted;
    else if (!quoted && (c === '\n' || c === '\r')) return text.slice(0, i);
  }
  return text;
}

function countOutsideQuotes(line: string): Record<Separator, number> {
  const counts: Record<Separator, number> = { ',': 0, ';': 0, '\t': 0 };
  let quoted = false;
  for (const c of line) {
    if (c === '"') quoted = !quoted;
    else if (!quoted && (c === ',' || c === ';' || c === '\t')) counts[c] += 1;
  }
  return counts;
}

const SEPARATOR_NAMES: Record<Separator, string> = { ',': "comma ','", ';': "semicolon ';'", '\t': 'tab' };

function chooseSeparator(line: string, chosen: Separator | null): Separator {
  const counts = countOutsideQuotes(line);
  if (chosen !== null) {
    const other = (Object.keys(counts) as Separator[]).find((s) => s !== chosen && counts[s] > 0);
    if (counts[chosen] === 0 && other) {
      throw invalid(`The header line has no ${SEPARATOR_NAMES[chosen]} but has the ${SEPARATOR_NAMES[other]}: choose the ${SEPARATOR_NAMES[other]} as the separator.`, 'separator');
    }
    return chosen;
  }
  let best: Separator = ',';
  for (const s of [';', '\t'] as const) if (counts[s] > counts[best]) best = s;
  return best;
}

/** `row`: the record being read when it failed (the header is row 1). */
function csvProblem(error: unknown, row: number): AppError {
  if (error instanceof CsvError) {
    if (error.code === 'CSV_QUOTE_NOT_CLOSED') return invalid(`Row ${row}: a quoted cell is never closed (a '"' opens it and no '"' ends it), so the rest of the file would be one cell. Check the quotes in that row.`);
    if (error.code === 'CSV_INVALID_CLOSING_QUOTE') return invalid(`Row ${row}: a quoted cell has text after its closing '"'. Check the quotes in that row.`);
    return invalid(`Row ${row}: the file cannot be read as CSV (${error.message}).`);
  }
  return error instanceof AppError ? error : invalid('The file cannot be read as CSV.');
}

async function readCsv(text: string, encoding: SourceEncoding, chosen: Separator | null, slice: Slice): Promise<SourceTable> {
  const header = headerLine(text);
  if (text.trim() === '') throw invalid('The file is empty: it has no header and no rows.');
  const separator = chooseSeparator(header, chosen);
  const columns = countOutsideQuotes(header)[separator] + 1;
  if (columns > MAX_IMPORT_COLUMNS) {
    throw invalid(`The file has ${columns.toLocaleString('en-US')} columns; an import reads at most ${MAX_IMPORT_COLUMNS}.`);
  }
  // Rows are built as records arrive (a copy of 100k records at the end would be one long turn).
  let headers: string[] | null = null;
  let records = 0;
  const rows: SourceRow[] = [];
  const parser = new Parser({ delimiter: separator, relax_quotes: true, relax_column_count: true, skip_empty_lines: false });
  let failure: unknown = null;
  parser.on('data', (record: string[]) => {
    records += 1;
    if (headers === null) headers = record;
    else if (record.some((c) => c.trim() !== '')) rows.push({ row: records, cells: record });
    if (records > MAX_IMPORT_ROWS + 1 && failure === null) {
      failure = new AppError('payload_too_large', `The file has more than ${MAX_IMPORT_ROWS.toLocaleString('en-US')} rows, the most an import reads: split it into smaller files.`);
      parser.destroy();
    }
  });
  const ended = new Promise<void>((resolve) => {
    parser.on('end', resolve);
    parser.on('close', resolve);
    parser.on('error', (error) => {
      failure ??= error;
      resolve();
    });
  });
  for (let at = 0; at < text.length && failure === null; at += PARSE_CHUNK) {
    await new Promise<void>((resolve) => parser.write(text.slice(at, at + PARSE_CHUNK), () => resolve()));
    await slice.pause();
  }
  if (failure === null) parser.end();
  await ended;
  if (failure !== null) throw csvProblem(failure, records + 1);
  const found: string[] = headers ?? [];
  if (rows.length === 0) throw invalid(`The file has a header (${found.slice(0, 5).map((h) => `'${h}'`).join(', ')}) but no rows below it.`);
  const trimmed = found.map((h) => h.trim());
  const wallos = WALLOS_KEYS.filter((k) => trimmed.includes(k)).length >= 8 && trimmed.includes('Price');
  return { format: wallos ? 'wallos-csv' : 'csv', encoding, separator, headers: trimmed, rows };
}

/** A JSON value as the text of a cell, in forms row.ts reads back. */
function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.length === 0 ? 'none' : value.map(cellText).join(', ');
  if (typeof value === 'object') {
    const { unit, every } = value as { unit?: unknown; every?: unknown };
    if (typeof unit === 'string' && typeof every === 'number') return `every ${every} ${unit}${every === 1 ? '' : 's'}`;
  }
  return JSON.stringify(value);
}

function tableOfObjects(items: unknown[], format: SourceFormat): SourceTable {
  const headers: string[] = [];
  const seen = new Set<string>();
  for (const item of items) {
    for (const key of Object.keys(item as object)) {
      if (!seen.has(key)) {
        seen.add(key);
        headers.push(key);
      }
    }
  }
  if (headers.length > MAX_IMPORT_COLUMNS) throw invalid(`The file has ${headers.length.toLocaleString('en-US')} keys; an import reads at most ${MAX_IMPORT_COLUMNS}.`);
  const rows = items.map((item, i) => ({ row: i + 1, cells: headers.map((h) => cellText((item as Record<string, unknown>)[h])) }));
  return { format, encoding: 'utf-8', separator: null, headers, rows };
}

function readJson(text: string, encoding: SourceEncoding): SourceTable {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw invalid(`The file starts like JSON but is not valid JSON (${error instanceof Error ? error.message : 'unreadable'}).`);
  }
  const isObjects = (v: unknown): v is object[] => Array.isArray(v) && v.every((x) => typeof x === 'object' && x !== null && !Array.isArray(x));
  const neither = 'This JSON is neither a Wallos export (a list of subscriptions with Name, Price and Payment Cycle) nor this app’s export (format "spend-manager/subscriptions").';
  let table: SourceTable;
  if (typeof value === 'object' && value !== null && !Array.isArray(value) && (value as { format?: unknown }).format === SPEND_MANAGER_JSON_FORMAT) {
    const { version, subscriptions } = value as { version?: unknown; subscriptions?: unknown };
    if (version !== 1) throw invalid(`This app’s export is version ${String(version)}; this version reads version 1 only.`);
    if (!isObjects(subscriptions)) throw invalid('This app’s export has no list of subscriptions.');
    table = tableOfObjects(subscriptions, 'spend-manager-json');
  } else {
    // Wallos's download is the list itself; its endpoint's answer wraps it in { success, subscriptions }.
    const list = Array.isArray(value) ? value : (value as { subscriptions?: unknown } | null)?.subscriptions;
    if (!isObjects(list)) throw invalid(neither);
    const wallos = list.length > 0 && list.every((x) => 'Name' in x && 'Price' in x && ('Payment Cycle' in x || 'Next Payment' in x));
    if (!wallos) throw invalid(neither);
    table = tableOfObjects(list, 'wallos-json');
  }
  if (table.rows.length > MAX_IMPORT_ROWS) {
    throw new AppError('payload_too_large', `The file has more than ${MAX_IMPORT_ROWS.toLocaleString('en-US')} subscriptions, the most an import reads.`);
  }
  if (table.rows.length === 0) throw invalid('The file has no subscriptions in it.');
  return { ...table, encoding };
}

/** Reads an import file into rows of text cells; errors are AppErrors in words. */
export async function readSource(bytes: Uint8Array, choices: ReadChoices, slice: Slice = createTimeSlice()): Promise<SourceTable> {
  if (bytes.length > MAX_IMPORT_BYTES) {
    throw new AppError('payload_too_large', `The file is ${sizeText(bytes.length)}, above the ${sizeText(MAX_IMPORT_BYTES)} an import reads: split it into smaller files.`);
  }
  if (bytes.length === 0) throw invalid('The file is empty: it has no header and no rows.');
  refuseBinary(bytes);
  const { text, encoding } = await decode(bytes, choices.encoding, slice);
  const first = text.trimStart()[0];
  if (first === '[' || first === '{') return readJson(text, encoding);
  return readCsv(text, encoding, choices.separator, slice);
}
