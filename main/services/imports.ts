import type { Kysely } from 'kysely';
import { FALLBACK_CATEGORY } from '../../common/contract/categories';
import {
  IMPORT_PREVIEW_ROWS,
  IMPORT_PROBLEMS_LISTED,
  IMPORT_UNDO_HOURS,
  type DecimalMark,
  type DuplicateChoice,
  type ImportPreview,
  type ImportPreviewRow,
  type ImportProblem,
  type ImportProgress,
  type ImportSummary,
} from '../../common/contract/imports';
import { roleAtLeast } from '../../common/contract/roles';
import { AppError } from '../../common/errors';
import type { Ports, SignedInContext } from '../core/context';
import type { HandlersFor } from '../core/handlers';
import { listCategories } from '../db/repositories/categories';
import type { NewExpenseRow } from '../db/repositories/expenses';
import { liveCostCentres } from '../db/repositories/expenses';
import {
  INSERT_BATCH,
  claimImportState,
  createExpenseInserter,
  deleteRowsOfImport,
  duplicateFieldsOfWorkspace,
  findImport,
  insertImport,
  purgeStalePreviews,
  recentImports,
  updateImport,
  type ImportRow,
  type ImportSummaryRow,
} from '../db/repositories/imports';
import { listMembers } from '../db/repositories/workspace-members';
import type { Database } from '../db/schema';
import { createTimeSlice } from '../jobs/chunks';
import { type AccountContext, loadAccount } from './account-settings';
import { findOrCreateCategory, sameCategoryName } from './category-store';
import { costCentreKey, foldCostCentres } from './cost-centres';
import { detectDateOrder, detectDecimalMark, guessMapping, mappingProblem } from './import/mapping';
import { createRowReader } from './import/row';
import { readSource, type Slice } from './import/source';
import type { ColumnMapping, DateOrder, Separator, SourceEncoding, SourceTable } from './import/types';
import { columnName, duplicateKey, importedExpense, validateRow, type ValidatedRow } from './import/validate';
import { analyzeAfterImport } from '../db/statistics';

// The import pipeline (issue 11): a file's preview is saved with its bytes (nothing else is), and can be
// remapped; its commit validates every row again through expenses.create's rules and saves the rows in one
// transaction, with their reminders planned in it, all or nothing unless the user skips the invalid rows;
// an undo within 24 hours removes exactly the rows it created. Long loops give the event loop back.

/** The choices a preview was made with (imports.options, JSON). */
export interface ImportOptions {
  encoding: SourceEncoding | null;
  separator: Separator | null;
  date_order: DateOrder | null;
  decimal_mark: DecimalMark | null;
  mapping: ColumnMapping | null;
  duplicates: DuplicateChoice;
}

const DEFAULT_OPTIONS: ImportOptions = { encoding: null, separator: null, date_order: null, decimal_mark: null, mapping: null, duplicates: 'skip' };
/** A preview nobody committed is dropped (with its bytes) after this long. */
const PREVIEW_KEPT_MS = 24 * 3_600_000;
const UNDO_MS = IMPORT_UNDO_HOURS * 3_600_000;
/** Reminders are planned in batches of this many rows (one planner call each, ~10 ms): the transaction yields between them. */
const PLAN_BATCH = 100;

interface AnalysedRow extends ValidatedRow {
  /** The member who will own it (null while the row is invalid). */
  ownerId: number | null;
  ownerName: string;
  duplicate: 'existing' | 'file' | null;
}

interface Analysis {
  table: SourceTable;
  mapping: ColumnMapping;
  dateOrder: DateOrder;
  ambiguous: boolean;
  decimalMark: DecimalMark;
  problem: string | null;
  rows: AnalysedRow[];
  /** Problems that concern the file as a whole or one of its values everywhere (new category, no rate). */
  notes: ImportProblem[];
}

/** A refusal named under the input field it concerns, as every validation error is. */
const invalid = (field: string, message: string) => new AppError('validation', message, { [field]: message });
const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

