import type { IsoDate } from '../../../common/domain/calendar-date';
import type { ExpenseRow } from './expenses';

// Active and trial subscriptions counted and summed per workspace, renewal date, status, currency, cycle,
// auto-renew and anchor day (migration 0022), kept by triggers on expenses. The dashboard reads the upcoming
// window as a range of its dates (repositories/dashboard.ts): the window's renewals, already grouped.

export interface ExpenseRenewalTotalsTable {
  workspace_id: number;
  renewal_date: IsoDate;
  status: 'active' | 'trial';
  currency: string;
  cycle_unit: ExpenseRow['cycle_unit'];
  cycle_every: number;
  auto_renew: number;
  anchor_day: number;
  n: number;
  total_minor: number;
}
