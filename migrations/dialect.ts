import { PostgresAdapter, type ColumnDefinitionBuilder, type Kysely } from 'kysely';

// Frozen with the migrations that use it: never change what an existing helper produces.
// Migrations branch here for PostgreSQL; the SQLite branch is exactly the SQL they always ran
// (tests/integration/db/sqlite-schema.test.ts holds them to it).

export function isPostgres(db: Kysely<unknown>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

/**
 * SQLite's integer: 64 bits, so ids, amounts and counts reach 2^53 as the contract allows. PostgreSQL's
 * `integer` stops at 2^31; its `bigint` is the same range as SQLite's.
 */
export function integerType(db: Kysely<unknown>): 'integer' | 'bigint' {
  return isPostgres(db) ? 'bigint' : 'integer';
}

/** An integer key the database numbers: SQLite's autoincrement, PostgreSQL's identity column. */
export function numberedKey(db: Kysely<unknown>) {
  return (c: ColumnDefinitionBuilder): ColumnDefinitionBuilder =>
    isPostgres(db) ? c.primaryKey().generatedByDefaultAsIdentity() : c.primaryKey().autoIncrement();
}

/** Bytes: SQLite's blob, PostgreSQL's bytea. */
export function bytesType(db: Kysely<unknown>): 'blob' | 'bytea' {
  return isPostgres(db) ? 'bytea' : 'blob';
}
