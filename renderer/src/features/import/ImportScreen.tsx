import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState, type DragEvent } from 'react';
import { IMPORT_FIELD_NAMES, type ImportFieldName } from '../../../../common/contract/import-fields';
import type { ImportPreview, ImportSummary } from '../../../../common/contract/imports';
import type { InputOf } from '../../../../common/contract';
import { useRoute } from '../../app/router';
import { Chip } from '../../components/Chip';
import { FormAlert } from '../../components/FormAlert';
import { Icon } from '../../components/icons';
import { pickFile, saveFile } from '../../lib/files';
import { cycleLabel } from '../../lib/format';
import { useFormatters } from '../../lib/use-formatters';
import { useAccess } from '../team/access';
import { onDroppedFile, takeDroppedFile } from './dropped-file';
import { commitImport, exportSubscriptions, importProgress, previewImport, remapImport, undoImport, useRecentImports } from './queries';
import './import.css';

// Import: a CSV or a Wallos/Spend Manager export in, through a preview of what will be saved (columns mapped
// from the headers, remappable; errors and warnings by row and column; duplicates flagged), then one commit
// with a progress bar, undoable for 24 hours. Export: the same columns out, as CSV or JSON.

const FIELD_LABELS: Record<ImportFieldName, string> = {
  name: 'Name',
  amount: 'Amount',
  currency: 'Currency',
  billing_cycle: 'Billing cycle',
  renewal_date: 'Next renewal',
  billing_day: 'Billing day',
  category: 'Category',
  description: 'Description',
  url: 'URL',
  payment_method: 'Payment method',
  status: 'Status',
  auto_renew: 'Auto-renew',
  notice_period_days: 'Notice period (days)',
  last_day_to_cancel: 'Last day to cancel',
  trial_ends_on: 'Trial ends',
  owner: 'Owner',
  cost_centre: 'Cost centre',
  seats: 'Seats',
  seat_price: 'Price per seat',
  reminder_days: 'Reminder days',
  reminders_enabled: 'Notifications on/off',
};

