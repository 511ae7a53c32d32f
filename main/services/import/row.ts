import { normalizeAmountText } from '../../../common/domain/amount-text';
import type { BillingCycle, CycleUnit } from '../../../common/domain/billing-cycles';
import { diffDays, formatIsoDate, isValidIsoDate, type IsoDate } from '../../../common/domain/calendar-date';
import { isCurrencyCode } from '../../../common/domain/currencies';
import type { ExpenseStatus } from '../../../common/contract/expenses';
import {
  EXPORT_COLUMNS,
  type CellProblem,
  type ColumnMapping,
  type DateOrder,
  type ImportField,
  type ImportInput,
  type RowContext,
  type RowReading,
  type SourceRow,
  type SourceTable,
} from './types';

// One row of text cells → the values expenses.create takes. Every problem names its row and column header.

type Read<T> = { ok: true; value: T; warning?: string } | { ok: false; message: string };
const ok = <T>(value: T, warning?: string): Read<T> => (warning ? { ok: true, value, warning } : { ok: true, value });
const bad = <T>(message: string): Read<T> => ({ ok: false, message });

const quoteCell = (text: string) => `'${text.length > 60 ? `${text.slice(0, 57)}…` : text}'`;

// Symbols as Wallos's currency list writes them (longest first, so "R$" is not read as "R").
const SYMBOLS: ReadonlyArray<[symbol: string, codes: string[]]> = (
  [
    ['US$', ['USD']],
    ['CA$', ['CAD']],
    ['AU$', ['AUD']],
    ['Mex$', ['MXN']],
    ['HK$', ['HKD']],
    ['NZ$', ['NZD']],
    ['NT$', ['TWD']],
    ['R$', ['BRL']],
    ['S$', ['SGD']],
    ['A$', ['AUD']],
    ['C$', ['CAD']],
    ['$', ['USD', 'CAD', 'AUD', 'NZD', 'SGD', 'HKD', 'MXN', 'TWD']],
    ['€', ['EUR']],
    ['£', ['GBP']],
    ['¥', ['JPY', 'CNY']],
    ['₹', ['INR']],
    ['₽', ['RUB']],
    ['₺', ['TRY']],
    ['₪', ['ILS']],
    ['₩', ['KRW']],
    ['₱', ['PHP']],
    ['฿', ['THB']],
    ['₴', ['UAH']],
    ['zł', ['PLN']],
    ['Kč', ['CZK']],
    ['Ft', ['HUF']],
    ['kr', ['SEK', 'NOK', 'DKK', 'ISK']],
    ['lei', ['RON']],
    ['лв', ['BGN']],
    ['Rp', ['IDR']],
    ['RM', ['MYR']],
    ['Fr', ['CHF']],
    ['R', ['ZAR']],
  ] as Array<[string, string[]]>
).sort((a, b) => b[0].length - a[0].length);

/** A currency code or symbol in a cell of its own (or beside an amount) as a code, with a warning when it guessed. */
function currencyOf(mark: string, base: string): Read<string> {
  const upper = mark.toUpperCase();
  if (/^[A-Z]{3}$/.test(upper)) return isCurrencyCode(upper) ? ok(upper) : bad(`${quoteCell(mark)} is not a currency code`);
  const found = SYMBOLS.find(([symbol]) => symbol.toLowerCase() === mark.toLowerCase());
  if (!found) return bad(`${quoteCell(mark)} is not a currency code or symbol`);
  const [symbol, codes] = found;
  if (codes.length === 1) return ok(codes[0]!);
  if (codes.includes(base)) return ok(base, `'${symbol}' read as ${base}, the workspace's base currency`);
  return ok(codes[0]!, `'${symbol}' read as ${codes[0]}; add a Currency column if it is ${codes.slice(1).join(' or ')}`);
}

const SIMPLE_AMOUNT = /^(-?\d+)(?:([.,])(\d{1,2}))?$/;
const decimalMarks = new Map<string, string>();

function decimalMark(locale: string): string {
  let mark = decimalMarks.get(locale);
  if (mark === undefined) {
    mark = new Intl.NumberFormat(locale).formatToParts(1.5).find((p) => p.type === 'decimal')?.value ?? '.';
    decimalMarks.set(locale, mark);
  }
  return mark;
}

