import type BetterSqlite3 from 'better-sqlite3';
import { CompiledQuery, SelectQueryNode, type DatabaseConnection, type Driver, type QueryResult } from 'kysely';

// Kysely's own SQLite driver has one connection behind one mutex: while a transaction is open, every other query of
// the process waits for it — an import committing 100k rows in yielding batches kept the event loop free, yet every
// request (the session check of "how far along is it?" included) waited the whole commit. This driver keeps that
// single writer (SQLite has one anyway) and adds, for a file in WAL mode, a read-only connection: a SELECT outside a
// transaction reads the last committed state there at once, never queued behind a writer. Inside a transaction, and
// for anything that is not a plain SELECT, the writer is used, as before. Statements are prepared once per SQL text.

const STATEMENT_CACHE = 256;

const identifier = (name: string) => `"${name.replace(/"/g, '""')}"`;

class StatementCache {
  readonly #statements = new Map<string, BetterSqlite3.Statement>();

  constructor(private readonly database: BetterSqlite3.Database) {}

  get(sql: string): BetterSqlite3.Statement {
    let statement = this.#statements.get(sql);
    if (statement) {
      // Most recently used last: the first key is the one to evict.
      this.#statements.delete(sql);
    } else {
      statement = this.database.prepare(sql);
      if (this.#statements.size >= STATEMENT_CACHE) this.#statements.delete(this.#statements.keys().next().value!);
    }
    this.#statements.set(sql, statement);
    return statement;
  }

  /** A statement of its own: an iterating statement is busy until its loop ends, so it is never shared. */
  fresh(sql: string): BetterSqlite3.Statement {
    return this.database.prepare(sql);
  }
}

function run(statements: StatementCache, { sql, parameters }: CompiledQuery): QueryResult<unknown> {
  const statement = statements.get(sql);
  if (statement.reader) return { rows: statement.all(parameters as unknown[]) };
  const { changes, lastInsertRowid } = statement.run(parameters as unknown[]);
  return { numAffectedRows: BigInt(changes), insertId: BigInt(lastInsertRowid), rows: [] };
}

class Mutex {
  #held: Promise<void> | undefined;
  #release: (() => void) | undefined;

  async lock(): Promise<void> {
    while (this.#held) await this.#held;
    this.#held = new Promise((resolve) => (this.#release = resolve));
  }

  unlock(): void {
    const release = this.#release;
    this.#held = undefined;
    this.#release = undefined;
    release?.();
  }
}

/** One use of the database as Kysely sees it: a single query, a `connection()` block, or a transaction. */
class RoutedConnection implements DatabaseConnection {
  #holdsWriter = false;

  constructor(private readonly driver: ReadWriteSqliteDriver) {}

  get holdsWriter(): boolean {
    return this.#holdsWriter;
  }

  async takeWriter(): Promise<void> {
    if (this.#holdsWriter) return;
    await this.driver.writerMutex.lock();
    this.#holdsWriter = true;
  }

  giveBackWriter(): void {
    if (!this.#holdsWriter) return;
    this.#holdsWriter = false;
    this.driver.writerMutex.unlock();
    this.driver.afterWrite();
  }

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    const reader = this.driver.readerStatements;
    if (reader && !this.#holdsWriter && SelectQueryNode.is(query.query)) return run(reader, query) as QueryResult<R>;
    await this.takeWriter();
    return run(this.driver.writerStatements, query) as QueryResult<R>;
  }

  async *streamQuery<R>(query: CompiledQuery): AsyncIterableIterator<QueryResult<R>> {
    if (!SelectQueryNode.is(query.query)) throw new Error('The SQLite driver streams SELECT queries only');
    const reader = this.driver.readerStatements;
    const statements = reader && !this.#holdsWriter ? reader : this.driver.writerStatements;
    if (statements !== reader) await this.takeWriter();
    for (const row of statements.fresh(query.sql).iterate(query.parameters as unknown[])) yield { rows: [row as R] };
  }
}

export interface ReadWriteSqliteConfig {
  /** The connection every write and every transaction uses. */
  database: BetterSqlite3.Database;
  /** A read-only connection to the same file in WAL mode, for SELECTs outside transactions; none for ':memory:'. */
  reader?: BetterSqlite3.Database;
  /** Told each time the writer is given back (a write or a transaction ended): the WAL checkpoint's cue (sqlite-upkeep.ts). */
  afterWrite?: () => void;
}

export class ReadWriteSqliteDriver implements Driver {
  readonly writerMutex = new Mutex();
  readonly writerStatements: StatementCache;
  readonly readerStatements: StatementCache | undefined;

  constructor(private readonly config: ReadWriteSqliteConfig) {
    this.writerStatements = new StatementCache(config.database);
    this.readerStatements = config.reader ? new StatementCache(config.reader) : undefined;
  }

  async init(): Promise<void> {}

  afterWrite(): void {
    this.config.afterWrite?.();
  }

  // No lock here: a connection takes the writer when it first writes or begins a transaction.
  async acquireConnection(): Promise<DatabaseConnection> {
    return new RoutedConnection(this);
  }

  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await (connection as RoutedConnection).takeWriter();
    await connection.executeQuery(CompiledQuery.raw('begin'));
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('commit'));
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('rollback'));
  }

  async savepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`savepoint ${identifier(name)}`));
  }

  async rollbackToSavepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`rollback to ${identifier(name)}`));
  }

  async releaseSavepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`release ${identifier(name)}`));
  }

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    (connection as RoutedConnection).giveBackWriter();
  }

  async destroy(): Promise<void> {
    this.config.reader?.close();
    this.config.database.close();
  }
}
