import { z } from 'zod';
import { operation } from './define';
import { type FileOut, fileBytes } from './files';

// Backup and restore of one workspace (issue 11), and the accounting export of its expected charges.

/** The most a restore accepts: a workspace backup of 100k subscriptions stays well below it. */
export const RESTORE_MAX_BYTES = 50 * 1024 * 1024;

export interface RestorePreview {
  /** Confirm with this (POST /api/restore/:id/confirm) within 30 minutes. */
  id: string;
  /** "Replaces 48 subscriptions with 52 from the backup of Mar 3, 2027 (workspace 'Acme')". */
  summary: string;
  backup: { workspace: string; created_at: string; schema: string };
  current: { subscriptions: number; categories: number; reminders: number };
  incoming: { subscriptions: number; categories: number; reminders: number };
  expires_at: string;
}

export interface RestoreResult {
  message: string;
  /** The backup of the workspace as it was, kept in the data folder's backups folder. */
  kept_backup: string;
  subscriptions: number;
  categories: number;
}

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Dates are YYYY-MM-DD');

export const backupOperations = {
  'backups.create': operation<FileOut>()({
    method: 'POST',
    path: '/api/backup',
    auth: true,
    role: 'admin',
    download: 'attachment',
    input: z.strictObject({}),
    summary: 'Back up the workspace as one JSON file (no passwords, tokens or secrets)',
  }),
  'backups.database': operation<FileOut>()({
    method: 'POST',
    path: '/api/backup/database',
    auth: true,
    role: 'owner',
    download: 'attachment',
    input: z.strictObject({}),
    summary: 'Back up the whole database file (desktop; sessions, tokens and secrets taken out)',
  }),
  'backups.restorePreview': operation<RestorePreview>()({
    method: 'POST',
    path: '/api/restore',
    auth: true,
    role: 'admin',
    upload: { maxBytes: RESTORE_MAX_BYTES },
    input: z.strictObject({ file: fileBytes(RESTORE_MAX_BYTES) }),
    summary: 'Check a workspace backup and say what restoring it would change',
  }),
  'backups.restore': operation<RestoreResult>()({
    method: 'POST',
    path: '/api/restore/:id/confirm',
    auth: true,
    role: 'admin',
    input: z.strictObject({ id: z.string().regex(/^[0-9a-f]{32}$/, 'Not a restore id') }),
    summary: 'Restore a checked backup: replaces the workspace’s categories, subscriptions, reminders, settings and rates',
  }),
  'exports.accounting': operation<FileOut>()({
    method: 'GET',
    path: '/api/export/accounting',
    auth: true,
    role: 'viewer',
    download: 'attachment',
    input: z.strictObject({
      format: z.enum(['xero', 'quickbooks'], { error: "Format must be 'xero' or 'quickbooks'" }),
      from: isoDate.optional(),
      to: isoDate.optional(),
    }),
    summary: 'Export the expected charges of a period as bills for Xero or QuickBooks Online (CSV)',
  }),
};
