import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely } from 'kysely';
import { AppError } from '../../common/errors';
import { SQLITE_MAGIC } from './database-copy';
import { TransactionalSqliteDialect } from './dialect';
import { DatabaseTooNewError, migrateToLatest } from './migrator';
import { readWorkspaceRows, type WorkspaceRows } from './repositories/workspace-backup';
import type { Database } from './schema';

// A database backup chosen for a restore: checked on a temporary copy (the SQLite header, integrity_check, its
// migrations not newer than this app's), brought up to this app's schema there, and one workspace read out of it.

export function isSqliteFile(bytes: Uint8Array): boolean {
  return bytes.byteLength >= 16 && Buffer.from(bytes.subarray(0, 16)).toString('latin1') === SQLITE_MAGIC;
}

function refuse(message: string): AppError {
  return new AppError('validation', message, { file: message });
}

/** The workspace named `workspaceName` in the file, else its only workspace; refused in words otherwise. */
export async function workspaceRowsFromSqliteFile(bytes: Uint8Array, workspaceName: string): Promise<WorkspaceRows> {
  if (!isSqliteFile(bytes)) throw refuse('This file is not a SQLite database: its first bytes are not SQLite’s');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'spend-restore-'));
  const file = path.join(dir, 'restore.db');
  fs.writeFileSync(file, bytes, { mode: 0o600 });
  let sqlite: BetterSqlite3.Database | null = null;
  let db: Kysely<Database> | null = null;
  try {
    try {
      sqlite = new BetterSqlite3(file);
      const check = sqlite.pragma('integrity_check', { simple: true });
      if (check !== 'ok') throw refuse(`This database file is damaged (SQLite's integrity check says: ${String(check)}); nothing was changed`);
    } catch (error) {
      if (error instanceof AppError) throw error;
      throw refuse('This database file is damaged or cut short: SQLite cannot read it; nothing was changed');
    }
    db = new Kysely<Database>({ dialect: new TransactionalSqliteDialect({ database: sqlite }) });
    try {
      await migrateToLatest(db as unknown as Kysely<unknown>);
    } catch (error) {
      if (error instanceof DatabaseTooNewError) throw refuse(error.message);
      throw refuse(`This database file cannot be brought up to this app's version: ${error instanceof Error ? error.message : String(error)}`);
    }
    const workspaces = await db.selectFrom('workspaces').select(['id', 'name']).orderBy('id').execute();
    const named = workspaces.filter((w) => w.name === workspaceName);
    const chosen = named.length === 1 ? named[0] : workspaces.length === 1 ? workspaces[0] : undefined;
    if (!chosen) {
      throw refuse(`This database holds ${workspaces.length} workspaces and none (or more than one) is named '${workspaceName}': restore a workspace backup instead`);
    }
    return await readWorkspaceRows(db, chosen.id);
  } finally {
    if (db) await db.destroy();
    else sqlite?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
