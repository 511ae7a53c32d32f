import { sql, type Kysely } from 'kysely';
import { integerType, numberedKey } from './dialect';

// Frozen: never edit after it has landed. Uses only Kysely's builders, never app code.
// Calendar feeds (issue 11): a member's secret feed URL for one workspace, which calendar apps read without a
// session. Only the SHA-256 of the token is kept, never the token. Regenerating revokes the previous row
// (revoked_at) rather than deleting it; at most one live feed per member and workspace (a partial unique index).

export async function up(db: Kysely<unknown>): Promise<void> {
  const int = integerType(db);
  await db.schema
    .createTable('calendar_feeds')
    .addColumn('id', int, numberedKey(db))
    .addColumn('workspace_id', int, (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('user_id', int, (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('revoked_at', 'text')
    .execute();
  await db.schema
    .createIndex('calendar_feeds_live')
    .on('calendar_feeds')
    .columns(['workspace_id', 'user_id'])
    .unique()
    .where(sql.ref('revoked_at'), 'is', null)
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('calendar_feeds').execute();
}