/** An amount with maybe a symbol or code before or after it: "€9.99", "9,99 EUR", "USD 12". */
function amountOf(text: string, ctx: RowContext, plain: boolean): Read<{ amount: string; currency: string | null }> {
  let rest = text.trim();
  let mark: string | null = null;
  const code = /^([A-Za-z]{3})\s*(?=[\d.,-])|(?<=[\d.,])\s*([A-Za-z]{3})$/.exec(rest);
  if (code && isCurrencyCode((code[1] ?? code[2])!.toUpperCase())) {
    mark = (code[1] ?? code[2])!;
    rest = rest.replace(code[0], '').trim();
  } else {
    for (const [symbol] of SYMBOLS) {
      if (rest.startsWith(symbol)) {
        mark = symbol;
        rest = rest.slice(symbol.length).trim();
        break;
      }
      if (rest.endsWith(symbol) && /[\d\s]$/.test(rest.slice(0, -symbol.length))) {
        mark = symbol;
        rest = rest.slice(0, -symbol.length).trim();
        break;
      }
    }
  }
  let amount: string;
  const simple = SIMPLE_AMOUNT.exec(rest);
  if (plain && /^-?\d+(\.\d+)?$/.test(rest)) {
    amount = rest;
  } else if (simple && (simple[2] === undefined || simple[2] === decimalMark(ctx.locale))) {
    // "12" and "9,99" (de-DE) need no grouping rules; the full reading costs a formatter per call.
    amount = simple[3] === undefined ? simple[1]! : `${simple[1]}.${simple[3]}`;
  } else {
    const normal = normalizeAmountText(rest, ctx.locale);
    if (!normal.ok || !/^-?\d*\.?\d+$|^-?\d+\.$/.test(normal.text)) {
      // The plain refusal adds nothing; an ambiguity ("could mean 1234 or 1,234") does.
      const why = normal.ok || normal.reason.startsWith('Amount must be a number') ? '' : ` (${normal.reason})`;
      return bad(`${quoteCell(text)} is not a number${why}`);
    }
    amount = normal.text;
  }
  if (mark === null) return ok({ amount, currency: null });
  const currency = currencyOf(mark, ctx.baseCurrency);
  if (!currency.ok) return currency;
  return ok({ amount, currency: currency.value }, currency.warning);
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

function monthNumber(word: string): number | null {
  const index = MONTHS.indexOf(word.slice(0, 3).toLowerCase());
  return index < 0 ? null : index + 1;
}

function fullYear(y: number, digits: number): number {
  return digits <= 2 ? 2000 + y : y;
}

function dateOf(text: string, order: DateOrder): Read<IsoDate> {
  const t = text.trim();
  const notDate = bad<IsoDate>(`${quoteCell(t)} is not a date`);
  const build = (year: number, month: number, day: number): Read<IsoDate> => {
    if (!(month >= 1 && month <= 12 && day >= 1 && day <= 31)) return notDate;
    const iso = formatIsoDate({ year, month, day });
    return isValidIsoDate(iso) ? ok(iso) : notDate;
  };
  // ISO, also with a time after it (a spreadsheet's "2027-03-31 00:00:00").
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ][\d:.]+Z?)?$/.exec(t);
  if (m) return build(Number(m[1]), Number(m[2]), Number(m[3]));
  m = /^(\d{1,2})([/.-])(\d{1,2})\2(\d{2}|\d{4})$/.exec(t);
  if (m) {
    const a = Number(m[1]);
    const b = Number(m[3]);
    const year = fullYear(Number(m[4]), m[4]!.length);
    const dayFirst = m[2] === '.' || order !== 'mdy';
    return dayFirst ? build(year, b, a) : build(year, a, b);
  }
  m = /^([A-Za-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})$/.exec(t);
  if (m && monthNumber(m[1]!)) return build(Number(m[3]), monthNumber(m[1]!)!, Number(m[2]));
  m = /^(\d{1,2})(?:st|nd|rd|th)?[\s-]+([A-Za-z]{3,9})\.?,?[\s-]+(\d{2}|\d{4})$/.exec(t);
  if (m && monthNumber(m[2]!)) return build(fullYear(Number(m[3]), m[3]!.length), monthNumber(m[2]!)!, Number(m[1]));
  return notDate;
}

const UNIT_WORDS: Record<string, CycleUnit> = { day: 'day', days: 'day', week: 'week', weeks: 'week', month: 'month', months: 'month', year: 'year', years: 'year' };
const CYCLE_WORDS: Record<string, BillingCycle> = {
  daily: { unit: 'day', every: 1 },
  weekly: { unit: 'week', every: 1 },
  fortnightly: { unit: 'week', every: 2 },
  biweekly: { unit: 'week', every: 2 },
  monthly: { unit: 'month', every: 1 },
  quarterly: { unit: 'month', every: 3 },
  'semi annually': { unit: 'month', every: 6 },
  'semi annual': { unit: 'month', every: 6 },
  'half yearly': { unit: 'month', every: 6 },
  yearly: { unit: 'year', every: 1 },
  annual: { unit: 'year', every: 1 },
  annually: { unit: 'year', every: 1 },
};

