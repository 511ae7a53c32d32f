import { SqliteAdapter, SqliteDialect, type DialectAdapter, type Driver } from 'kysely';
import { ReadWriteSqliteDriver, type ReadWriteSqliteConfig } from './sqlite-driver';

// SQLite does run DDL inside transactions; Kysely's adapter says otherwise to stay conservative.
// Saying yes makes the Migrator wrap every pending migration in one transaction: all or nothing.
class TransactionalSqliteAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true;
  }
}

/** Kysely's SQLite dialect with transactional DDL and the driver of sqlite-driver.ts (a writer, and a reader in WAL mode). */
export class TransactionalSqliteDialect extends SqliteDialect {
  readonly #connections: ReadWriteSqliteConfig;

  constructor(connections: ReadWriteSqliteConfig) {
    super({ database: connections.database });
    this.#connections = connections;
  }

  override createDriver(): Driver {
    return new ReadWriteSqliteDriver(this.#connections);
  }

  override createAdapter(): DialectAdapter {
    return new TransactionalSqliteAdapter();
  }
}
