import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Kysely } from 'kysely';
import type { RestorePreview } from '../../common/contract/backups';
import type { FileOut } from '../../common/contract/files';
import { AppError } from '../../common/errors';
import type { Ports, SignedInContext } from '../core/context';
import type { HandlersFor } from '../core/handlers';
import { deleteBudgetsOfWorkspace, insertBudgets } from '../db/repositories/budgets';
import { deleteCategoriesOfWorkspace, insertCategory } from '../db/repositories/categories';
import { budgetScopeKey } from './budgets';
import { deleteExpensesOfWorkspace, insertExpense } from '../db/repositories/expenses';
import { deleteRemindersOfWorkspace } from '../db/repositories/reminders';
import { replaceRates } from '../db/repositories/exchange-rates';
import { insertPayments } from '../db/repositories/payments';
import { insertContracts } from '../db/repositories/contracts';
import { insertPriceChanges } from '../db/repositories/price-changes';
import { insertReviewDecisions } from '../db/repositories/review-decisions';
import { setReviewThreshold } from '../db/repositories/review-settings';
import { upsertSettings } from '../db/repositories/settings';
import { countWorkspaceRows, insertReminderRows, memberIdsByUsername, readWorkspaceRows, type NewReminderState, type WorkspaceRows } from '../db/repositories/workspace-backup';
import type { Database } from '../db/schema';
import type { CopyDatabase } from '../db/database-copy';
import { countOtherUsers } from '../db/repositories/workspace-backup';
import { findWorkspace } from '../db/repositories/workspaces';
import { isSqliteFile, workspaceRowsFromSqliteFile } from '../db/sqlite-backup-file';
import { BACKUP_FORMAT, BACKUP_VERSION, LATEST_SCHEMA, type WorkspaceBackup, readBackup } from './backup-document';

// Backup and restore of one workspace (issue 11). A backup holds the workspace's own rows and never a secret:
// no SMTP password (it is in the keychain), no session or invitation tokens, no password hashes, no two-factor
// secrets; members are usernames only. A restore is checked first, kept pending 30 minutes, and confirmed.

export interface BackupOptions {
  /** The data folder's backups folder: pre-restore copies (kept) and pending restores. */
  backupsDir: string;
  /** SQLite's online backup into a file; null on PostgreSQL, whose server's administrator backs it up. */
  copyDatabase: CopyDatabase | null;
}

export const TEAM_DATABASE_BACKUP = 'On a team server the database is backed up by its administrator: use the workspace backup';

const PENDING_MS = 30 * 60 * 1000;

interface PendingRestore {
  workspace_id: number;
  user_id: number;
  expires_at: string;
  backup: WorkspaceBackup;
}

/** A workspace name as a file name part: "Acme Ltd" → "acme-ltd". */
export function fileSlug(name: string): string {
  return name.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40) || 'workspace';
}

