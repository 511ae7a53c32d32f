import type { Generated, Insertable, Selectable, Updateable } from 'kysely';

// Kysely table types; column names follow the original app's schema, so JSON needs no mapping.

export interface UsersTable {
  id: Generated<number>;
  email: string;
  username: string;
  password_hash: string;
  company_name: string | null;
  created_at: string;
  updated_at: string;
}
export type UserRow = Selectable<UsersTable>;
export type NewUserRow = Insertable<UsersTable>;
export type UserUpdate = Updateable<UsersTable>;

export interface SessionsTable {
  token_hash: string;
  /** Public id for the sessions list (0005): never the token nor its hash. */
  id: string;
  user_id: number;
  kind: 'web' | 'desktop';
  /** The browser's User-Agent when signed in (0005); null for the desktop app and older sessions. */
  agent: string | null;
  created_at: string;
  /** Moved at most every few minutes (0005). */
  last_seen_at: string;
  expires_at: string;
}
export type SessionRow = Selectable<SessionsTable>;

export interface CategoriesTable {
  id: Generated<number>;
  user_id: number;
  name: string;
  is_default: Generated<number>;
  created_at: string;
  updated_at: string;
}
export type CategoryRow = Selectable<CategoriesTable>;

export interface ExpensesTable {
  id: Generated<number>;
  user_id: number;
  category_id: number;
  name: string;
  amount_minor: number;
  currency: string;
  cycle_unit: 'day' | 'week' | 'month' | 'year';
  cycle_every: number;
  anchor_day: number;
  renewal_date: string;
  description: string | null;
  status: 'active' | 'trial' | 'paused' | 'cancelled';
  trial_ends_on: string | null;
  notice_period_days: number | null;
  auto_renew: number;
  payment_method: string | null;
  url: string | null;
  /** JSON array of lead days, or null to follow settings.reminder_days_default. */
  reminder_days: string | null;
  reminder_sent: number;
  cancelled_at: string | null;
  deleted_at: string | null;
  created_at: string;
  updated_at: string;
}
export type ExpenseRow = Selectable<ExpensesTable>;
export type NewExpenseRow = Insertable<ExpensesTable>;
export type ExpenseUpdate = Updateable<ExpensesTable>;

export interface ExchangeRatesTable {
  user_id: number;
  currency: string;
  rate: string;
  updated_at: string;
}

export interface SettingsTable {
  user_id: number;
  base_currency: Generated<string>;
  locale: string | null;
  time_zone: string | null;
  reminder_days_default: Generated<string>;
  reminder_time: Generated<string>;
  reminders_paused_until: string | null;
  smtp_host: string | null;
  smtp_port: number | null;
  smtp_security: 'none' | 'starttls' | 'tls' | null;
  smtp_username: string | null;
  smtp_from: string | null;
  updated_at: string;
}
export type SettingsRow = Selectable<SettingsTable>;

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
