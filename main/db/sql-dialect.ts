import { PostgresAdapter, sql, type Expression, type Kysely, type RawBuilder, type SqlBool } from 'kysely';

// The few places SQLite and PostgreSQL spell a query differently, each solved once here; queries
// call these instead of writing either spelling. The dialect is read off the Kysely instance, so a
// transaction (a Kysely too) answers the same as the database it came from.

export type SqlDialect = 'sqlite' | 'postgres';

export function dialectOf<DB>(db: Kysely<DB>): SqlDialect {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}

/**
 * `value` contains the LIKE pattern, ignoring letter case (the pattern escapes % and _ with a backslash).
 * SQLite's LIKE ignores ASCII case already; PostgreSQL's does not, ILIKE does.
 */
export function likeIgnoringCase<DB>(db: Kysely<DB>, value: Expression<unknown>, pattern: string): RawBuilder<SqlBool> {
  return dialectOf(db) === 'postgres' ? sql<SqlBool>`${value} ilike ${pattern} escape '\\'` : sql<SqlBool>`${value} like ${pattern} escape '\\'`;
}

/**
 * A sort key that ignores letter case, spelled as the indexes spell it so the planner can use them:
 * `collate nocase` on SQLite, `lower()` on PostgreSQL (migrations 0002/0003 index that expression).
 */
export function ignoringCase<DB, T>(db: Kysely<DB>, value: Expression<T>): RawBuilder<T> {
  return dialectOf(db) === 'postgres' ? sql<T>`lower(${value})` : sql<T>`${value} collate nocase`;
}

/**
 * `+column` tells SQLite's planner not to use an index for this term; PostgreSQL has no such hint
 * (its planner costs the choice itself), so there the column is plain.
 */
export function withoutIndex<DB, T>(db: Kysely<DB>, value: Expression<T>): RawBuilder<T> {
  return dialectOf(db) === 'postgres' ? sql<T>`${value}` : sql<T>`+${value}`;
}

export interface UniqueViolation {
  table: string;
  /** The key's columns as the database names them (an expression index may name `lower(name)`). */
  columns: string[];
}

/** The table and key a duplicate-key error is about, or null when `error` is something else. */
export function uniqueViolation(error: unknown): UniqueViolation | null {
  if (!(error instanceof Error)) return null;
  const pg = error as Error & { code?: unknown; table?: unknown; detail?: unknown };
  if (pg.code === '23505' && typeof pg.table === 'string') {
    // detail: Key (user_id, lower(name))=(1, design) already exists.
    const key = typeof pg.detail === 'string' ? /^Key \((.*?)\)=\(/.exec(pg.detail)?.[1] : undefined;
    return { table: pg.table, columns: key ? key.split(', ') : [] };
  }
  // SQLite: UNIQUE constraint failed: categories.user_id, categories.name
  const sqlite = /^UNIQUE constraint failed: (.+)$/.exec(error.message);
  if (!sqlite) return null;
  const parts = sqlite[1]!.split(', ').map((p) => p.split('.'));
  const table = parts[0]?.length === 2 ? parts[0][0]! : null;
  if (table === null) return null;
  return { table, columns: parts.map((p) => p[1] ?? p[0]!) };
}

/** Whether a table exists in the database (PostgreSQL: in the schema the connection works in). */
export async function tableExists<DB>(db: Kysely<DB>, name: string): Promise<boolean> {
  const query =
    dialectOf(db) === 'postgres'
      ? sql<{ n: number }>`select count(*)::int as n from information_schema.tables where table_schema = current_schema() and table_name = ${name}`
      : sql<{ n: number }>`select count(*) as n from sqlite_master where type = 'table' and name = ${name}`;
  const result = await query.execute(db);
  return Number(result.rows[0]?.n ?? 0) > 0;
}

/**
 * A JavaScript number bound as a float. PostgreSQL cannot infer a bare parameter's type where only
 * other parameters surround it (`case ... then $2 end * amount`); SQLite reads the cast as REAL.
 */
export function floatValue(value: number): RawBuilder<number> {
  return sql<number>`cast(${value} as double precision)`;
}
