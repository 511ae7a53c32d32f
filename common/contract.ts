import type { z } from 'zod';
import { accountOperations } from './contract/account';
import { appOperations } from './contract/app';
import { authOperations } from './contract/auth';
import { backupOperations } from './contract/backups';
import { budgetOperations } from './contract/budgets';
import { calendarOperations } from './contract/calendar';
import { categoryOperations } from './contract/categories';
import { dashboardOperations } from './contract/dashboard';
import { desktopOperations } from './contract/desktop';
import type { OperationDef } from './contract/define';
import { expenseOperations } from './contract/expenses';
import { importOperations } from './contract/imports';
import { passwordResetOperations } from './contract/password-reset';
import { paymentOperations } from './contract/payments';
import { ratesOperations } from './contract/rates';
import { reminderOperations } from './contract/reminders';
import { reviewOperations } from './contract/reviews';
import { settingsOperations } from './contract/settings';
import { smtpOperations } from './contract/smtp';
import { teamOperations } from './contract/team';
import { twoFactorOperations } from './contract/two-factor';
import { workspaceOperations } from './contract/workspaces';

/** Every operation the app has, by name. Transports are derived from this map. */
export const contract = {
  ...appOperations,
  ...authOperations,
  ...passwordResetOperations,
  ...twoFactorOperations,
  ...accountOperations,
  ...expenseOperations,
  ...categoryOperations,
  ...backupOperations,
  ...importOperations,
  ...calendarOperations,
  ...dashboardOperations,
  ...settingsOperations,
  ...ratesOperations,
  ...reminderOperations,
  ...reviewOperations,
  ...paymentOperations,
  ...budgetOperations,
  ...smtpOperations,
  ...desktopOperations,
  ...teamOperations,
  ...workspaceOperations,
} satisfies Record<string, OperationDef>;

export type Contract = typeof contract;
export type OperationName = keyof Contract;
/** What a caller may send (before parsing: coercion and defaults not yet applied). */
export type InputOf<K extends OperationName> = z.input<Contract[K]['input']>;
/** What a handler receives (after parsing). */
export type ParsedInputOf<K extends OperationName> = z.output<Contract[K]['input']>;
export type OutputOf<K extends OperationName> = NonNullable<Contract[K]['output']>;

export const OPERATION_NAMES = Object.keys(contract) as OperationName[];

export type { OperationDef, HttpMethod } from './contract/define';
export type { User } from './contract/auth';
export type { LoginResult, TwoFactorChallenge, TwoFactorSetup, TwoFactorStatus } from './contract/two-factor';
export type { AccountSession } from './contract/account';
export type { AppStatus } from './contract/app';
export type { Expense, ExpenseStatus, ExpenseSort } from './contract/expenses';
export type { Category } from './contract/categories';
export type { DashboardStats, DashboardSummary } from './contract/dashboard';
export type { Settings, ExchangeRate, RatesStatus, SmtpSummary } from './contract/settings';
export type { RatesRefreshResult } from './contract/rates';
export type { Payment, PriceChange } from './contract/payments';
export type { Budget, BudgetScope, BudgetStatus, BudgetWarning } from './contract/budgets';
export type { Reminder, ReminderFeedItem, ReminderState, ReminderChannels } from './contract/reminders';
export type { DesktopPreferences } from './contract/desktop';
export type { TeamConnection, TeamConnectResult } from './contract/team';
export type { Workspace, Member, Invitation, InvitationState, MovePreview } from './contract/workspaces';
export type { Role } from './contract/roles';
