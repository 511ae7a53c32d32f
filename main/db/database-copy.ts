import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';

// A copy of the whole SQLite database with its secrets taken out, for the database backup and the daily one.
// The copy is made by SQLite's online backup API (the live database stays open and writable), then, in the
// copy only, every secret-bearing row goes, overwritten with zeros where it lay (secure_delete).
// The app makes it on its upkeep thread (sqlite-upkeep.ts), so the disk's waits never stop the event loop; where
// that thread cannot run, on the main thread, the same routine.

/** Tables whose every row is a secret or points at one: sessions, reset links, sign-in challenges, two-factor, throttling, calendar feeds. */
const SECRET_TABLES = ['sessions', 'password_resets', 'sign_in_challenges', 'two_factor', 'recovery_codes', 'invitations', 'throttle_state', 'calendar_feeds'] as const;

/** What the app's copy of a database must never hold: a stand-in password hash that no password matches. */
export const REMOVED_PASSWORD_HASH = '!removed-from-backup';

/** Writes the database's copy, secrets taken out, into `target` (which it replaces whole, or leaves untouched on failure). */
export type CopyDatabase = (target: string) => Promise<void>;

export interface CopySecrets {
  tables: readonly string[];
  removedPasswordHash: string;
}

export const COPY_SECRETS: CopySecrets = { tables: SECRET_TABLES, removedPasswordHash: REMOVED_PASSWORD_HASH };

/** The page cache of a connection that copies (PRAGMA cache_size, negative: KiB): each page is read once. */
export const COPY_CACHE_KIB = -1024;

type OpenFile = (file: string) => BetterSqlite3.Database;
type FileSystem = Pick<typeof fs, 'rmSync' | 'renameSync'>;

/**
 * The copy itself. It is self-contained — no imports, no outer names — because the upkeep thread runs it from its
 * source text: `backup` writes the live database into a file, `open` opens that file, `files` is node:fs.
 */
export async function writeScrubbedCopy(open: OpenFile, files: FileSystem, backup: (file: string) => Promise<unknown>, target: string, secrets: CopySecrets): Promise<void> {
  const partial = `${target}.partial`;
  files.rmSync(partial, { force: true });
  try {
    await backup(partial);
    const db = open(partial);
    try {
      db.pragma('cache_size = -1024');
      db.pragma('journal_mode = DELETE');
      // The copy's secrets are overwritten where they lay as they are deleted (secure_delete), and the undo
      // journal stays in memory, so no page of the file, nor a journal beside it, holds them afterwards. (A
      // VACUUM would rewrite the whole copy in one synchronous call: at 100k subscriptions a second and a half.)
      db.pragma('secure_delete = ON');
      db.pragma('journal_mode = MEMORY');
      const tables = new Set((db.prepare("select name from sqlite_master where type = 'table'").all() as { name: string }[]).map((r) => r.name));
      db.transaction(() => {
        for (const table of secrets.tables) if (tables.has(table)) db.prepare(`delete from "${table}"`).run();
        db.prepare('update users set password_hash = ?').run(secrets.removedPasswordHash);
      })();
      db.pragma('journal_mode = DELETE');
    } finally {
      db.close();
    }
    files.renameSync(partial, target);
  } catch (error) {
    files.rmSync(partial, { force: true });
    throw error;
  }
}

/** The copy on this thread, from `sqlite` (its online backup steps between turns of the event loop). */
export function copyOnThisThread(sqlite: BetterSqlite3.Database, nativeBinding?: string): CopyDatabase {
  return async (target) => {
    fs.mkdirSync(path.dirname(target), { recursive: true, mode: 0o700 });
    await writeScrubbedCopy((file) => new BetterSqlite3(file, nativeBinding ? { nativeBinding } : {}), fs, (file) => sqlite.backup(file), target, COPY_SECRETS);
  };
}

/** SQLite's first 16 bytes. */
export const SQLITE_MAGIC = 'SQLite format 3\u0000';
