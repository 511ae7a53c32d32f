import { randomBytes } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { integerType } from './dialect';

// Frozen: never edit after it has landed. Uses only Kysely's builders (no SQLite-only SQL), never app code.
// Sessions get a public id (the sessions list names them without the token or its hash), the browser's
// User-Agent and a last-seen time. The table is rebuilt so the new columns are NOT NULL like the old ones;
// existing sessions keep signing in, each with a fresh random id and last seen = created.

interface SessionV4 {
  token_hash: string;
  user_id: number;
  kind: string;
  created_at: string;
  expires_at: string;
}
interface SessionV5 extends SessionV4 {
  id: string;
  agent: string | null;
  last_seen_at: string;
}
interface Tables {
  sessions: SessionV4;
  sessions_v4: SessionV4;
  sessions_v5: SessionV5;
}

const KIND_CHECK = sql`kind in ('web', 'desktop')`;

export async function up(untyped: Kysely<unknown>): Promise<void> {
  const int = integerType(untyped);
  const db = untyped as Kysely<Tables>;
  await db.schema
    .createTable('sessions_v5')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('id', 'text', (c) => c.notNull().unique())
    .addColumn('user_id', int, (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull().check(KIND_CHECK))
    .addColumn('agent', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_seen_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();
  const old = await db.selectFrom('sessions').selectAll().execute();
  for (const row of old) {
    await db
      .insertInto('sessions_v5')
      .values({ ...row, id: randomBytes(16).toString('base64url'), agent: null, last_seen_at: row.created_at })
      .execute();
  }
  await db.schema.dropTable('sessions').execute();
  await db.schema.alterTable('sessions_v5').renameTo('sessions').execute();
  await db.schema.createIndex('sessions_user_id').on('sessions').column('user_id').execute();
}

export async function down(untyped: Kysely<unknown>): Promise<void> {
  const int = integerType(untyped);
  const db = untyped as Kysely<Tables>;
  await db.schema
    .createTable('sessions_v4')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('user_id', int, (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull().check(KIND_CHECK))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();
  await db
    .insertInto('sessions_v4')
    .columns(['token_hash', 'user_id', 'kind', 'created_at', 'expires_at'])
    .expression(db.selectFrom('sessions').select(['token_hash', 'user_id', 'kind', 'created_at', 'expires_at']))
    .execute();
  await db.schema.dropTable('sessions').execute();
  await db.schema.alterTable('sessions_v4').renameTo('sessions').execute();
  await db.schema.createIndex('sessions_user_id').on('sessions').column('user_id').execute();
}
