import { sql, type Kysely } from 'kysely';
import { integerType } from './dialect';

// Frozen: never edit after it has landed. Uses only Kysely's builders, never app code.
// Seats and cost centres (issue 10 §2): a subscription may be priced per seat (amount = seats × price per
// seat, computed by the service) and carry a cost centre. All three are nullable, so every existing row
// keeps its values and means what it meant. The index is led by the workspace and holds what the
// cost-centre filter, the suggestions and the dashboard's breakdowns by cost centre and owner read, so each
// is one range read of it (no table lookups).

const LIVE_PEOPLE = ['workspace_id', 'cost_centre', 'user_id', 'status', 'currency', 'cycle_unit', 'cycle_every', 'amount_minor', 'deleted_at'];

export async function up(db: Kysely<unknown>): Promise<void> {
  // One column per statement: SQLite's ALTER TABLE adds one at a time.
  await db.schema.alterTable('expenses').addColumn('seats', 'integer').execute();
  await db.schema.alterTable('expenses').addColumn('seat_price_minor', integerType(db)).execute();
  await db.schema.alterTable('expenses').addColumn('cost_centre', 'text').execute();
  await db.schema.createIndex('expenses_live_cost_centre').on('expenses').columns(LIVE_PEOPLE).where(sql.ref('deleted_at'), 'is', null).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('expenses_live_cost_centre').execute();
  for (const column of ['cost_centre', 'seat_price_minor', 'seats']) await db.schema.alterTable('expenses').dropColumn(column).execute();
}
