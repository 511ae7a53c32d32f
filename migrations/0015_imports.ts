import { sql, type Kysely } from 'kysely';
import { bytesType, integerType, numberedKey } from './dialect';

// Frozen: never edit after it has landed. Uses only Kysely's builders, never app code.
// Imports (issue 11): one row per file a member previews, holding the file's bytes while in preview (so any
// server sharing the database can commit it, and a restart keeps it) and the choices made on it; committed,
// the bytes go and the counts stay. expenses.import_id names the import that created a row, so an undo
// removes exactly those rows. It is a plain column (SQLite cannot add a foreign key to a table in place);
// an import outlives its rows' undo window only as a line in the list.

export async function up(db: Kysely<unknown>): Promise<void> {
  const int = integerType(db);
  await db.schema
    .createTable('imports')
    .addColumn('id', int, numberedKey(db))
    .addColumn('workspace_id', int, (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('user_id', int, (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('format', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull().check(sql`state in ('preview', 'committed', 'undone')`))
    .addColumn('options', 'text', (c) => c.notNull())
    .addColumn('file_data', bytesType(db))
    .addColumn('total_rows', int, (c) => c.notNull().defaultTo(0))
    .addColumn('valid_rows', int, (c) => c.notNull().defaultTo(0))
    .addColumn('created_count', int, (c) => c.notNull().defaultTo(0))
    .addColumn('skipped_count', int, (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('committed_at', 'text')
    .addColumn('undone_at', 'text')
    .execute();
  await db.schema.createIndex('imports_workspace_created').on('imports').columns(['workspace_id', 'created_at']).execute();
  await db.schema.createIndex('imports_preview_created').on('imports').columns(['state', 'created_at']).execute();
  await db.schema.alterTable('expenses').addColumn('import_id', int).execute();
  await db.schema.createIndex('expenses_import').on('expenses').column('import_id').where(sql.ref('import_id'), 'is not', null).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('expenses_import').execute();
  await db.schema.alterTable('expenses').dropColumn('import_id').execute();
  await db.schema.dropTable('imports').execute();
}
