import { Migrator, sql, type Kysely, type MigrationResultSet } from 'kysely';
import { tableExists } from './sql-dialect';
import { migrations as appMigrations } from '../../migrations/index';
import type { Migration } from 'kysely';

export class DatabaseTooNewError extends Error {
  constructor(readonly unknownMigrations: string[]) {
    super(
      `This data file was written by a newer version of Spend Manager (it has migration ${unknownMigrations.join(', ')}, ` +
        'which this version does not know). Update Spend Manager to open it; nothing was changed.',
    );
    this.name = 'DatabaseTooNewError';
  }
}

export class MigrationFailedError extends Error {
  constructor(
    readonly migration: string,
    cause: unknown,
    readonly backupFile: string | null,
  ) {
    super(
      `Updating the database failed at migration ${migration}: ${cause instanceof Error ? cause.message : String(cause)}. ` +
        'Nothing was changed' + (backupFile ? `; a copy taken before the update is at ${backupFile}.` : '.'),
    );
    this.name = 'MigrationFailedError';
  }
}

export interface MigrateOptions {
  /** Called once, before the first pending migration runs on a database that already holds data. */
  backup?: (nextMigration: string) => Promise<string>;
  /** For tests: the migration list (default: all of the app's). */
  migrations?: Record<string, Migration>;
}

export interface MigrateReport {
  applied: string[];
  backupFile: string | null;
}

async function executedMigrations(db: Kysely<unknown>): Promise<string[]> {
  if (!(await tableExists(db, 'kysely_migration'))) return [];
  const rows = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(db);
  return rows.rows.map((r) => r.name);
}

export async function migrateToLatest(db: Kysely<unknown>, options: MigrateOptions = {}): Promise<MigrateReport> {
  const list = options.migrations ?? appMigrations;
  const executed = await executedMigrations(db);
  const unknown = executed.filter((name) => !(name in list));
  if (unknown.length > 0) throw new DatabaseTooNewError(unknown);

  const pending = Object.keys(list)
    .sort()
    .filter((name) => !executed.includes(name));
  if (pending.length === 0) return { applied: [], backupFile: null };

  const backupFile = executed.length > 0 && options.backup ? await options.backup(pending[0]!) : null;
  const migrator = new Migrator({ db, provider: { getMigrations: async () => list } });
  const resultSet: MigrationResultSet = await migrator.migrateToLatest();
  if (resultSet.error) {
    const failed = resultSet.results?.find((r) => r.status === 'Error')?.migrationName ?? pending[0]!;
    throw new MigrationFailedError(failed, resultSet.error, backupFile);
  }
  return { applied: (resultSet.results ?? []).map((r) => r.migrationName), backupFile };
}