function cycleOf(text: string): Read<BillingCycle> {
  const t = text.trim().toLowerCase().replace(/[-_]+/g, ' ').replace(/\s+/g, ' ');
  const word = CYCLE_WORDS[t];
  if (word) return ok(word);
  const m = /^(?:every )?(\d+|other )? ?(day|days|week|weeks|month|months|year|years)$/.exec(t);
  if (m) {
    const every = m[1] === undefined ? 1 : m[1] === 'other ' ? 2 : Number(m[1]);
    if (every >= 1) return ok({ unit: UNIT_WORDS[m[2]!]!, every });
  }
  return bad(`${quoteCell(text)} is not a billing cycle (like Monthly, Every 3 months, Yearly, Every 2 weeks)`);
}

const TRUE_WORDS = new Set(['yes', 'true', '1', 'on', 'y', 'automatic', 'auto', 'enabled']);
const FALSE_WORDS = new Set(['no', 'false', '0', 'off', 'n', 'manual', 'disabled', 'none']);

function booleanOf(text: string): Read<boolean> {
  const t = text.trim().toLowerCase();
  if (TRUE_WORDS.has(t)) return ok(true);
  if (FALSE_WORDS.has(t)) return ok(false);
  return bad(`${quoteCell(text)} is not yes or no`);
}

// Wallos's "State" (Enabled/Disabled) and "Active" (Yes/No) both come from its one `inactive` flag
// (endpoints/subscriptions/export.php): an inactive subscription is kept but not charged, so both read as paused.
const STATUS_WORDS: Record<string, ExpenseStatus> = {
  active: 'active',
  enabled: 'active',
  yes: 'active',
  trial: 'trial',
  trialing: 'trial',
  paused: 'paused',
  disabled: 'paused',
  inactive: 'paused',
  no: 'paused',
  cancelled: 'cancelled',
  canceled: 'cancelled',
};

function statusOf(text: string): Read<ExpenseStatus> {
  const status = STATUS_WORDS[text.trim().toLowerCase()];
  return status ? ok(status) : bad(`${quoteCell(text)} is not a status (active, trial, paused or cancelled)`);
}

function wholeOf(text: string, what: string): Read<number> {
  const t = text.trim();
  return /^\d{1,9}$/.test(t) ? ok(Number(t)) : bad(`${quoteCell(t)} is not ${what}`);
}

function leadDaysOf(text: string): Read<number[] | 'none'> {
  const t = text.trim();
  if (/^(none|no|off)$/i.test(t)) return ok('none');
  const parts = t.split(/[,;\s]+/).filter((p) => p !== '');
  if (parts.length === 0 || !parts.every((p) => /^\d{1,4}$/.test(p))) return bad(`${quoteCell(t)} is not a list of days (like 14, 7, 1)`);
  return ok(parts.map(Number));
}

/** Text as typed; an apostrophe this app's export put before a formula-like cell is taken off again. */
function textOf(text: string, escaped: boolean): string {
  const t = text.trim();
  if (!escaped) return t;
  return /^'+[=+\-@\t\r]/.test(t) ? t.slice(1) : t;
}

const EXPORT_HEADER_SET = new Set(EXPORT_COLUMNS.map((c) => c.header));

/**
 * Files whose amounts are plain decimals whatever the user's locale ("1.234" is 1.234 in de-DE too):
 * Wallos's, and this app's own (a CSV with every header the export writes). Other text still reads in the locale.
 */
function plainAmounts(table: SourceTable): boolean {
  if (table.format !== 'csv') return true;
  let plain = plainByHeaders.get(table.headers);
  if (plain === undefined) {
    plain = table.headers.filter((h) => EXPORT_HEADER_SET.has(h)).length === EXPORT_HEADER_SET.size;
    plainByHeaders.set(table.headers, plain);
  }
  return plain;
}
// Asked once per row of 100k: the answer is the headers'.
const plainByHeaders = new WeakMap<string[], boolean>();

/** What reading one row builds up, field by field. */
interface RowState {
  source: SourceRow;
  input: ImportInput;
  errors: CellProblem[];
  warnings: CellProblem[];
  /** The header of the currency column, once a currency was read from it. */
  currencyColumn: string | null;
}
type Step = (state: RowState) => void;

/**
 * A reader of rows through the mapping: what depends only on the table, the mapping and the context (which
 * columns, their headers, how amounts and dates are read) is settled once, not once per row of 100k.
 */