function parseOptions(text: string): ImportOptions {
  return { ...DEFAULT_OPTIONS, ...(JSON.parse(text) as Partial<ImportOptions>) };
}

/** The decimal mark of a locale's numbers. */
function localeDecimalMark(locale: string): DecimalMark {
  return new Intl.NumberFormat(locale).formatToParts(1.5).find((p) => p.type === 'decimal')?.value === ',' ? 'comma' : 'point';
}

/** The date order to read with when the file cannot tell: the user's locale's habit. */
function localeDateOrder(locale: string): DateOrder {
  const parts = new Intl.DateTimeFormat(locale, { year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(new Date(Date.UTC(2027, 2, 31)));
  const order = parts.filter((p) => p.type === 'day' || p.type === 'month' || p.type === 'year').map((p) => p.type[0]).join('');
  return order === 'mdy' ? 'mdy' : order === 'ymd' ? 'ymd' : 'dmy';
}

function checkMapping(table: SourceTable, mapping: ColumnMapping): void {
  const used = new Map<number, string>();
  for (const [field, column] of Object.entries(mapping)) {
    if (column === undefined) continue;
    if (column >= table.headers.length) throw invalid('mapping', `The file has ${plural(table.headers.length, 'column')}: there is no column ${column + 1} for ${field}`);
    const other = used.get(column);
    if (other !== undefined) throw invalid('mapping', `Column '${table.headers[column]}' cannot be both ${other} and ${field}: choose one`);
    used.set(column, field);
  }
}

export function importHandlers(ports: Ports): HandlersFor<'imports'> {
  const { db, clock, reminders } = ports;
  // The last analyses (keyed by import and choices), so a commit right after its preview does not read the file again.
  const analyses = new Map<string, Analysis>();
  const progress = new Map<number, { done: number; total: number }>();

  const analysisKey = (id: number, acc: AccountContext, options: ImportOptions) => `${id}\u0000${JSON.stringify(options)}\u0000${acc.baseCurrency}\u0000${acc.amountLocale}\u0000${acc.today}`;
  function keep(key: string, analysis: Analysis): void {
    analyses.set(key, analysis);
    // A few recent analyses are enough: a preview and its commit, by a user or two.
    while (analyses.size > 2) analyses.delete(analyses.keys().next().value!);
  }

  /** `row.id` 0: a file not saved yet (its analysis is kept once it is). */
  async function analyse(ctx: SignedInContext, acc: AccountContext, row: ImportRow, options: ImportOptions, slice: Slice): Promise<Analysis> {
    const key = analysisKey(row.id, acc, options);
    const cached = row.id === 0 ? undefined : analyses.get(key);
    if (cached) return cached;
    if (!row.file_data) throw new AppError('conflict', `Import ${row.id} has no file any more (it was committed or undone): choose the file again`);
    const table = await readSource(row.file_data, { encoding: options.encoding, separator: options.separator }, slice);
    const mapping = options.mapping ?? guessMapping(table);
    checkMapping(table, mapping);
    const detected = detectDateOrder(table, mapping);
    const dateOrder = options.date_order ?? (detected === 'ambiguous' ? localeDateOrder(acc.amountLocale) : detected);
    const detectedMark = detectDecimalMark(table, mapping);
    const userMark = localeDecimalMark(acc.amountLocale);
    const decimalMark = options.decimal_mark ?? (detectedMark === 'ambiguous' ? userMark : detectedMark);
    // The user's own locale where it writes amounts that way (its grouping too), else one that does.
    const amountLocale = decimalMark === userMark ? acc.amountLocale : decimalMark === 'comma' ? 'de-DE' : 'en-US';
    const rowContext = { locale: amountLocale, baseCurrency: acc.baseCurrency, dateOrder, today: acc.today };
    // row.ts has read the numbers in the user's locale: what it hands on is plain decimal text.
    const plainAccount: AccountContext = { ...acc, amountLocale: 'en-US' };
    const members = await listMembers(db, ctx.workspaceId);
    const byName = new Map<string, { id: number; username: string }>();
    for (const m of members) {
      if (m.role === 'viewer') continue;
      byName.set(m.username.toLowerCase(), { id: m.user_id, username: m.username });
      byName.set(m.email.toLowerCase(), { id: m.user_id, username: m.username });
    }
    const me = members.find((m) => m.user_id === ctx.userId)!;
    const mayAssign = roleAtLeast(ctx.role, 'admin');
    const categories = await listCategories(db, ctx.workspaceId);
    const notes: ImportProblem[] = [];
    const seenCategories = new Set<string>();
    const seenCurrencies = new Set<string>();
    const seenOwners = new Set<string>();
    const rows: AnalysedRow[] = [];
    const problem = mappingProblem(table, mapping);
    const readRow = createRowReader(table, mapping, rowContext);
    const ownerColumn = columnName(table, mapping, 'owner').header;
    for (const source of problem === null ? table.rows : []) {
      const validated = validateRow(table, mapping, readRow(source), plainAccount);
      let ownerId: number | null = null;
      let ownerName = me.username;
      if (validated.columns) {
        ownerId = ctx.userId;
        const owner = validated.owner;
        const found = owner ? byName.get(owner.toLowerCase()) : undefined;
        if (owner && !found && !seenOwners.has(owner.toLowerCase())) {
          seenOwners.add(owner.toLowerCase());
          notes.push({ row: source.row, column: ownerColumn, message: `row ${source.row}, ${ownerColumn}: '${owner}' is not a member of this workspace who can own subscriptions: their subscriptions are imported as yours` });
        } else if (found && found.id !== ctx.userId) {
          if (mayAssign) {
            ownerId = found.id;
            ownerName = found.username;
          } else if (!seenOwners.has(owner!.toLowerCase())) {
            seenOwners.add(owner!.toLowerCase());
            notes.push({ row: source.row, column: ownerColumn, message: `row ${source.row}, ${ownerColumn}: only an admin can import subscriptions for ${found.username}: theirs are imported as yours` });
          }
        }
        const category = validated.category ?? FALLBACK_CATEGORY;
        const folded = category.toLowerCase();
        if (!seenCategories.has(folded)) {
          seenCategories.add(folded);
          if (!categories.some((c) => sameCategoryName(c.name, category))) {
            const column = columnName(table, mapping, 'category').header;
            notes.push({ row: source.row, column, message: `row ${source.row}, ${column}: '${category}' is a new category: it will be created` });
          }
        }
        const currency = validated.columns.currency;
        if (!seenCurrencies.has(currency)) {
          seenCurrencies.add(currency);
          if (!acc.rates.has(currency)) {
            const column = columnName(table, mapping, 'currency').header;
            notes.push({
              row: source.row,
              column,
              message: `row ${source.row}, ${column}: there is no exchange rate for ${currency} to ${acc.baseCurrency}: its subscriptions are left out of totals until one is set in Settings → Currency`,
            });
          }
        }
      }
      rows.push({ ...validated, ownerId, ownerName, duplicate: null });
      await slice.pause();
    }
    const analysis: Analysis = { table, mapping, dateOrder, ambiguous: detected === 'ambiguous', decimalMark, problem, rows, notes };
    if (row.id !== 0) keep(key, analysis);
    return analysis;
  }

  /** Flags duplicates against the workspace as it is now, and within the file. */
  async function markDuplicates(workspaceId: number, rows: AnalysedRow[], slice: Slice): Promise<void> {
    const existing = new Set((await duplicateFieldsOfWorkspace(db, workspaceId)).map(duplicateKey));
    const inFile = new Set<string>();
    for (const row of rows) {
      row.duplicate = null;
      if (!row.columns) continue;
      const key = duplicateKey(row.columns);
      if (existing.has(key)) row.duplicate = 'existing';
      else if (inFile.has(key)) row.duplicate = 'file';
      inFile.add(key);
      await slice.pause();
    }
  }

  const willCreate = (rows: AnalysedRow[], duplicates: DuplicateChoice) => rows.filter((r) => r.columns && (duplicates === 'import' || r.duplicate === null)).length;

  function previewOf(row: ImportRow, options: ImportOptions, analysis: Analysis): ImportPreview {
    const { rows } = analysis;
    const errors: ImportProblem[] = [];
    let errorCount = 0;
    const warnings: ImportProblem[] = [...analysis.notes];
    let warningCount = analysis.notes.length;
    const duplicateRows: number[] = [];
    let existing = 0;
    let inFile = 0;
    for (const r of rows) {
      errorCount += r.errors.length;
      warningCount += r.warnings.length;
      for (const message of r.errors) if (errors.length < IMPORT_PROBLEMS_LISTED) errors.push({ row: r.row, column: '', message });
      for (const message of r.warnings) if (warnings.length < IMPORT_PROBLEMS_LISTED) warnings.push({ row: r.row, column: '', message });
      if (r.duplicate === 'existing') existing += 1;
      if (r.duplicate === 'file') inFile += 1;
      if (r.duplicate && duplicateRows.length < IMPORT_PROBLEMS_LISTED) duplicateRows.push(r.row);
    }
    if (analysis.problem) {
      errors.unshift({ row: 0, column: '', message: analysis.problem });
      errorCount += 1;
    }
    const valid = rows.filter((r) => r.columns).length;
    const shown: ImportPreviewRow[] = rows.slice(0, IMPORT_PREVIEW_ROWS).map((r) => ({
      row: r.row,
      expense: r.columns ? importedExpense(r.columns, r.category ?? FALLBACK_CATEGORY, r.ownerName) : null,
      errors: r.errors,
      warnings: r.warnings,
      duplicate: r.duplicate,
    }));
    const mapping: Partial<Record<string, number>> = {};
    for (const [field, column] of Object.entries(analysis.mapping)) if (column !== undefined) mapping[field] = column;
    return {
      id: row.id,
      file_name: row.file_name,
      format: analysis.table.format,
      encoding: analysis.table.encoding,
      separator: analysis.table.separator,
      headers: analysis.table.headers,
      mapping,
      date_order: analysis.dateOrder,
      date_order_ambiguous: analysis.ambiguous && options.date_order === null,
      decimal_mark: analysis.decimalMark,
      mapping_problem: analysis.problem,
      duplicates_choice: options.duplicates,
      total_rows: analysis.table.rows.length,
      valid_rows: valid,
      invalid_rows: analysis.problem ? analysis.table.rows.length : rows.length - valid,
      will_create: willCreate(rows, options.duplicates),
      rows: shown,
      errors: errors.map((e) => ({ ...e, column: columnOf(e.message) })),
      error_count: errorCount,
      warnings: warnings.map((w) => ({ ...w, column: w.column || columnOf(w.message) })),
      warning_count: warningCount,
      duplicates: { existing, in_file: inFile, rows: duplicateRows },
    };
  }

  /** What a preview saves of its analysis on the import's row. */
  const savedOf = (options: ImportOptions, analysis: Analysis) => ({
    options: JSON.stringify(options),
    format: analysis.table.format,
    total_rows: analysis.table.rows.length,
    valid_rows: analysis.rows.filter((r) => r.columns).length,
  });

  async function previewAgain(ctx: SignedInContext, row: ImportRow, options: ImportOptions): Promise<ImportPreview> {
    const acc = await loadAccount(db, clock, ctx);
    const slice = createTimeSlice();
    const analysis = await analyse(ctx, acc, row, options, slice);
    await markDuplicates(ctx.workspaceId, analysis.rows, slice);
    await updateImport(db, ctx.workspaceId, row.id, savedOf(options, analysis));
    return previewOf(row, options, analysis);
  }

  async function ownPreview(ctx: SignedInContext, id: number): Promise<ImportRow> {
    const row = await findImport(db, ctx.workspaceId, id);
    if (!row || row.user_id !== ctx.userId) throw new AppError('not_found', `Import ${id} not found: a preview belongs to whoever made it`);
    if (row.state !== 'preview') throw new AppError('conflict', `Import ${id} was already ${row.state === 'committed' ? 'committed' : 'undone'}: choose the file again to import it again`);
    return row;
  }

  function summaryOf(row: ImportSummaryRow): ImportSummary {
    const until = row.committed_at && row.state === 'committed' ? new Date(new Date(row.committed_at).getTime() + UNDO_MS) : null;
    const canUndo = until !== null && until.getTime() > clock.now().getTime();
    return {
      id: row.id,
      file_name: row.file_name,
      format: row.format,
      state: row.state,
      user_id: row.user_id,
      username: row.username,
      total_rows: row.total_rows,
      valid_rows: row.valid_rows,
      created: row.created_count,
      skipped: row.skipped_count,
      created_at: row.created_at,
      committed_at: row.committed_at,
      undone_at: row.undone_at,
      undo_until: canUndo ? until.toISOString() : null,
      can_undo: canUndo,
    };
  }

  /** Saves the rows in the open transaction, in batches that let the event loop turn between them. */
  async function saveRows(trx: Kysely<Database>, ctx: SignedInContext, importId: number, rows: AnalysedRow[], now: string, slice: Slice): Promise<number[]> {
    // Categories: one lookup or creation per name (any case), in the file's first spelling.
    const categoryIds = new Map<string, number>();
    for (const r of rows) {
      const name = r.category ?? FALLBACK_CATEGORY;
      const key = name.toLowerCase();
      if (!categoryIds.has(key)) categoryIds.set(key, (await findOrCreateCategory(trx, ctx, name, now)).id);
    }
    // Cost centres: the workspace's spelling when it has the centre, else the file's first spelling.
    const centres = new Map(foldCostCentres(await liveCostCentres(trx, ctx.workspaceId)).map((c) => [costCentreKey(c.name), c.name]));
    const ids: number[] = [];
    const state = progress.get(importId)!;
    const insertExpenses = createExpenseInserter(trx);
    for (let at = 0; at < rows.length; at += INSERT_BATCH) {
      const batch: NewExpenseRow[] = rows.slice(at, at + INSERT_BATCH).map((r) => {
        const columns = r.columns!;
        let centre = columns.cost_centre;
        if (centre !== null) {
          const key = costCentreKey(centre);
          const known = centres.get(key);
          if (known) centre = known;
          else centres.set(key, centre);
        }
        return {
          ...columns,
          cost_centre: centre,
          user_id: r.ownerId!,
          workspace_id: ctx.workspaceId,
          category_id: categoryIds.get((r.category ?? FALLBACK_CATEGORY).toLowerCase())!,
          import_id: importId,
          created_at: now,
          updated_at: now,
        };
      });
      for (const id of await insertExpenses(batch)) ids.push(id);
      state.done = Math.floor(ids.length / 2);
      await slice.pause();
    }
    // Reminders in the same transaction: an imported row is never without its plan.
    for (let at = 0; at < ids.length; at += PLAN_BATCH) {
      await reminders.expensesChanged(trx, ctx.workspaceId, ids.slice(at, at + PLAN_BATCH));
      state.done = Math.floor(ids.length / 2 + Math.min(ids.length, at + PLAN_BATCH) / 2);
      await slice.pause();
    }
    return ids;
  }

  return {
    async 'imports.preview'(ctx, input) {
      const acc = await loadAccount(db, clock, ctx);
      const now = acc.now.toISOString();
      const options: ImportOptions = {
        ...DEFAULT_OPTIONS,
        encoding: input.encoding ?? null,
        separator: input.separator ?? null,
        date_order: input.date_order ?? null,
        decimal_mark: input.decimal_mark ?? null,
      };
      const slice = createTimeSlice();
      const fileName = input.name && input.name !== '' ? input.name : 'import.csv';
      const draft: ImportRow = {
        id: 0,
        workspace_id: ctx.workspaceId,
        user_id: ctx.userId,
        file_name: fileName,
        format: 'csv',
        state: 'preview',
        options: JSON.stringify(options),
        file_data: input.file,
        total_rows: 0,
        valid_rows: 0,
        created_count: 0,
        skipped_count: 0,
        created_at: now,
        committed_at: null,
        undone_at: null,
      };
      // Read and analysed before anything is saved: a file that cannot be read leaves nothing behind, and the row
      // holding the file is written once (an UPDATE of it rewrites every page of the file).
      const analysis = await analyse(ctx, acc, draft, options, slice);
      await markDuplicates(ctx.workspaceId, analysis.rows, slice);
      await purgeStalePreviews(db, new Date(acc.now.getTime() - PREVIEW_KEPT_MS).toISOString());
      const { id: _draft, total_rows: _total, valid_rows: _valid, created_count: _created, skipped_count: _skipped, ...fields } = draft;
      const id = await insertImport(db, { ...fields, ...savedOf(options, analysis) });
      keep(analysisKey(id, acc, options), analysis);
      return { preview: previewOf({ ...draft, id }, options, analysis) };
    },

    async 'imports.remap'(ctx, input) {
      const row = await ownPreview(ctx, input.id);
      const before = parseOptions(row.options);
      const options: ImportOptions = {
        encoding: input.encoding ?? before.encoding,
        separator: input.separator ?? before.separator,
        date_order: input.date_order ?? before.date_order,
        decimal_mark: input.decimal_mark ?? before.decimal_mark,
        duplicates: input.duplicates ?? before.duplicates,
        mapping: before.mapping,
      };
      if (input.mapping !== undefined) {
        // A remap names the fields it changes (null: not in the file); the others keep their column.
        const current: ColumnMapping = { ...(before.mapping ?? guessMapping(await readSource(row.file_data!, { encoding: options.encoding, separator: options.separator }))) };
        for (const [field, column] of Object.entries(input.mapping)) {
          if (column === null || column === undefined) delete current[field as keyof ColumnMapping];
          else current[field as keyof ColumnMapping] = column;
        }
        options.mapping = current;
      }
      // Another separator or encoding gives other columns: the guess starts over unless the user mapped them.
      if (input.mapping === undefined && (input.separator !== undefined || input.encoding !== undefined)) options.mapping = null;
      return { preview: await previewAgain(ctx, row, options) };
    },

    async 'imports.commit'(ctx, input) {
      const row = await ownPreview(ctx, input.id);
      const options = { ...parseOptions(row.options), duplicates: input.duplicates };
      const acc = await loadAccount(db, clock, ctx);
      const slice = createTimeSlice();
      const analysis = await analyse(ctx, acc, row, options, slice);
      if (analysis.problem) throw invalid('id', analysis.problem);
      await markDuplicates(ctx.workspaceId, analysis.rows, slice);
      const invalidRows = analysis.rows.filter((r) => !r.columns);
      if (invalidRows.length > 0 && !input.skip_invalid) {
        const first = invalidRows.slice(0, 3).flatMap((r) => r.errors.slice(0, 1));
        const valid = analysis.rows.length - invalidRows.length;
        throw invalid(
          'skip_invalid',
          `Nothing was imported: ${plural(invalidRows.length, 'row has', 'rows have')} errors (${first.join('; ')}${invalidRows.length > 3 ? '; …' : ''}). Fix the file and choose it again, or import the ${plural(valid, 'valid row')} and skip the ${plural(invalidRows.length, 'other')}`,
        );
      }
      const toSave = analysis.rows.filter((r) => r.columns && (options.duplicates === 'import' || r.duplicate === null));
      const skipped = analysis.rows.length - toSave.length;
      if (toSave.length === 0) {
        throw invalid('duplicates', `Nothing to import: ${invalidRows.length > 0 ? `${plural(invalidRows.length, 'row has', 'rows have')} errors and ` : ''}every valid row is a duplicate of a subscription you already have (choose to import duplicates to save them anyway)`);
      }
      const now = clock.now();
      const nowText = now.toISOString();
      progress.set(row.id, { done: 0, total: toSave.length });
      try {
        await db.transaction().execute(async (trx) => {
          // Claimed first: a second commit of the same preview (a double click, another server) finds it taken.
          // The file goes with the claim: an UPDATE of the row while it holds the file would rewrite all of it.
          const claimed = await claimImportState(trx, ctx.workspaceId, row.id, 'preview', { state: 'committed', committed_at: nowText, file_data: null });
          if (!claimed) throw new AppError('conflict', `Import ${row.id} was already committed`);
          await saveRows(trx, ctx, row.id, toSave, nowText, slice);
          await updateImport(trx, ctx.workspaceId, row.id, { file_data: null, options: JSON.stringify(options), created_count: toSave.length, skipped_count: skipped });
        });
      } finally {
        progress.delete(row.id);
        for (const key of analyses.keys()) if (key.startsWith(`${row.id}\u0000`)) analyses.delete(key);
      }
      reminders.rearm();
      await analyzeAfterImport(db, toSave.length);
      return { import: { id: row.id, created: toSave.length, skipped, undo_until: new Date(now.getTime() + UNDO_MS).toISOString() } };
    },

    async 'imports.undo'(ctx, input) {
      const row = await findImport(db, ctx.workspaceId, input.id);
      const notFound = new AppError('not_found', `Import ${input.id} not found`);
      if (!row) throw notFound;
      if (row.user_id !== ctx.userId && !roleAtLeast(ctx.role, 'admin')) {
        throw new AppError('forbidden', `Only whoever made import ${input.id} or an admin can undo it`);
      }
      if (row.state === 'preview') throw new AppError('conflict', `Import ${input.id} was never committed: there is nothing to undo`);
      if (row.state === 'undone') throw new AppError('conflict', `Import ${input.id} was already undone`);
      const now = clock.now();
      if (now.getTime() - new Date(row.committed_at!).getTime() > UNDO_MS) {
        throw new AppError('conflict', `Import ${input.id} was committed more than ${IMPORT_UNDO_HOURS} hours ago and can no longer be undone as one: delete its subscriptions one by one`);
      }
      const nowText = now.toISOString();
      const removed = await db.transaction().execute(async (trx) => {
        if (!(await claimImportState(trx, ctx.workspaceId, row.id, 'committed', { state: 'undone', undone_at: nowText }))) {
          throw new AppError('conflict', `Import ${input.id} was already undone`);
        }
        const slice = createTimeSlice();
        let removed = 0;
        // A batch at a time, its reminders replanned with it; the transaction holds them all or none.
        for (let after = 0; ; ) {
          const ids = await deleteRowsOfImport(trx, ctx.workspaceId, row.id, nowText, after, PLAN_BATCH);
          if (ids.length === 0) break;
          removed += ids.length;
          after = Math.max(...ids);
          await reminders.expensesChanged(trx, ctx.workspaceId, ids);
          await slice.pause();
        }
        return removed;
      });
      reminders.rearm();
      const summary = (await recentImports(db, ctx.workspaceId, 50)).find((r) => r.id === row.id)!;
      return { import: summaryOf(summary), removed };
    },

    async 'imports.list'(ctx) {
      return { imports: (await recentImports(db, ctx.workspaceId, 20)).filter((r) => r.state !== 'preview').map(summaryOf) };
    },

    async 'imports.progress'(ctx, input) {
      const row = await findImport(db, ctx.workspaceId, input.id);
      if (!row) throw new AppError('not_found', `Import ${input.id} not found`);
      const running = progress.get(row.id);
      const result: ImportProgress = running
        ? { id: row.id, state: 'committing', done: running.done, total: running.total }
        : { id: row.id, state: row.state, done: row.created_count, total: row.state === 'preview' ? row.valid_rows : row.created_count };
      return { progress: result };
    },
  };
}

/** "row 14, Amount: …" → "Amount"; "" when the message names no column. */
function columnOf(message: string): string {
  const match = /^row \d+, ([^:]+?)(?: \(no column\))?:/.exec(message);
  return match ? match[1]! : '';
}
