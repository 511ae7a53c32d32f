import { PostgresAdapter, type ColumnDefinitionBuilder, type Kysely } from 'kysely';

// Frozen with the migrations that use it: never change what an existing helper produces.
// Migrations branch here for PostgreSQL; the SQLite branch is exactly the SQL they always ran
// (tests/integration/db/sqlite-schema.test.ts holds them to it).

export function isPostgres(db: Kysely<unknown>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

/** An integer key the database numbers: SQLite's autoincrement, PostgreSQL's identity column. */
export function numberedKey(db: Kysely<unknown>) {
  return (c: ColumnDefinitionBuilder): ColumnDefinitionBuilder =>
    isPostgres(db) ? c.primaryKey().generatedByDefaultAsIdentity() : c.primaryKey().autoIncrement();
}
