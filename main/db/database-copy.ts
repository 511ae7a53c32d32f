import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';

// A copy of the whole SQLite database with its secrets taken out, for the database backup and the daily one.
// The copy is made by SQLite's online backup API (the live database stays open and writable), then, in the
// copy only, every secret-bearing row goes, overwritten with zeros where it lay (secure_delete).

/** Tables whose every row is a secret or points at one: sessions, reset links, sign-in challenges, two-factor, throttling, calendar feeds. */
const SECRET_TABLES = ['sessions', 'password_resets', 'sign_in_challenges', 'two_factor', 'recovery_codes', 'invitations', 'throttle_state', 'calendar_feeds'] as const;

/** Takes the live database's backup into `target` (SqliteHandle's sqlite.backup). */
export type CopyDatabase = (target: string) => Promise<unknown>;

/** What the app's copy of a database must never hold: a stand-in password hash that no password matches. */
export const REMOVED_PASSWORD_HASH = '!removed-from-backup';

export async function scrubbedDatabaseCopy(copy: CopyDatabase, target: string): Promise<void> {
  fs.mkdirSync(path.dirname(target), { recursive: true, mode: 0o700 });
  const partial = `${target}.partial`;
  fs.rmSync(partial, { force: true });
  try {
    await copy(partial);
    const db = new BetterSqlite3(partial);
    try {
      db.pragma('journal_mode = DELETE');
      // The copy's secrets are overwritten where they lay as they are deleted (secure_delete), and the undo
      // journal stays in memory, so no page of the file, nor a journal beside it, holds them afterwards. This
      // replaces a VACUUM, which rewrote the whole copy in one synchronous call: at 100k subscriptions a
      // second and a half with the event loop stopped, at every start that caught up on the daily backup.
      db.pragma('secure_delete = ON');
      db.pragma('journal_mode = MEMORY');
      const tables = new Set((db.prepare("select name from sqlite_master where type = 'table'").all() as { name: string }[]).map((r) => r.name));
      db.transaction(() => {
        for (const table of SECRET_TABLES) if (tables.has(table)) db.prepare(`delete from "${table}"`).run();
        db.prepare('update users set password_hash = ?').run(REMOVED_PASSWORD_HASH);
      })();
      db.pragma('journal_mode = DELETE');
    } finally {
      db.close();
    }
    fs.renameSync(partial, target);
  } catch (error) {
    fs.rmSync(partial, { force: true });
    throw error;
  }
}

/** SQLite's first 16 bytes. */
export const SQLITE_MAGIC = 'SQLite format 3\u0000';
