import type { Kysely } from 'kysely';
import { integerType } from './dialect';

// Frozen: never edit after it has landed. Uses only Kysely's builders, never app code.
// Forgotten passwords reset by a one-time emailed link, and two-factor sign-in with a TOTP app.
// Nothing secret is stored readable: a link, a sign-in challenge and a recovery code are kept as
// sha-256 of their random secret; the TOTP secret is sealed (AES-256-GCM) with a key that lives outside
// the database. Every row dies with its account. Instants are ISO-8601 text (UTC), as elsewhere.

export async function up(db: Kysely<unknown>): Promise<void> {
  const int = integerType(db);

  await db.schema
    .createTable('password_resets')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('user_id', int, (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    // Set once, by compare-and-set (where used_at is null): a link works a single time.
    .addColumn('used_at', 'text')
    .execute();
  await db.schema.createIndex('password_resets_user_id').on('password_resets').column('user_id').execute();
  await db.schema.createIndex('password_resets_expires').on('password_resets').column('expires_at').execute();

  await db.schema
    .createTable('two_factor')
    .addColumn('user_id', int, (c) => c.primaryKey().references('users.id').onDelete('cascade'))
    // iv.tag.ciphertext (base64url): the base32 TOTP secret, sealed.
    .addColumn('secret_sealed', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    // Null: begun, not confirmed by a code yet (sign-in does not ask for one).
    .addColumn('enabled_at', 'text')
    // The TOTP time step of the last code accepted: a code is never accepted twice.
    .addColumn('last_time_step', int)
    .execute();

  await db.schema
    .createTable('recovery_codes')
    .addColumn('user_id', int, (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('code_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .addPrimaryKeyConstraint('recovery_codes_pk', ['user_id', 'code_hash'])
    .execute();

  // Between the right password and the code: which account a pending two-factor sign-in is for.
  await db.schema
    .createTable('sign_in_challenges')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('user_id', int, (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sign_in_challenges_user_id').on('sign_in_challenges').column('user_id').execute();
  await db.schema.createIndex('sign_in_challenges_expires').on('sign_in_challenges').column('expires_at').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('sign_in_challenges').execute();
  await db.schema.dropTable('recovery_codes').execute();
  await db.schema.dropTable('two_factor').execute();
  await db.schema.dropTable('password_resets').execute();
}
