import { sql, type Kysely } from 'kysely';
import { integerType, numberedKey } from './dialect';

// Frozen: never edit after it has landed. Uses only Kysely's builders, never app code.
// Budgets (issue 13): a monthly amount per workspace, and optionally per category and per cost centre, in a currency of
// its own (converted with the workspace's rates when read). scope_key names the scope once ('workspace',
// 'category:<id>', 'cost_centre:<name folded to lower case>'), so a workspace has at most one budget per scope.
// A category budget goes with its category (cascade): its subscriptions move to "Other", which has a budget of its own
// or none. Cost centres are free text on subscriptions, so a cost-centre budget stays when no subscription carries the
// centre any more (its spend is then 0) until someone deletes it.

export async function up(db: Kysely<unknown>): Promise<void> {
  const int = integerType(db);
  await db.schema
    .createTable('budgets')
    .addColumn('id', int, numberedKey(db))
    .addColumn('workspace_id', int, (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('scope', 'text', (c) => c.notNull().check(sql`scope in ('workspace', 'category', 'cost_centre')`))
    .addColumn('scope_key', 'text', (c) => c.notNull())
    .addColumn('category_id', int, (c) => c.references('categories.id').onDelete('cascade'))
    .addColumn('cost_centre', 'text')
    .addColumn('amount_minor', int, (c) => c.notNull().check(sql`amount_minor > 0`))
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('budgets_scope', ['workspace_id', 'scope_key'])
    .addCheckConstraint(
      'budgets_scope_target',
      sql`(scope = 'workspace' and category_id is null and cost_centre is null) or (scope = 'category' and category_id is not null and cost_centre is null) or (scope = 'cost_centre' and category_id is null and cost_centre is not null)`,
    )
    .execute();
  // The category's budget found (and cascaded) from the category.
  await db.schema.createIndex('budgets_category').on('budgets').column('category_id').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('budgets').execute();
}
