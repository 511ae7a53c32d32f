import type { Kysely } from 'kysely';
import type { Database } from '../schema';
import { type BudgetRow, listBudgets } from './budgets';
import type { CategoryRow } from './categories';
import { listRates, type StoredRateRow } from './exchange-rates';
import { type ContractRow, contractsOfWorkspace } from './contracts';
import { paymentsOfWorkspace, type PaymentRow } from './payments';
import { priceChangesOfWorkspace, type PriceChangeWithName } from './price-changes';
import { decisionsOfWorkspace, type ReviewDecisionRow } from './review-decisions';
import { reviewThresholdOf } from './review-settings';
import type { ExpenseRow } from './expenses';
import type { ReminderRow } from './reminders';
import type { SettingsRow } from './settings';

// What a workspace backup reads, in one place: every row of the workspace's own tables, with owners as usernames.

export type BackupExpenseRow = ExpenseRow & { owner: string };

export interface WorkspaceRows {
  workspace: { id: number; name: string };
  settings: SettingsRow | undefined;
  /** The workspace's exchange rates, typed or from the ECB, with their dates. */
  rates: StoredRateRow[];
  /** The renewal-review log of its subscriptions (who decided by username), and the amount reviews start at. */
  reviews: (ReviewDecisionRow & { decided_by: string | null })[];
  reviewThreshold: number | null;
  /** What was paid for each past renewal of its subscriptions (who recorded it by username). */
  payments: (PaymentRow & { recorded_by_name: string | null })[];
  /** Each subscription's price history (who changed it by username). */
  priceChanges: PriceChangeWithName[];
  /** Its monthly budgets (the workspace's, its categories', its cost centres'). */
  budgets: BudgetRow[];
  /** Each subscription's fixed-term contract. */
  contracts: ContractRow[];
  categories: CategoryRow[];
  expenses: BackupExpenseRow[];
  /** Delivery state worth keeping: every reminder that is no longer simply pending. */
  reminders: ReminderRow[];
  members: { username: string; role: string }[];
}

export async function readWorkspaceRows(db: Kysely<Database>, workspaceId: number): Promise<WorkspaceRows> {
  const workspace = await db.selectFrom('workspaces').select(['id', 'name']).where('id', '=', workspaceId).executeTakeFirstOrThrow();
  const settings = await db.selectFrom('settings').selectAll().where('workspace_id', '=', workspaceId).executeTakeFirst();
  const rates = await listRates(db, workspaceId);
  const reviews = await decisionsOfWorkspace(db, workspaceId);
  const reviewThreshold = await reviewThresholdOf(db, workspaceId);
  const payments = await paymentsOfWorkspace(db, workspaceId);
  const priceChanges = await priceChangesOfWorkspace(db, workspaceId);
  const budgets = await listBudgets(db, workspaceId);
  const contracts = await contractsOfWorkspace(db, workspaceId);
  const categories = await db.selectFrom('categories').selectAll().where('workspace_id', '=', workspaceId).orderBy('id').execute();
  const expenses = await db
    .selectFrom('expenses as e')
    .innerJoin('users as u', 'u.id', 'e.user_id')
    .selectAll('e')
    .select('u.username as owner')
    .where('e.workspace_id', '=', workspaceId)
    .orderBy('e.id')
    .execute();
  const reminders = await db.selectFrom('reminders').selectAll().where('workspace_id', '=', workspaceId).where('state', '!=', 'pending').orderBy('id').execute();
  const members = await db
    .selectFrom('workspace_members as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select(['u.username', 'm.role'])
    .where('m.workspace_id', '=', workspaceId)
    .orderBy('u.username')
    .execute();
  return { workspace, settings, rates, reviews, reviewThreshold, payments, priceChanges, budgets, contracts, categories, expenses, reminders, members };
}

export interface WorkspaceCounts {
  subscriptions: number;
  categories: number;
  reminders: number;
}

export async function countWorkspaceRows(db: Kysely<Database>, workspaceId: number): Promise<WorkspaceCounts> {
  const count = async (table: 'expenses' | 'categories' | 'reminders') => {
    const row = await db.selectFrom(table).select((eb) => eb.fn.countAll<number | string>().as('n')).where('workspace_id', '=', workspaceId).executeTakeFirstOrThrow();
    return Number(row.n);
  };
  const subscriptions = Number(
    (await db.selectFrom('expenses').select((eb) => eb.fn.countAll<number | string>().as('n')).where('workspace_id', '=', workspaceId).where('deleted_at', 'is', null).executeTakeFirstOrThrow()).n,
  );
  return { subscriptions, categories: await count('categories'), reminders: await count('reminders') };
}

/** Member usernames of a workspace → their user ids. */
export async function memberIdsByUsername(db: Kysely<Database>, workspaceId: number): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('workspace_members as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select(['u.username', 'u.id'])
    .where('m.workspace_id', '=', workspaceId)
    .where('m.role', '!=', 'viewer')
    .execute();
  return new Map(rows.map((r) => [r.username.toLowerCase(), r.id]));
}

export type NewReminderState = Omit<ReminderRow, 'id'>;

export async function insertReminderRows(db: Kysely<Database>, rows: NewReminderState[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) await db.insertInto('reminders').values(rows.slice(i, i + 500)).execute();
}

/** Accounts on this database besides this one. */
export async function countOtherUsers(db: Kysely<Database>, userId: number): Promise<number> {
  const row = await db.selectFrom('users').select((eb) => eb.fn.countAll<number | string>().as('n')).where('id', '!=', userId).executeTakeFirstOrThrow();
  return Number(row.n);
}