const failure = (error: unknown, fallback: string) => (error instanceof Error ? error.message : fallback);
const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString()} ${n === 1 ? one : many}`;

type Done = { id: number; created: number; skipped: number; undo_until: string };

export function ImportScreen() {
  const id = useId();
  const route = useRoute();
  const queryClient = useQueryClient();
  const access = useAccess();
  const f = useFormatters();
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [busy, setBusy] = useState<null | 'reading' | 'saving' | 'undoing'>(null);
  const [error, setError] = useState<string | null>(null);
  const [skipInvalid, setSkipInvalid] = useState(false);
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [done, setDone] = useState<Done | null>(null);
  const [dragging, setDragging] = useState(false);
  const [undoneMessage, setUndoneMessage] = useState<string | null>(null);
  const exportRef = useRef<HTMLElement>(null);
  const recent = useRecentImports();

  async function read(file: File) {
    setBusy('reading');
    setError(null);
    setDone(null);
    setUndoneMessage(null);
    setPreview(null);
    try {
      setPreview(await previewImport(file));
      setSkipInvalid(false);
    } catch (e) {
      setError(failure(e, 'The file could not be read'));
    } finally {
      setBusy(null);
    }
  }

  // A file dropped anywhere on the window (the shell routes it here), or the menu's "Export…".
  useEffect(() => {
    const take = () => {
      const dropped = takeDroppedFile();
      if (dropped) void read(dropped);
    };
    take();
    return onDroppedFile(take);
  }, []);
  useEffect(() => {
    if (route === '/import/export') exportRef.current?.scrollIntoView({ block: 'start' });
  }, [route]);

  async function choose() {
    const file = await pickFile('.csv,.tsv,.txt,.json,text/csv,application/json');
    if (file) await read(file);
  }

  async function remap(change: Omit<InputOf<'imports.remap'>, 'id'>) {
    if (!preview) return;
    setBusy('reading');
    setError(null);
    try {
      setPreview(await remapImport({ ...change, id: preview.id }));
    } catch (e) {
      setError(failure(e, 'The preview could not be made again'));
    } finally {
      setBusy(null);
    }
  }

  async function commit() {
    if (!preview) return;
    setBusy('saving');
    setError(null);
    setProgress({ done: 0, total: preview.will_create });
    // Progress is read while the commit runs (a team server answers it at once; a local database when the commit ends).
    const timer = setInterval(() => {
      void importProgress(preview.id)
        .then((p) => setProgress({ done: p.done, total: p.total }))
        .catch(() => {});
    }, 400);
    try {
      setDone(await commitImport({ id: preview.id, skip_invalid: skipInvalid, duplicates: preview.duplicates_choice }));
      setPreview(null);
      await queryClient.invalidateQueries();
    } catch (e) {
      setError(failure(e, 'The import failed; nothing was saved'));
    } finally {
      clearInterval(timer);
      setProgress(null);
      setBusy(null);
    }
  }

  async function undo(importId: number) {
    setBusy('undoing');
    setError(null);
    try {
      const result = await undoImport(importId);
      setDone(null);
      setError(null);
      await queryClient.invalidateQueries();
      setUndoneMessage(`Removed ${plural(result.removed, 'subscription')} that ${result.import.file_name} had added.`);
    } catch (e) {
      setError(failure(e, 'The import could not be undone'));
    } finally {
      setBusy(null);
    }
  }
  async function exportAs(format: 'csv' | 'json') {
    setError(null);
    try {
      saveFile(await exportSubscriptions(format));
    } catch (e) {
      setError(failure(e, 'The export could not be made'));
    }
  }

  function onDrop(event: DragEvent) {
    event.preventDefault();
    // The window's own drop handler (the shell's) would hand it over a second time.
    event.stopPropagation();
    setDragging(false);
    const file = event.dataTransfer.files[0];
    if (file) void read(file);
  }

  const columnOf = (field: ImportFieldName): number | undefined => preview?.mapping[field];
  const fieldOfColumn = (column: number): ImportFieldName | '' => (IMPORT_FIELD_NAMES.find((field) => columnOf(field) === column) ?? '');

  function mapColumn(column: number, field: ImportFieldName | '') {
    const change: Partial<Record<ImportFieldName, number | null>> = {};
    const previous = fieldOfColumn(column);
    if (previous) change[previous] = null;
    if (field) change[field] = column;
    void remap({ mapping: change });
  }

  const blocked = preview !== null && (preview.mapping_problem !== null || preview.will_create === 0);
  const needsSkip = preview !== null && preview.invalid_rows > 0;

  return (
    <>
      <header className="page-header">
        <div>
          <h1>Import</h1>
          <p>Bring in subscriptions from a spreadsheet (CSV) or a Wallos export, and take them out again.</p>
        </div>
      </header>
      {access.canAdd ? (
        <section
          className={`card import-drop${dragging ? ' dragging' : ''}`}
          aria-labelledby={`${id}-drop`}
          onDragOver={(e) => {
            e.preventDefault();
            setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={onDrop}
        >
          <Icon name="import" size={28} />
          <h2 id={`${id}-drop`}>Drop a file here, or choose one</h2>
          <p className="muted">CSV with commas, semicolons or tabs (UTF-8 or Windows-1252), a Wallos export (JSON or CSV), or this app’s own export. Nothing is saved until you confirm.</p>
          <button type="button" className="btn btn-primary" disabled={busy !== null} onClick={() => void choose()}>
            {busy === 'reading' ? 'Reading…' : 'Choose file…'}
          </button>
        </section>
      ) : (
        <p className="role-note muted">{access.reason}</p>
      )}

      <FormAlert message={error} />
      {undoneMessage ? (
        <p className="import-ok" role="status">
          {undoneMessage}
        </p>
      ) : null}
      {done ? (
        <div className="card import-done" role="status">
          <p>
            Imported {plural(done.created, 'subscription')}
            {done.skipped > 0 ? `, skipped ${plural(done.skipped, 'row')}` : ''}. You can undo this import until {f.dateTime(done.undo_until)}.
          </p>
          <div className="import-actions">
            <a className="btn btn-primary" href="#/subscriptions">
              See them
            </a>
            <button type="button" className="btn" disabled={busy !== null} onClick={() => void undo(done.id)}>
              Undo import
            </button>
          </div>
        </div>
      ) : null}

      {busy === 'saving' && progress ? (
        <div className="card import-progress" role="status" aria-live="polite">
          <p>
            Saving {progress.done > 0 ? `${progress.done.toLocaleString()} of ` : ''}
            {plural(progress.total, 'subscription')}…
          </p>
          <progress max={progress.total} value={progress.done > 0 ? progress.done : undefined} aria-label="Import progress" />
        </div>
      ) : null}

      {preview ? (
        <section className="card import-preview" aria-labelledby={`${id}-preview`}>
          <div className="import-preview-head">
            <h2 id={`${id}-preview`}>{preview.file_name}</h2>
            <p className="muted">
              {formatName(preview.format)} · {plural(preview.total_rows, 'row')} · {plural(preview.valid_rows, 'valid row')}
              {preview.invalid_rows > 0 ? ` · ${plural(preview.invalid_rows, 'row')} with errors` : ''}
            </p>
          </div>

          {preview.date_order_ambiguous ? (
            <div className="import-question" role="group" aria-labelledby={`${id}-dates`}>
              <p id={`${id}-dates`}>
                <strong>How are the dates written?</strong> Every day in this file is 12 or less, so 03/04/2027 could be 3 April or 4 March.
              </p>
              <div className="import-actions">
                <button type="button" className="btn" disabled={busy !== null} onClick={() => void remap({ date_order: 'dmy' })}>
                  Day first (31/03/2027)
                </button>
                <button type="button" className="btn" disabled={busy !== null} onClick={() => void remap({ date_order: 'mdy' })}>
                  Month first (03/31/2027)
                </button>
              </div>
            </div>
          ) : null}

          {preview.mapping_problem ? <FormAlert message={preview.mapping_problem} /> : null}

          <div className="import-options">
            {preview.separator !== null ? (
              <label>
                Separator
                <select value={preview.separator} disabled={busy !== null} onChange={(e) => void remap({ separator: e.target.value })}>
                  <option value=",">Comma</option>
                  <option value=";">Semicolon</option>
                  <option value={'\t'}>Tab</option>
                </select>
              </label>
            ) : null}
            <label>
              Encoding
              <select value={preview.encoding} disabled={busy !== null} onChange={(e) => void remap({ encoding: e.target.value === 'windows-1252' ? 'windows-1252' : 'utf-8' })}>
                <option value="utf-8">UTF-8</option>
                <option value="windows-1252">Windows-1252 (Excel, Western Europe)</option>
              </select>
            </label>
            <label>
              Amounts
              <select value={preview.decimal_mark} disabled={busy !== null} onChange={(e) => void remap({ decimal_mark: e.target.value === 'comma' ? 'comma' : 'point' })}>
                <option value="point">1,234.56 (decimal point)</option>
                <option value="comma">1.234,56 (decimal comma)</option>
              </select>
            </label>
            <label>
              Dates
              <select value={preview.date_order} disabled={busy !== null} onChange={(e) => void remap({ date_order: e.target.value as 'ymd' | 'dmy' | 'mdy' })}>
                <option value="ymd">Year first (2027-03-31)</option>
                <option value="dmy">Day first (31/03/2027)</option>
                <option value="mdy">Month first (03/31/2027)</option>
              </select>
            </label>
          </div>

          <h3>Columns</h3>
          <div className="import-mapping">
            {preview.headers.map((header, column) => (
              <label key={`${column}-${header}`}>
                <span className="import-header" title={header}>
                  {header || `Column ${column + 1}`}
                </span>
                <select aria-label={`Column ${header || column + 1} holds`} value={fieldOfColumn(column)} disabled={busy !== null} onChange={(e) => mapColumn(column, e.target.value as ImportFieldName | '')}>
                  <option value="">Not imported</option>
                  {IMPORT_FIELD_NAMES.map((field) => (
                    <option key={field} value={field}>
                      {FIELD_LABELS[field]}
                    </option>
                  ))}
                </select>
              </label>
            ))}
          </div>

          {preview.error_count > 0 ? (
            <details className="import-problems errors" open>
              <summary>{plural(preview.error_count, 'error')}</summary>
              <ul>
                {preview.errors.map((p, i) => (
                  <li key={i}>{p.message}</li>
                ))}
              </ul>
              {preview.error_count > preview.errors.length ? <p className="muted">…and {plural(preview.error_count - preview.errors.length, 'more')}.</p> : null}
            </details>
          ) : null}
          {preview.warning_count > 0 ? (
            <details className="import-problems warnings">
              <summary>{plural(preview.warning_count, 'warning')}</summary>
              <ul>
                {preview.warnings.map((p, i) => (
                  <li key={i}>{p.message}</li>
                ))}
              </ul>
            </details>
          ) : null}

          {preview.duplicates.existing + preview.duplicates.in_file > 0 ? (
            <fieldset className="import-duplicates">
              <legend>
                {plural(preview.duplicates.existing + preview.duplicates.in_file, 'row looks', 'rows look')} like a duplicate
                {preview.duplicates.existing > 0 ? ` (${preview.duplicates.existing.toLocaleString()} of a subscription you have` : ' ('}
                {preview.duplicates.in_file > 0 ? `${preview.duplicates.existing > 0 ? ', ' : ''}${preview.duplicates.in_file.toLocaleString()} of an earlier row` : ''}): same name, amount and cycle
              </legend>
              <label>
                <input type="radio" name={`${id}-dup`} checked={preview.duplicates_choice === 'skip'} disabled={busy !== null} onChange={() => void remap({ duplicates: 'skip' })} /> Skip them
              </label>
              <label>
                <input type="radio" name={`${id}-dup`} checked={preview.duplicates_choice === 'import'} disabled={busy !== null} onChange={() => void remap({ duplicates: 'import' })} /> Import them anyway
              </label>
            </fieldset>
          ) : null}

          <h3>First {Math.min(preview.rows.length, preview.total_rows)} rows as they will be saved</h3>
          <div className="import-table-wrap">
            <table className="import-table">
              <thead>
                <tr>
                  <th scope="col">Row</th>
                  <th scope="col">Name</th>
                  <th scope="col">Amount</th>
                  <th scope="col">Next renewal</th>
                  <th scope="col">Category</th>
                  <th scope="col">Status</th>
                </tr>
              </thead>
              <tbody>
                {preview.rows.map((row) =>
                  row.expense ? (
                    <tr key={row.row} className={row.duplicate ? 'duplicate' : undefined}>
                      <td>{row.row}</td>
                      <td>
                        {row.expense.name}
                        {row.duplicate ? (
                          <>
                            {' '}
                            <Chip tone="warning">{row.duplicate === 'existing' ? 'already tracked' : 'twice in file'}</Chip>
                          </>
                        ) : null}
                      </td>
                      <td>
                        {f.money(row.expense.amount, row.expense.currency)} {cycleLabel(row.expense.billing_cycle)}
                      </td>
                      <td>{f.date(row.expense.renewal_date)}</td>
                      <td>{row.expense.category}</td>
                      <td>{row.expense.status}</td>
                    </tr>
                  ) : (
                    <tr key={row.row} className="invalid">
                      <td>{row.row}</td>
                      <td colSpan={5}>{row.errors.join('; ')}</td>
                    </tr>
                  ),
                )}
              </tbody>
            </table>
          </div>

          {needsSkip && !preview.mapping_problem ? (
            <label className="import-skip">
              <input type="checkbox" checked={skipInvalid} onChange={(e) => setSkipInvalid(e.target.checked)} /> Import the {plural(preview.valid_rows, 'valid row')} and skip the {plural(preview.invalid_rows, 'row')} with errors
            </label>
          ) : null}
          <div className="import-actions">
            <button type="button" className="btn btn-primary" disabled={busy !== null || blocked || (needsSkip && !skipInvalid)} onClick={() => void commit()}>
              {busy === 'saving' ? 'Importing…' : `Import ${plural(preview.will_create, 'subscription')}`}
            </button>
            <button type="button" className="btn" disabled={busy !== null} onClick={() => setPreview(null)}>
              Cancel
            </button>
          </div>
          {needsSkip && !skipInvalid ? <p className="muted">Nothing is imported while rows have errors: fix the file and choose it again, or skip those rows.</p> : null}
        </section>
      ) : null}

      <section ref={exportRef} className="card" aria-labelledby={`${id}-export`}>
        <h2 id={`${id}-export`}>Export</h2>
        <p className="muted">Every subscription of this workspace, in the columns this screen imports. CSV opens in Excel; JSON keeps every field in its own type.</p>
        <div className="import-actions">
          <button type="button" className="btn" onClick={() => void exportAs('csv')}>
            Export CSV
          </button>
          <button type="button" className="btn" onClick={() => void exportAs('json')}>
            Export JSON
          </button>
        </div>
      </section>

      {recent.data && recent.data.imports.length > 0 ? (
        <section className="card" aria-labelledby={`${id}-recent`}>
          <h2 id={`${id}-recent`}>Recent imports</h2>
          <ul className="import-recent">
            {recent.data.imports.map((item: ImportSummary) => (
              <li key={item.id}>
                <span>
                  <strong>{item.file_name}</strong> · {f.dateTime(item.committed_at ?? item.created_at)} · {item.username} · {plural(item.created, 'subscription')}
                  {item.state === 'undone' ? ' · undone' : ''}
                </span>
                {item.can_undo ? (
                  <button type="button" className="btn" disabled={busy !== null} onClick={() => void undo(item.id)}>
                    Undo
                  </button>
                ) : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </>
  );
}

function formatName(format: string): string {
  if (format === 'wallos-json') return 'Wallos export (JSON)';
  if (format === 'wallos-csv') return 'Wallos export (CSV)';
  if (format === 'spend-manager-json') return 'Spend Manager export (JSON)';
  return 'CSV';
}