const dayText = (iso: string) => new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${iso.slice(0, 10)}T12:00:00Z`));
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** The workspace as one backup document (every stored column; money in minor units with its currency). */
export async function workspaceBackup(db: Kysely<Database>, workspaceId: number, now: string): Promise<WorkspaceBackup> {
  return backupOfRows(await readWorkspaceRows(db, workspaceId), now);
}

export function backupOfRows(rows: WorkspaceRows, now: string): WorkspaceBackup {
  const s = rows.settings;
  return {
    format: BACKUP_FORMAT,
    version: BACKUP_VERSION,
    schema: LATEST_SCHEMA,
    created_at: now,
    workspace: rows.workspace,
    settings: s
      ? {
          base_currency: s.base_currency,
          reminder_days_default: s.reminder_days_default,
          reminder_time: s.reminder_time,
          reminders_paused_until: s.reminders_paused_until,
          smtp_host: s.smtp_host,
          smtp_port: s.smtp_port,
          smtp_security: s.smtp_security,
          smtp_username: s.smtp_username,
          smtp_from: s.smtp_from,
          rates_daily: s.rates_daily === 1 ? 1 : 0,
        }
      : null,
    rates: rows.rates.map((r) => ({ currency: r.currency, rate: r.rate, updated_at: r.updated_at, source: r.source, rate_date: r.rate_date })),
    reviews: {
      threshold_minor: rows.reviewThreshold,
      decisions: rows.reviews.map(({ id: _id, workspace_id: _workspace, user_id: _user, expense_id, ...d }) => ({ ...d, subscription_id: expense_id })),
    },
    payments: rows.payments.map(({ id: _id, workspace_id: _workspace, expense_id, recorded_by: _user, recorded_by_name, ...p }) => ({ ...p, subscription_id: expense_id, recorded_by: recorded_by_name })),
    price_changes: rows.priceChanges.map(({ id: _id, workspace_id: _workspace, expense_id, user_id: _user, user_name, ...c }) => ({ ...c, subscription_id: expense_id, changed_by: user_name })),
    budgets: rows.budgets.map((b) => ({
      scope: b.scope,
      category_id: b.category_id,
      cost_centre: b.cost_centre,
      amount_minor: b.amount_minor,
      currency: b.currency,
      created_at: b.created_at,
      updated_at: b.updated_at,
    })),
    contracts: rows.contracts.map(({ expense_id, ...c }) => ({ ...c, subscription_id: expense_id })),
    categories: rows.categories.map((c) => ({
      id: c.id,
      name: c.name,
      is_default: c.is_default === 1 ? 1 : 0,
      account_code: c.account_code,
      created_at: c.created_at,
      updated_at: c.updated_at,
    })),
    subscriptions: rows.expenses.map(({ user_id: _user, workspace_id: _workspace, auto_renew, reminder_sent, ...e }) => ({
      ...e,
      auto_renew: auto_renew === 1 ? 1 : 0,
      reminder_sent: reminder_sent === 1 ? 1 : 0,
    })),
    reminders: rows.reminders
      .filter((r) => r.state !== 'pending' && r.state !== 'sending')
      .map((r) => ({
        subscription_id: r.expense_id,
        kind: r.kind,
        target_date: r.target_date,
        lead_days: r.lead_days,
        due_at: r.due_at,
        state: r.state as 'sent' | 'failed' | 'missed' | 'snoozed' | 'dismissed',
        snoozed_until: r.snoozed_until,
        sent_at: r.sent_at,
        dismissed_from: r.dismissed_from,
        created_at: r.created_at,
        updated_at: r.updated_at,
      })),
    members: rows.members,
  };
}

/** When a database file was taken, as near as its rows tell: its latest change (a file carries no date of its own). */
function latestChange(rows: WorkspaceRows): string {
  const stamps = [...rows.expenses.map((e) => e.updated_at), ...rows.categories.map((c) => c.updated_at), rows.settings?.updated_at ?? ''];
  return stamps.reduce((a, b) => (b > a ? b : a), '') || new Date(0).toISOString();
}

async function backupOfSqliteFile(db: Kysely<Database>, workspaceId: number, bytes: Uint8Array): Promise<WorkspaceBackup> {
  const rows = await workspaceRowsFromSqliteFile(bytes, (await findWorkspace(db, workspaceId))?.name ?? '');
  // Through the same row checks as a JSON backup.
  return readBackup(new TextEncoder().encode(JSON.stringify(backupOfRows(rows, latestChange(rows)))));
}

export function backupFile(backup: WorkspaceBackup): FileOut {
  return {
    name: `spend-manager-backup-${fileSlug(backup.workspace.name)}-${backup.created_at.slice(0, 10)}.json`,
    type: 'application/json',
    data: JSON.stringify(backup, null, 2),
  };
}

/** Replaces the workspace's categories, subscriptions, reminders, settings, rates and review log with the backup's (inside trx). */
async function replaceWorkspace(trx: Kysely<Database>, ctx: SignedInContext, backup: WorkspaceBackup, now: string): Promise<number[]> {
  const ws = ctx.workspaceId;
  await deleteRemindersOfWorkspace(trx, ws);
  await deleteExpensesOfWorkspace(trx, ws);
  await deleteCategoriesOfWorkspace(trx, ws);
  const categoryIds = new Map<number, number>();
  for (const c of backup.categories) {
    const row = await insertCategory(trx, { user_id: ctx.userId, workspace_id: ws, name: c.name, is_default: c.is_default, account_code: c.account_code, created_at: c.created_at, updated_at: c.updated_at });
    categoryIds.set(c.id, row.id);
  }
  const owners = await memberIdsByUsername(trx, ws);
  const expenseIds = new Map<number, { id: number; owner: number }>();
  for (const { id, category_id, owner, ...s } of backup.subscriptions) {
    const userId = owners.get(owner.toLowerCase()) ?? ctx.userId;
    const newId = await insertExpense(trx, { ...s, user_id: userId, workspace_id: ws, category_id: categoryIds.get(category_id)! });
    expenseIds.set(id, { id: newId, owner: userId });
  }
  const reminders: NewReminderState[] = backup.reminders.map(({ subscription_id, ...r }) => {
    const expense = expenseIds.get(subscription_id)!;
    return {
      ...r,
      user_id: expense.owner,
      workspace_id: ws,
      expense_id: expense.id,
      next_attempt_at: null,
      attempts: 0,
      claimed_at: null,
      last_error: null,
      last_error_summary: null,
      message_id: null,
      notification: null,
      notified_at: null,
      email: null,
      email_to: null,
      emailed_at: null,
    };
  });
  await insertReminderRows(trx, reminders);
  if (backup.settings) await upsertSettings(trx, ws, { ...backup.settings, updated_at: now });
  if (backup.rates) await replaceRates(trx, ws, backup.rates);
  if (backup.reviews) {
    // The log went with the subscriptions it was about (deleted above); it comes back with their new ids.
    const decisions = backup.reviews.decisions.map(({ subscription_id, decided_by, ...d }) => ({
      ...d,
      workspace_id: ws,
      expense_id: expenseIds.get(subscription_id)!.id,
      user_id: decided_by === null ? null : (owners.get(decided_by.toLowerCase()) ?? null),
    }));
    await insertReviewDecisions(trx, decisions);
    await setReviewThreshold(trx, ws, backup.reviews.threshold_minor, now);
  }
  if (backup.payments) {
    // Payments went with their subscriptions too; they come back on the new ids, who recorded them by username.
    await insertPayments(
      trx,
      backup.payments.map(({ subscription_id, recorded_by, ...p }) => ({
        ...p,
        workspace_id: ws,
        expense_id: expenseIds.get(subscription_id)!.id,
        recorded_by: recorded_by === null ? null : (owners.get(recorded_by.toLowerCase()) ?? null),
      })),
    );
  }
  if (backup.price_changes) {
    await insertPriceChanges(
      trx,
      backup.price_changes.map(({ subscription_id, changed_by, ...c }) => ({
        ...c,
        workspace_id: ws,
        expense_id: expenseIds.get(subscription_id)!.id,
        user_id: changed_by === null ? null : (owners.get(changed_by.toLowerCase()) ?? null),
      })),
    );
  }
  if (backup.budgets) {
    // Category budgets went with the categories (deleted above); the backup's budgets replace all of them.
    await deleteBudgetsOfWorkspace(trx, ws);
    await insertBudgets(
      trx,
      backup.budgets.map((b) => {
        const categoryId = b.category_id === null ? null : categoryIds.get(b.category_id)!;
        return { ...b, workspace_id: ws, category_id: categoryId, scope_key: budgetScopeKey(b.scope, categoryId, b.cost_centre) };
      }),
    );
  }
  if (backup.contracts) await insertContracts(trx, backup.contracts.map(({ subscription_id, ...c }) => ({ ...c, expense_id: expenseIds.get(subscription_id)!.id })));
  return [...expenseIds.values()].map((e) => e.id);
}

export function backupHandlers(ports: Ports, options: BackupOptions): HandlersFor<'backups'> {
  const { db, clock, reminders } = ports;
  const pendingDir = path.join(options.backupsDir, 'pending');
  const pendingFile = (id: string) => path.join(pendingDir, `${id}.json`);

  async function forgetExpired(): Promise<void> {
    const names = await fs.readdir(pendingDir).catch(() => [] as string[]);
    const cutoff = clock.now().getTime() - PENDING_MS;
    for (const name of names) {
      const file = path.join(pendingDir, name);
      const stat = await fs.stat(file).catch(() => null);
      if (stat && stat.mtimeMs < cutoff) await fs.rm(file, { force: true });
    }
  }

  return {
    async 'backups.create'(ctx) {
      return backupFile(await workspaceBackup(db, ctx.workspaceId, clock.now().toISOString()));
    },

    async 'backups.database'(ctx) {
      if (!options.copyDatabase) throw new AppError('conflict', TEAM_DATABASE_BACKUP);
      // The file holds every account on it: only an account alone on its database may take it whole.
      if ((await countOtherUsers(db, ctx.userId)) > 0) {
        throw new AppError('forbidden', 'This database holds other accounts too, so only whoever runs the server can copy it: use the workspace backup');
      }
      const now = clock.now().toISOString();
      const target = path.join(options.backupsDir, 'downloads', `${randomBytes(8).toString('hex')}.db`);
      try {
        await options.copyDatabase(target);
        const data = new Uint8Array(await fs.readFile(target));
        return { name: `spend-manager-database-${now.slice(0, 10)}.db`, type: 'application/vnd.sqlite3', data };
      } finally {
        await fs.rm(target, { force: true });
      }
    },

    async 'backups.restorePreview'(ctx, input) {
      // A database file (the database backup, a daily one): its workspace of this name, read on a checked copy.
      const backup = isSqliteFile(input.file) ? await backupOfSqliteFile(db, ctx.workspaceId, input.file) : readBackup(input.file);
      const current = await countWorkspaceRows(db, ctx.workspaceId);
      const incoming = {
        subscriptions: backup.subscriptions.filter((s) => s.deleted_at === null).length,
        categories: backup.categories.length,
        reminders: backup.reminders.length,
      };
      const id = randomBytes(16).toString('hex');
      const expiresAt = new Date(clock.now().getTime() + PENDING_MS).toISOString();
      await fs.mkdir(pendingDir, { recursive: true });
      await forgetExpired();
      const pending: PendingRestore = { workspace_id: ctx.workspaceId, user_id: ctx.userId, expires_at: expiresAt, backup };
      await fs.writeFile(pendingFile(id), JSON.stringify(pending), { mode: 0o600 });
      const summary =
        `Replaces ${plural(current.subscriptions, 'subscription')} with ${incoming.subscriptions} from the backup of ${dayText(backup.created_at)} ` +
        `(workspace '${backup.workspace.name}'); categories: ${current.categories} → ${incoming.categories}; reminders kept as sent or snoozed: ${incoming.reminders}`;
      const preview: RestorePreview = {
        id,
        summary,
        backup: { workspace: backup.workspace.name, created_at: backup.created_at, schema: backup.schema },
        current,
        incoming,
        expires_at: expiresAt,
      };
      return preview;
    },

    async 'backups.restore'(ctx, input) {
      const gone = new AppError('not_found', 'This restore is not pending any more (it expired after 30 minutes, or was done): choose the file again');
      const raw = await fs.readFile(pendingFile(input.id), 'utf8').catch(() => null);
      if (raw === null) throw gone;
      const pending = JSON.parse(raw) as PendingRestore;
      if (pending.workspace_id !== ctx.workspaceId || pending.user_id !== ctx.userId || new Date(pending.expires_at).getTime() < clock.now().getTime()) throw gone;
      // Checked again: the pending file is on disk, and a restore must never start from rows it has not checked.
      const backup = readBackup(new TextEncoder().encode(JSON.stringify(pending.backup)));
      const now = clock.now().toISOString();
      const before = backupFile(await workspaceBackup(db, ctx.workspaceId, now));
      const keptName = before.name.replace(/^spend-manager-backup-/, 'pre-restore-').replace(/\.json$/, `-${now.slice(11, 19).replace(/:/g, '')}.json`);
      await fs.mkdir(options.backupsDir, { recursive: true });
      await fs.writeFile(path.join(options.backupsDir, keptName), before.data, { mode: 0o600 });
      const ids = await db.transaction().execute(async (trx) => {
        const restored = await replaceWorkspace(trx, ctx, backup, now);
        await reminders.settingsChanged(trx, ctx.workspaceId);
        if (restored.length > 0) await reminders.expensesChanged(trx, ctx.workspaceId, restored);
        return restored;
      });
      reminders.rearm();
      await fs.rm(pendingFile(input.id), { force: true });
      const live = backup.subscriptions.filter((s) => s.deleted_at === null).length;
      return {
        message: `Restored ${plural(live, 'subscription')} and ${plural(backup.categories.length, 'category', 'categories')} from the backup of ${dayText(backup.created_at)}; the data as it was is kept as ${keptName}`,
        kept_backup: keptName,
        subscriptions: ids.length,
        categories: backup.categories.length,
      };
    },
  };
}