export function createRowReader(table: SourceTable, mapping: ColumnMapping, ctx: RowContext): (sourceRow: SourceRow) => RowReading {
  const plain = plainAmounts(table);
  // Only a CSV escapes formula-like cells (a spreadsheet would run them); JSON holds text as it is.
  const escaped = table.format === 'csv';
  const steps: Step[] = [];
  /** The step reading `field`'s cell (none when the file has no column for it): `use` gets the value, the cell's text and its header. */
  const take = <T>(field: ImportField, read: (text: string) => Read<T>, use: (state: RowState, value: T, text: string, column: string) => void): void => {
    const index = mapping[field];
    if (index === undefined) return;
    const column = table.headers[index] ?? '';
    steps.push((state) => {
      const text = (state.source.cells[index] ?? '').trim();
      if (text === '') return;
      const result = read(text);
      const row = state.source.row;
      if (!result.ok) {
        state.errors.push({ row, column, field, message: `row ${row}, ${column}: ${result.message}` });
        return;
      }
      if (result.warning) state.warnings.push({ row, column, field, message: `row ${row}, ${column}: ${result.warning}` });
      use(state, result.value, text, column);
    });
  };
  const asText = (t: string) => ok(textOf(t, escaped));

  take('name', asText, (s, v) => (s.input.name = v));
  take('category', asText, (s, v) => (s.input.category = v));
  take('description', asText, (s, v) => (s.input.description = v));
  take('url', (t) => ok(t), (s, v) => (s.input.url = v));
  take('payment_method', asText, (s, v) => (s.input.payment_method = v));
  take('owner', asText, (s, v) => (s.input.owner = v));
  take('cost_centre', asText, (s, v) => (s.input.cost_centre = v));

  take('currency', (t) => currencyOf(t, ctx.baseCurrency), (s, v, _text, column) => {
    s.input.currency = v;
    s.currencyColumn = column;
  });
  const withCurrency = (field: 'amount' | 'seat_price', set: (input: ImportInput, amount: string) => void) =>
    take(field, (t) => amountOf(t, ctx, plain), (s, { amount, currency }, text, column) => {
      set(s.input, amount);
      if (currency === null) return;
      if (s.input.currency === undefined) s.input.currency = currency;
      else if (s.input.currency !== currency) {
        const row = s.source.row;
        s.errors.push({ row, column, field, message: `row ${row}, ${column}: ${quoteCell(text)} is in ${currency} but ${s.currencyColumn ?? 'Currency'} says ${s.input.currency}` });
      }
    });
  withCurrency('amount', (input, a) => (input.amount = a));
  withCurrency('seat_price', (input, a) => (input.seat_price = a));

  take('billing_cycle', cycleOf, (s, v) => (s.input.billing_cycle = v));
  take('renewal_date', (t) => dateOf(t, ctx.dateOrder), (s, v) => (s.input.renewal_date = v));
  take<number>('billing_day', (t) => (/^\d{1,2}$/.test(t) && Number(t) >= 1 && Number(t) <= 31 ? ok(Number(t)) : bad(`${quoteCell(t)} is not a day of the month (1 to 31)`)), (s, v) => (s.input.billing_day = v));
  take('trial_ends_on', (t) => dateOf(t, ctx.dateOrder), (s, v) => (s.input.trial_ends_on = v));
  take('status', statusOf, (s, v) => (s.input.status = v));
  take('auto_renew', booleanOf, (s, v) => (s.input.auto_renew = v));
  take('notice_period_days', (t) => wholeOf(t, 'a whole number of days'), (s, v) => (s.input.notice_period_days = v));
  take('seats', (t) => wholeOf(t, 'a whole number of seats'), (s, v) => (s.input.seats = v));
  take('reminders_enabled', booleanOf, (s, v) => (s.input.reminders_enabled = v));
  take('reminder_days', leadDaysOf, (s, v) => {
    if (v === 'none') s.input.reminders_enabled = false;
    else s.input.reminder_days = v;
  });
  take('last_day_to_cancel', (t) => dateOf(t, ctx.dateOrder), (s, lastDay, _text, column) => {
    const row = s.source.row;
    const where = `row ${row}, ${column}`;
    if (s.input.renewal_date === undefined) {
      s.errors.push({ row, column, field: 'last_day_to_cancel', message: `${where}: a last day to cancel needs a renewal date in the row to count the notice period from` });
      return;
    }
    const days = diffDays(s.input.renewal_date, lastDay);
    if (days < 0) {
      s.errors.push({ row, column, field: 'last_day_to_cancel', message: `${where}: ${quoteCell(lastDay)} is after the renewal date ${s.input.renewal_date}` });
      return;
    }
    s.input.notice_period_days = days;
  });

  return (source) => {
    const state: RowState = { source, input: {}, errors: [], warnings: [], currencyColumn: null };
    for (const step of steps) step(state);
    const { input } = state;
    // A trial end date says the subscription is in its trial, unless the file says otherwise.
    if (input.trial_ends_on && input.status === undefined) input.status = 'trial';
    return { row: source.row, input, errors: state.errors, warnings: state.warnings };
  };
}

/** Reads one source row through the mapping (createRowReader, for one row). */
export function readRow(table: SourceTable, sourceRow: SourceRow, mapping: ColumnMapping, ctx: RowContext): RowReading {
  return createRowReader(table, mapping, ctx)(sourceRow);
}
