import type { Generated, Insertable, Selectable } from 'kysely';
import type { CategoriesTable } from './repositories/categories';
import type { ExchangeRatesTable } from './repositories/exchange-rates';
import type { ExpensesTable } from './repositories/expenses';
import type { SessionsTable } from './repositories/sessions';
import type { SettingsTable } from './repositories/settings';
import type { UsersTable } from './repositories/users';

// The database as Kysely sees it. Each table's types live beside its repository (db/repositories/);
// column names follow the original app's schema, so JSON needs no mapping.

export type { CategoryRow } from './repositories/categories';
export type { ExpenseRow, ExpenseUpdate, NewExpenseRow } from './repositories/expenses';
export type { SessionRow } from './repositories/sessions';
export type { SettingsRow } from './repositories/settings';
export type { NewUserRow, UserRow, UserUpdate } from './repositories/users';

export type ReminderState = 'pending' | 'sending' | 'sent' | 'failed' | 'missed' | 'snoozed' | 'dismissed';

export interface RemindersTable {
  id: Generated<number>;
  user_id: number;
  expense_id: number;
  kind: 'renewal' | 'notice' | 'trial';
  target_date: string;
  lead_days: number;
  due_at: string;
  state: Generated<ReminderState>;
  /** When the scheduler looks at this row next (due, retry, snooze, pause or send timeout); null once settled. */
  next_attempt_at: string | null;
  attempts: Generated<number>;
  claimed_at: string | null;
  last_error: string | null;
  /** What last_error means, in words (e.g. "Could not reach … nothing is listening there"); null when it says so itself. */
  last_error_summary: string | null;
  message_id: string | null;
  notification: 'shown' | 'unavailable' | null;
  notified_at: string | null;
  email: 'sent' | 'retrying' | 'failed' | 'not_configured' | 'no_address' | null;
  email_to: string | null;
  emailed_at: string | null;
  snoozed_until: string | null;
  sent_at: string | null;
  /** The state a dismissed row had, so Undo and Restore put it back; null otherwise. */
  dismissed_from: Exclude<ReminderState, 'sending' | 'dismissed'> | null;
  created_at: string;
  updated_at: string;
}
export type ReminderRow = Selectable<RemindersTable>;
export type NewReminderRow = Insertable<RemindersTable>;

/** What an account's pending reminders were planned for (0009); owned by the reminder subsystem. */
export interface ReminderPlansTable {
  user_id: number;
  /** The zone the pending reminders were last planned in. */
  time_zone: string;
  /** Null: no replan under way; otherwise the highest subscription id already replanned. */
  replan_after: number | null;
  replan_reason: 'settings' | 'time zone' | null;
  updated_at: string;
}
export type ReminderPlanRow = Selectable<ReminderPlansTable>;

export interface Database {
  users: UsersTable;
  sessions: SessionsTable;
  categories: CategoriesTable;
  expenses: ExpensesTable;
  exchange_rates: ExchangeRatesTable;
  settings: SettingsTable;
  reminders: RemindersTable;
  reminder_plans: ReminderPlansTable;
}
