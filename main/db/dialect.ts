import { SqliteAdapter, SqliteDialect, type DialectAdapter } from 'kysely';

// SQLite does run DDL inside transactions; Kysely's adapter says otherwise to stay conservative.
// Saying yes makes the Migrator wrap every pending migration in one transaction: all or nothing.
class TransactionalSqliteAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true;
  }
}

export class TransactionalSqliteDialect extends SqliteDialect {
  override createAdapter(): DialectAdapter {
    return new TransactionalSqliteAdapter();
  }
}
