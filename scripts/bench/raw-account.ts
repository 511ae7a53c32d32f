import type BetterSqlite3 from 'better-sqlite3';

// Bench accounts written straight through SQLite (the benches measure reminders, not registration):
// an account with the personal workspace it owns (migration 0013), as auth.register would leave it.

export interface RawAccount {
  userId: number;
  workspaceId: number;
}

export interface RawAccountOptions {
  email: string;
  username: string;
  passwordHash: string;
  stamp: string;
  /** The member's own zone (member_settings); null: the machine's. */
  timeZone?: string | null;
  /** The workspace's default lead days (settings.reminder_days_default). */
  leadDays?: readonly number[];
}

export function insertRawAccount(sqlite: BetterSqlite3.Database, options: RawAccountOptions): RawAccount {
  const { email, username, passwordHash, stamp } = options;
  const userId = Number(
    sqlite.prepare('insert into users (email, username, password_hash, created_at, updated_at) values (?, ?, ?, ?, ?)').run(email, username, passwordHash, stamp, stamp)
      .lastInsertRowid,
  );
  const workspaceId = Number(
    sqlite.prepare("insert into workspaces (name, kind, created_at, updated_at) values (?, 'personal', ?, ?)").run(username, stamp, stamp).lastInsertRowid,
  );
  sqlite.prepare("insert into workspace_members (workspace_id, user_id, role, joined_at) values (?, ?, 'owner', ?)").run(workspaceId, userId, stamp);
  sqlite.prepare('insert into member_settings (user_id, time_zone, updated_at) values (?, ?, ?)').run(userId, options.timeZone ?? null, stamp);
  sqlite
    .prepare('insert into settings (workspace_id, reminder_days_default, updated_at) values (?, ?, ?)')
    .run(workspaceId, JSON.stringify(options.leadDays ?? [7]), stamp);
  return { userId, workspaceId };
}

/** A category of the account's workspace; returns its id. */
export function insertRawCategory(sqlite: BetterSqlite3.Database, account: RawAccount, name: string, stamp: string): number {
  return Number(
    sqlite
      .prepare('insert into categories (user_id, workspace_id, name, created_at, updated_at) values (?, ?, ?, ?, ?)')
      .run(account.userId, account.workspaceId, name, stamp, stamp).lastInsertRowid,
  );
}
