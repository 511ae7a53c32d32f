import type { Kysely } from 'kysely';
import { addDays, todayIn } from '../../common/domain/calendar-date';
import type { Database } from '../../main/db/schema';
import { replanExpenses } from '../../main/reminders/planner';

// Many accounts, each owning its personal workspace with a few reminders, all falling due at one
// instant: what several servers race over. Planned by the real planner (7 days before a renewal 8 days
// away: the reminder's date is tomorrow, so it cannot pass mid-race at midnight); then every row is set
// due at `dueAt`. No vitest here: the bench seeds with it too.

export interface DueReminderSeed {
  accounts: number;
  /** Subscriptions per account, one due reminder each; at most DIGEST_THRESHOLD, so each goes out as its own mail. */
  perAccount: number;
  dueAt: Date;
}

export interface SeededReminders {
  /** The due rows' ids, ascending. */
  reminderIds: number[];
}

export async function seedDueReminders(db: Kysely<Database>, { accounts, perAccount, dueAt }: DueReminderSeed): Promise<SeededReminders> {
  const plannedAt = new Date(dueAt.getTime() - 2 * 86_400_000);
  const stamp = plannedAt.toISOString();
  const renewal = addDays(todayIn('UTC', dueAt), 8);
  const users = await db
    .insertInto('users')
    .values(Array.from({ length: accounts }, (_, a) => ({ email: `owner${a}@race.test`, username: `owner${a}`, password_hash: 'never signs in', company_name: null, created_at: stamp, updated_at: stamp })))
    .returning('id')
    .execute();
  const userIds = users.map((u) => u.id);
  // Each account's personal workspace, which it owns (as registering makes one), matched back by name.
  const workspaces = await db
    .insertInto('workspaces')
    .values(userIds.map((id) => ({ name: `race ${id}`, kind: 'personal' as const, created_at: stamp, updated_at: stamp })))
    .returning(['id', 'name'])
    .execute();
  const workspaceOf = new Map(workspaces.map((w) => [Number(w.name.slice('race '.length)), w.id]));
  const scopes = userIds.map((user_id) => ({ user_id, workspace_id: workspaceOf.get(user_id)! }));
  await db
    .insertInto('workspace_members')
    .values(scopes.map((s) => ({ ...s, role: 'owner' as const, remind_all: 0, joined_at: stamp })))
    .execute();
  await db
    .insertInto('settings')
    .values(scopes.map(({ workspace_id }) => ({ workspace_id, reminder_days_default: '[7]', reminders_paused_until: null, updated_at: stamp })))
    .execute();
  await db
    .insertInto('member_settings')
    .values(userIds.map((user_id) => ({ user_id, locale: null, time_zone: 'UTC', updated_at: stamp })))
    .execute();
  const categories = await db
    .insertInto('categories')
    .values(scopes.map((s) => ({ ...s, name: 'Tools', created_at: stamp, updated_at: stamp })))
    .returning(['id', 'user_id', 'workspace_id'])
    .execute();
  const expenses = categories.flatMap(({ id: category_id, user_id, workspace_id }) =>
    Array.from({ length: perAccount }, (_, i) => ({
      user_id,
      workspace_id,
      category_id,
      name: `Tool ${user_id}-${i}`,
      amount_minor: 1_000 + i,
      currency: 'USD',
      cycle_unit: 'year' as const,
      cycle_every: 1,
      anchor_day: Number(renewal.slice(8)),
      renewal_date: renewal,
      description: null,
      status: 'active' as const,
      trial_ends_on: null,
      notice_period_days: null,
      auto_renew: 1,
      payment_method: null,
      url: null,
      reminder_days: null,
      reminder_sent: 0,
      cancelled_at: null,
      deleted_at: null,
      created_at: stamp,
      updated_at: stamp,
    })),
  );
  // A statement per 500 rows keeps PostgreSQL's bind parameters well under its 65,535.
  const expenseIds: number[] = [];
  for (let i = 0; i < expenses.length; i += 500) expenseIds.push(...(await db.insertInto('expenses').values(expenses.slice(i, i + 500)).returning('id').execute()).map((e) => e.id));
  const planner = { now: () => plannedAt, timeZone: () => 'UTC' };
  // Every workspace's subscriptions in one replan (each in its own workspace's settings): one transaction, not one per account.
  await db.transaction().execute((trx) => replanExpenses(trx, planner, null, expenseIds));
  const at = dueAt.toISOString();
  await db.updateTable('reminders').set({ due_at: at, next_attempt_at: at }).where('state', '=', 'pending').execute();
  const rows = await db.selectFrom('reminders').select('id').where('state', '=', 'pending').orderBy('id').execute();
  if (rows.length !== accounts * perAccount) throw new Error(`seeded ${rows.length} due reminders, expected ${accounts * perAccount}`);
  return { reminderIds: rows.map((r) => r.id) };
}
