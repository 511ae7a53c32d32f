import { z } from 'zod';
import type { BillingCycle } from '../domain/billing-cycles';
import type { IsoDate } from '../domain/calendar-date';
import { operation } from './define';
import type { ExpenseStatus } from './expenses';
import { idParam } from './fields';
import { fileBytes, type FileOut } from './files';

// Import of subscriptions from a file (issue 11): preview (nothing saved), remap, commit (one transaction),
// undo for 24 hours; and export as CSV or JSON. The reading of a file lives in main/services/import/.

/** The largest file an import takes (main/services/import/types.ts reads it from here). */
export const IMPORT_MAX_BYTES = 50 * 1024 * 1024;
/** How long after its commit an import can be undone. */
export const IMPORT_UNDO_HOURS = 24;
/** Rows of the preview shown as they will be saved. */
export const IMPORT_PREVIEW_ROWS = 50;
/** Errors and warnings listed in a preview or a refused commit (the count says how many in all). */
export const IMPORT_PROBLEMS_LISTED = 200;

export { IMPORT_FIELD_NAMES, type ImportFieldName } from './import-fields';
import { IMPORT_FIELD_NAMES, type ImportFieldName } from './import-fields';

export const IMPORT_DATE_ORDERS = ['ymd', 'dmy', 'mdy'] as const;
/** How the file writes amounts: 1,234.56 (point) or 1.234,56 (comma). */
export const IMPORT_DECIMAL_MARKS = ['point', 'comma'] as const;
export type DecimalMark = (typeof IMPORT_DECIMAL_MARKS)[number];
export const IMPORT_ENCODINGS = ['utf-8', 'windows-1252'] as const;
export const DUPLICATE_CHOICES = ['skip', 'import'] as const;
export type DuplicateChoice = (typeof DUPLICATE_CHOICES)[number];

const SEPARATOR_NAMES: Record<string, ',' | ';' | '\t'> = { ',': ',', ';': ';', '\t': '\t', comma: ',', semicolon: ';', tab: '\t' };

const encodingField = z.enum(IMPORT_ENCODINGS, { error: 'Encoding must be utf-8 or windows-1252' });
const separatorField = z
  .string({ error: 'Separator must be comma, semicolon or tab' })
  .refine((v) => v in SEPARATOR_NAMES, 'Separator must be comma, semicolon or tab')
  .transform((v) => SEPARATOR_NAMES[v]!);
const dateOrderField = z.enum(IMPORT_DATE_ORDERS, { error: 'Date order must be ymd, dmy or mdy' });
const decimalMarkField = z.enum(IMPORT_DECIMAL_MARKS, { error: 'Decimal mark must be point or comma' });
const duplicatesField = z.enum(DUPLICATE_CHOICES, { error: 'Duplicates must be skip or import' });
const mappingField = z.partialRecord(
  z.enum(IMPORT_FIELD_NAMES, { error: `Mapping keys must be fields: ${IMPORT_FIELD_NAMES.join(', ')}` }),
  z.number({ error: 'A mapped column must be a column number' }).int('A mapped column must be a column number').min(0, 'A mapped column must be a column number').max(10_000, 'No file has that many columns').nullable(),
);

/** A value as the import will save it (a valid row). */
export interface ImportedExpense {
  name: string;
  amount: number;
  currency: string;
  billing_cycle: BillingCycle;
  renewal_date: IsoDate;
  category: string;
  description: string | null;
  url: string | null;
  payment_method: string | null;
  status: ExpenseStatus;
  auto_renew: boolean;
  notice_period_days: number | null;
  trial_ends_on: IsoDate | null;
  /** The owner's username (the importer when the file names no member). */
  owner: string;
  cost_centre: string | null;
  seats: number | null;
  seat_price: number | null;
  /** null: the workspace default. */
  reminder_days: number[] | null;
}

/** One problem in words, with where: "row 14, Amount: 'abc' is not a number". */
export interface ImportProblem {
  row: number;
  /** The column's header as the file names it; "" for the row as a whole. */
  column: string;
  message: string;
}

export interface ImportPreviewRow {
  row: number;
  /** As it will be saved; null when the row has an error. */
  expense: ImportedExpense | null;
  errors: string[];
  warnings: string[];
  /** 'existing': same name, amount and cycle as a subscription of the workspace; 'file': as an earlier row of the file. */
  duplicate: 'existing' | 'file' | null;
}

