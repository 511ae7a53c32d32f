import type { CalendarFeedsTable } from './repositories/calendar-feeds';
import type { CategoriesTable } from './repositories/categories';
import type { ExchangeRatesTable } from './repositories/exchange-rates';
import type { ExpenseChargeTotalsTable } from './repositories/expense-charge-totals';
import type { ExpensePeopleTotalsTable } from './repositories/expense-people-totals';
import type { ExpenseRenewalTotalsTable } from './repositories/expense-renewal-totals';
import type { ExpenseTotalsTable } from './repositories/expense-totals';
import type { ExpensesTable } from './repositories/expenses';
import type { ImportsTable } from './repositories/imports';
import type { PasswordResetsTable } from './repositories/password-resets';
import type { PaymentsTable } from './repositories/payments';
import type { PriceChangesTable } from './repositories/price-changes';
import type { RecoveryCodesTable } from './repositories/recovery-codes';
import type { ReviewDecisionsTable } from './repositories/review-decisions';
import type { ReviewSettingsTable } from './repositories/review-settings';
import type { ReminderPlansTable } from './repositories/reminder-plans';
import type { RemindersTable } from './repositories/reminders';
import type { SessionsTable } from './repositories/sessions';
import type { SettingsTable } from './repositories/settings';
import type { SignInChallengesTable } from './repositories/sign-in-challenges';
import type { ThrottleStateTable } from './repositories/throttle-state';
import type { TwoFactorTable } from './repositories/two-factor';
import type { UsersTable } from './repositories/users';
import type { InvitationsTable } from './repositories/invitations';
import type { MemberSettingsTable } from './repositories/member-settings';
import type { WorkspaceMembersTable } from './repositories/workspace-members';
import type { WorkspacesTable } from './repositories/workspaces';

// The database as Kysely sees it. Each table's types live beside its repository (db/repositories/);
// column names follow the original app's schema, so JSON needs no mapping.

export type { CategoryRow } from './repositories/categories';
export type { ExpenseRow, ExpenseUpdate, NewExpenseRow } from './repositories/expenses';
export type { ReminderPlanRow } from './repositories/reminder-plans';
export type { NewReminderRow, ReminderRow, ReminderState } from './repositories/reminders';
export type { SessionRow } from './repositories/sessions';
export type { SettingsRow } from './repositories/settings';
export type { NewUserRow, UserRow, UserUpdate } from './repositories/users';

export interface Database {
  users: UsersTable;
  sessions: SessionsTable;
  categories: CategoriesTable;
  expenses: ExpensesTable;
  expense_totals: ExpenseTotalsTable;
  expense_people_totals: ExpensePeopleTotalsTable;
  expense_charge_totals: ExpenseChargeTotalsTable;
  expense_renewal_totals: ExpenseRenewalTotalsTable;
  exchange_rates: ExchangeRatesTable;
  settings: SettingsTable;
  reminders: RemindersTable;
  reminder_plans: ReminderPlansTable;
  throttle_state: ThrottleStateTable;
  password_resets: PasswordResetsTable;
  two_factor: TwoFactorTable;
  recovery_codes: RecoveryCodesTable;
  sign_in_challenges: SignInChallengesTable;
  workspaces: WorkspacesTable;
  workspace_members: WorkspaceMembersTable;
  invitations: InvitationsTable;
  member_settings: MemberSettingsTable;
  imports: ImportsTable;
  calendar_feeds: CalendarFeedsTable;
  review_decisions: ReviewDecisionsTable;
  review_settings: ReviewSettingsTable;
  payments: PaymentsTable;
  price_changes: PriceChangesTable;
}
