import { useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import type { RestorePreview } from '../../../../common/contract/backups';
import { bridge } from '../../api/client';
import { pickFile, saveFile } from '../../lib/files';
import { subscriptionKeys, useCategories } from '../subscriptions/queries';
import { accountingExport, databaseBackup, previewRestore, restoreBackup, setAccountCode, workspaceBackup } from './queries';
import { SettingsSection } from './section-form';

// Settings → Data: back up the workspace (and, on the desktop, the whole database), restore a backup after
// reading what it will change, export next month's charges as bills for Xero or QuickBooks, and the account
// code each category's bill lines are booked to.

type Message = { ok: boolean; text: string } | null;
const failure = (error: unknown, fallback: string) => (error instanceof Error ? error.message : fallback);

export function DataSection() {
  const id = useId();
  const queryClient = useQueryClient();
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<Message>(null);
  const [preview, setPreview] = useState<RestorePreview | null>(null);
  const [format, setFormat] = useState<'xero' | 'quickbooks'>('xero');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');

  async function run(work: () => Promise<string | null>, fallback: string) {
    setBusy(true);
    setMessage(null);
    try {
      const text = await work();
      if (text) setMessage({ ok: true, text });
    } catch (error) {
      setMessage({ ok: false, text: failure(error, fallback) });
    } finally {
      setBusy(false);
    }
  }

  const backUp = () =>
    run(async () => {
      const file = await workspaceBackup();
      saveFile(file);
      return `Saved ${file.name}`;
    }, 'The backup could not be made');

  const backUpDatabase = () =>
    run(async () => {
      const file = await databaseBackup();
      saveFile(file);
      return `Saved ${file.name}`;
    }, 'The database backup could not be made');

  const chooseRestore = () =>
    run(async () => {
      const file = await pickFile('.json,.db,application/json');
      if (!file) return null;
      setPreview(await previewRestore(file));
      return null;
    }, 'The file could not be checked');

  const confirmRestore = (pending: RestorePreview) =>
    run(async () => {
      const result = await restoreBackup(pending.id);
      setPreview(null);
      await queryClient.invalidateQueries();
      return result.message;
    }, 'The restore failed; nothing was changed');

  const exportBills = () =>
    run(async () => {
      const file = await accountingExport({ format, ...(from ? { from } : {}), ...(to ? { to } : {}) });
      saveFile(file);
      return `Saved ${file.name}`;
    }, 'The export could not be made');

  return (
    <SettingsSection title="Data" description="Backups, restore and the accounting export. Backups never hold passwords, tokens or other secrets.">
      <div className="settings-actions">
        <button type="button" className="btn" disabled={busy} onClick={() => void backUp()}>
          Back up now
        </button>
        {bridge ? (
          <button type="button" className="btn" disabled={busy} onClick={() => void backUpDatabase()}>
            Back up database
          </button>
        ) : null}
        <button type="button" className="btn" disabled={busy} onClick={() => void chooseRestore()}>
          Restore…
        </button>
      </div>
      <p className="muted">A copy of the database is also kept automatically once a day in the data folder (the last 7).</p>

      {preview ? (
        <div role="alertdialog" aria-labelledby={`${id}-restore`} className="card">
          <h3 id={`${id}-restore`}>Restore this backup?</h3>
          <p>{preview.summary}</p>
          <p className="muted">The data as it is now is kept as a backup in the data folder first.</p>
          <div className="settings-actions">
            <button type="button" className="btn btn-danger" disabled={busy} onClick={() => void confirmRestore(preview)}>
              Replace with the backup
            </button>
            <button type="button" className="btn" disabled={busy} onClick={() => setPreview(null)}>
              Cancel
            </button>
          </div>
        </div>
      ) : null}

      <h3>Accounting export</h3>
      <div className="data-export">
        <label>
          Format
          <select value={format} onChange={(e) => setFormat(e.target.value === 'quickbooks' ? 'quickbooks' : 'xero')}>
            <option value="xero">Xero (Import bills)</option>
            <option value="quickbooks">QuickBooks Online (bills)</option>
          </select>
        </label>
        <label>
          From
          <input type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
        </label>
        <label>
          To
          <input type="date" value={to} onChange={(e) => setTo(e.target.value)} />
        </label>
        <button type="button" className="btn" disabled={busy} onClick={() => void exportBills()}>
          Export bills
        </button>
      </div>
      <p className="muted">Leave the dates empty for next month. Dates in the file are DD/MM/YYYY.</p>

      <AccountCodes />

      {message ? (
        <p role={message.ok ? 'status' : 'alert'} className={message.ok ? 'muted' : 'field-error'}>
          {message.text}
        </p>
      ) : null}
    </SettingsSection>
  );
}

function AccountCodes() {
  const id = useId();
  const queryClient = useQueryClient();
  const { data: categories } = useCategories();
  const [errors, setErrors] = useState<Record<number, string>>({});
  if (!categories) return null;

  async function save(categoryId: number, code: string) {
    try {
      await setAccountCode(categoryId, code);
      setErrors(({ [categoryId]: _gone, ...rest }) => rest);
      await queryClient.invalidateQueries({ queryKey: subscriptionKeys.categories });
    } catch (error) {
      setErrors((all) => ({ ...all, [categoryId]: failure(error, 'The code could not be saved') }));
    }
  }

  return (
    <table className="data-codes">
      <caption>Account code per category (the code each bill line is booked to)</caption>
      <thead>
        <tr>
          <th scope="col">Category</th>
          <th scope="col">Account code</th>
        </tr>
      </thead>
      <tbody>
        {categories.map((c) => (
          <tr key={c.id}>
            <td>
              <label htmlFor={`${id}-${c.id}`}>{c.name}</label>
            </td>
            <td>
              <input id={`${id}-${c.id}`} defaultValue={c.account_code ?? ''} maxLength={30} onBlur={(e) => void save(c.id, e.target.value)} />
              {errors[c.id] ? (
                <span role="alert" className="field-error">
                  {errors[c.id]}
                </span>
              ) : null}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
