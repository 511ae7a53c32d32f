import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { migrateToLatest } from '../../../main/db/migrator';
import { migrations } from '../../../migrations/index';
import { migrationsUpTo, rowsAsText, useEmptyDatabases } from '../../support/upgrade-database';

// 0015 adds the imports table (a preview keeps its file's bytes) and expenses.import_id (null for every existing row).

const emptyDatabase = useEmptyDatabases();
const T = '2026-03-01T09:00:00.000Z';

describe('migration 0015 (imports)', () => {
  it('stores a preview with its file bytes, gives existing subscriptions import_id null, and down removes both', async () => {
    const db = await emptyDatabase();
    await migrateToLatest(db, { migrations: migrationsUpTo('0015_imports') });
    await sql`insert into users (email, username, password_hash, company_name, created_at, updated_at) values ('ana@example.com', 'ana', 'scrypt$a', null, ${T}, ${T})`.execute(db);
    await sql`insert into workspaces (name, kind, require_two_factor, created_at, updated_at) values ('Ana', 'personal', 0, ${T}, ${T})`.execute(db);
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, 0x4e, 0x00, 0xff]);
    await sql`insert into imports (workspace_id, user_id, file_name, format, state, options, file_data, created_at) values (1, 1, 'a.csv', 'csv', 'preview', '{}', ${bytes}, ${T})`.execute(db);
    const row = await sql<{ file_data: Uint8Array; total_rows: number | string }>`select file_data, total_rows from imports`.execute(db);
    expect([...new Uint8Array(row.rows[0]!.file_data)]).toEqual([...bytes]);
    expect(Number(row.rows[0]!.total_rows)).toBe(0);
    await expect(sql`insert into imports (workspace_id, user_id, file_name, format, state, options, created_at) values (1, 1, 'b.csv', 'csv', 'half', '{}', ${T})`.execute(db)).rejects.toThrow();
    await migrations['0015_imports']!.down!(db);
    expect(await rowsAsText(db, 'expenses', 'id')).toEqual([]);
  });
});
