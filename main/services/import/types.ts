import type { ExpenseStatus } from '../../../common/contract/expenses';
import { IMPORT_FIELD_NAMES, IMPORT_MAX_BYTES, type ImportFieldName } from '../../../common/contract/imports';
import type { BillingCycle } from '../../../common/domain/billing-cycles';
import type { IsoDate } from '../../../common/domain/calendar-date';

// The seam between reading a file (source.ts, mapping.ts, row.ts: bytes → rows of typed values, no database)
// and the import pipeline (services/imports.ts: preview, commit, undo, which validates every row through the
// same rules as expenses.create). Both sides import only these types.

/** What a column can be mapped to: the contract's list (common/contract/imports.ts), named once. */
export const IMPORT_FIELDS = IMPORT_FIELD_NAMES;
export type ImportField = ImportFieldName;

/** Field → index of the column it is read from (absent: not in the file). */
export type ColumnMapping = Partial<Record<ImportField, number>>;

export type SourceFormat = 'csv' | 'wallos-json' | 'wallos-csv' | 'spend-manager-json';
export type SourceEncoding = 'utf-8' | 'windows-1252';
export type Separator = ',' | ';' | '\t';
export type DateOrder = 'ymd' | 'dmy' | 'mdy';

export interface SourceRow {
  /** As a spreadsheet numbers it: the header is row 1, the first data row is row 2 (a JSON file: its index + 1). */
  row: number;
  cells: string[];
}

export interface SourceTable {
  format: SourceFormat;
  encoding: SourceEncoding;
  /** null for JSON. */
  separator: Separator | null;
  headers: string[];
  rows: SourceRow[];
}

export interface ReadChoices {
  /** null: detected. */
  encoding: SourceEncoding | null;
  separator: Separator | null;
}

/** What reading a row needs to know about the workspace and the user's choices. */
export interface RowContext {
  /** The importing user's locale: decides "1.234,56" against "1,234.56". */
  locale: string;
  /** Decides an ambiguous symbol ("$9.99" in a CAD workspace is CAD). */
  baseCurrency: string;
  /** The file's date order: detected (detectDateOrder) or, when ambiguous, the user's choice. */
  dateOrder: DateOrder;
  today: IsoDate;
}

/** One problem with one cell, in words: "row 14, Amount: 'abc' is not a number". */
export interface CellProblem {
  row: number;
  /** The header of the column as the file names it ("" when the problem is the row's, not a cell's). */
  column: string;
  field: ImportField | null;
  message: string;
}

/**
 * A row as the values expenses.create takes, before the pipeline validates them with the same rules
 * (amount against its currency, dates in range, lengths). Absent: the file has no value (the default applies).
 */
export interface ImportInput {
  name?: string;
  /** Major units as plain decimal text ("1234.56"), already read in the user's locale. */
  amount?: string;
  currency?: string;
  billing_cycle?: BillingCycle;
  renewal_date?: IsoDate;
  /** The day of the month a monthly or yearly plan bills on (31: the month's last day), when the renewal date alone cannot say. */
  billing_day?: number;
  category?: string;
  description?: string | null;
  url?: string | null;
  payment_method?: string | null;
  status?: ExpenseStatus;
  auto_renew?: boolean;
  notice_period_days?: number | null;
  trial_ends_on?: IsoDate | null;
  /** A member's username or email, matched by the pipeline. */
  owner?: string | null;
  cost_centre?: string | null;
  seats?: number | null;
  /** Major units as plain decimal text. */
  seat_price?: string | null;
  /** Custom lead days; null: the workspace default. */
  reminder_days?: number[] | null;
  /** false: no reminders for it (Wallos "Notifications" off): lead days []. */
  reminders_enabled?: boolean;
}

export interface RowReading {
  row: number;
  input: ImportInput;
  errors: CellProblem[];
  /** Notes that do not stop the row: "'$' read as CAD, the workspace's base currency". */
  warnings: CellProblem[];
}

/** Limits checked before parsing; the message names them. */
export const MAX_IMPORT_BYTES = IMPORT_MAX_BYTES;
export const MAX_IMPORT_ROWS = 200_000;
export const MAX_IMPORT_COLUMNS = 200;

/**
 * The CSV this app exports (services/exports.ts writes these headers; mapping.ts recognises them), so an
 * export imports back unchanged.
 */
export const EXPORT_COLUMNS: ReadonlyArray<{ field: ImportField; header: string }> = [
  { field: 'name', header: 'Name' },
  { field: 'amount', header: 'Amount' },
  { field: 'currency', header: 'Currency' },
  { field: 'billing_cycle', header: 'Billing cycle' },
  { field: 'renewal_date', header: 'Next renewal' },
  { field: 'category', header: 'Category' },
  { field: 'description', header: 'Description' },
  { field: 'url', header: 'URL' },
  { field: 'payment_method', header: 'Payment method' },
  { field: 'status', header: 'Status' },
  { field: 'auto_renew', header: 'Auto-renew' },
  { field: 'notice_period_days', header: 'Notice period (days)' },
  { field: 'trial_ends_on', header: 'Trial ends' },
  { field: 'owner', header: 'Owner' },
  { field: 'cost_centre', header: 'Cost centre' },
  { field: 'seats', header: 'Seats' },
  { field: 'seat_price', header: 'Price per seat' },
  { field: 'reminder_days', header: 'Reminder days' },
  { field: 'billing_day', header: 'Billing day' },
];