export interface ImportPreview {
  id: number;
  file_name: string;
  format: string;
  encoding: string;
  separator: string | null;
  headers: string[];
  /** Field → column index. */
  mapping: Partial<Record<ImportFieldName, number>>;
  /** Null when the file has no mapped dates. */
  date_order: 'ymd' | 'dmy' | 'mdy';
  /** The file's dates read both ways (every day ≤ 12): the UI asks, the preview used `date_order`. */
  date_order_ambiguous: boolean;
  /** How amounts were read: detected from the file's amounts, else the user's locale, unless chosen. */
  decimal_mark: DecimalMark;
  /** The problem with the mapping as a whole ("No column is mapped to Name"), or null. */
  mapping_problem: string | null;
  duplicates_choice: DuplicateChoice;
  total_rows: number;
  valid_rows: number;
  invalid_rows: number;
  /** What a commit with skip_invalid and this duplicates choice would create. */
  will_create: number;
  rows: ImportPreviewRow[];
  errors: ImportProblem[];
  error_count: number;
  warnings: ImportProblem[];
  warning_count: number;
  duplicates: { existing: number; in_file: number; rows: number[] };
}

export interface ImportSummary {
  id: number;
  file_name: string;
  format: string;
  state: 'preview' | 'committed' | 'undone';
  user_id: number;
  username: string;
  total_rows: number;
  valid_rows: number;
  created: number;
  skipped: number;
  created_at: string;
  committed_at: string | null;
  undone_at: string | null;
  /** Until when undo works; null once it no longer does (or before a commit). */
  undo_until: string | null;
  can_undo: boolean;
}

export interface ImportProgress {
  id: number;
  state: 'preview' | 'committing' | 'committed' | 'undone';
  /** Rows saved so far of `total`, while a commit runs. */
  done: number;
  total: number;
}

const byId = z.strictObject({ id: idParam });

export const importOperations = {
  'imports.preview': operation<{ preview: ImportPreview }>()({
    method: 'POST',
    path: '/api/import/preview',
    auth: true,
    role: 'member',
    upload: { maxBytes: IMPORT_MAX_BYTES },
    input: z.strictObject({
      file: fileBytes(IMPORT_MAX_BYTES),
      name: z.string({ error: 'File name must be text' }).trim().max(255, 'File name must be at most 255 characters').optional(),
      encoding: encodingField.optional(),
      separator: separatorField.optional(),
      date_order: dateOrderField.optional(),
      decimal_mark: decimalMarkField.optional(),
    }),
    summary: 'Read a file of subscriptions and show what importing it would save (nothing is saved)',
  }),
  'imports.remap': operation<{ preview: ImportPreview }>()({
    method: 'POST',
    path: '/api/import/:id/preview',
    auth: true,
    role: 'member',
    input: z.strictObject({
      id: idParam,
      mapping: mappingField.optional(),
      date_order: dateOrderField.optional(),
      decimal_mark: decimalMarkField.optional(),
      encoding: encodingField.optional(),
      separator: separatorField.optional(),
      duplicates: duplicatesField.optional(),
    }),
    summary: 'The preview of a file again, with other columns, date order, encoding or separator',
  }),
  'imports.commit': operation<{ import: { id: number; created: number; skipped: number; undo_until: string } }>()({
    method: 'POST',
    path: '/api/import/commit',
    auth: true,
    role: 'member',
    input: z.strictObject({
      id: idParam,
      skip_invalid: z.boolean({ error: 'skip_invalid must be true or false' }).default(false),
      duplicates: duplicatesField.default('skip'),
    }),
    summary: 'Save a previewed import in one transaction (all or nothing unless skip_invalid)',
  }),
  'imports.undo': operation<{ import: ImportSummary; removed: number }>()({
    method: 'DELETE',
    path: '/api/import/:id',
    auth: true,
    role: 'member',
    input: byId,
    summary: 'Remove every subscription an import created (within 24 hours of its commit)',
  }),
  'imports.list': operation<{ imports: ImportSummary[] }>()({
    method: 'GET',
    path: '/api/imports',
    auth: true,
    role: 'viewer',
    input: z.strictObject({}),
    summary: 'Recent imports, with their counts and whether they can still be undone',
  }),
  'imports.progress': operation<{ progress: ImportProgress }>()({
    method: 'GET',
    path: '/api/import/:id/progress',
    auth: true,
    role: 'viewer',
    input: byId,
    summary: "How far an import's commit has come",
  }),
  'exports.subscriptions': operation<FileOut>()({
    method: 'GET',
    path: '/api/export',
    auth: true,
    role: 'viewer',
    download: 'attachment',
    input: z.strictObject({ format: z.enum(['csv', 'json'], { error: 'Format must be csv or json' }).default('csv') }),
    summary: "Every subscription of the workspace as CSV (opens in Excel) or JSON (every field, versioned)",
  }),
};
