import type { Kysely } from 'kysely';
import type { ContractInput, ExpenseContract } from '../../common/contract/expenses';
import { summarize } from '../../common/contract/validate';
import type { IsoDate } from '../../common/domain/calendar-date';
import { type ContractTerms, contractAnchorDay, contractLastDay, contractOn, derivedEnd, termDays } from '../../common/domain/contracts';
import { AppError, type FieldErrors } from '../../common/errors';
import { type ContractRow, type NewContractRow, contractsOf, deleteContract, putContract } from '../db/repositories/contracts';
import type { Database } from '../db/schema';

// A subscription's fixed-term contract (issue 13) as its create, update and get carry it: checked against the
// subscription's notice period, stored beside it, shown as it stands today.

function fail(fields: FieldErrors): never {
  throw new AppError('validation', summarize(fields), fields);
}

/** The stored terms of a contract as sent (fresh: not ended), or a validation error naming the field. */
export function contractColumns(input: ContractInput, noticeDays: number | null, now: string): Omit<NewContractRow, 'expense_id'> {
  const end = input.end_date ?? derivedEnd(input.start_date, input.term_months);
  if (end === null) fail({ 'contract.term_months': 'Minimum term runs past the end of the calendar (9999-12-31)' });
  checkNotice(input.start_date, end, noticeDays);
  return {
    start_date: input.start_date,
    term_months: input.term_months,
    end_date: end,
    anchor_day: contractAnchorDay(input.start_date, input.term_months, end),
    end_action: input.end_action,
    renew_months: input.end_action === 'renew' ? input.renew_months! : null,
    ended_on: null,
    created_at: now,
    updated_at: now,
  };
}

/** A notice period longer than the contract itself could never be given in time. */
export function checkNotice(start: IsoDate, end: IsoDate, noticeDays: number | null): void {
  const days = termDays(start, end);
  if (noticeDays !== null && noticeDays > days) {
    fail({ notice_period_days: `Notice period (${noticeDays} days) must not be longer than the contract (${days} days from ${start} to ${end})` });
  }
}

/**
 * Stores what an update says of the contract: undefined keeps it (checked against a new notice period), null removes
 * it, terms replace it. Call inside the update's transaction, after the subscription was found in this workspace.
 */
export async function applyContractInput(trx: Kysely<Database>, workspaceId: number, expenseId: number, input: ContractInput | null | undefined, noticeDays: number | null, now: string, today: IsoDate): Promise<void> {
  if (input === null) return deleteContract(trx, expenseId);
  if (input === undefined) {
    const kept = (await contractsOf(trx, workspaceId, [expenseId])).get(expenseId);
    if (kept && kept.ended_on === null) checkNotice(kept.start_date, kept.end_date, noticeDays);
    return;
  }
  const columns = contractColumns(input, noticeDays, now);
  // The same terms sent back (a form saved again) keep the stored contract: its anchor, and an end already applied.
  const stored = (await contractsOf(trx, workspaceId, [expenseId])).get(expenseId);
  if (stored && sameTerms(contractOn(stored, today), columns)) return;
  await putContract(trx, { expense_id: expenseId, ...columns });
}

const sameTerms = (a: Omit<NewContractRow, 'expense_id'>, b: Omit<NewContractRow, 'expense_id'>) =>
  a.start_date === b.start_date && a.term_months === b.term_months && a.end_date === b.end_date && a.end_action === b.end_action && (a.renew_months ?? null) === (b.renew_months ?? null);

export const termsOf = (row: ContractRow): ContractTerms => row;

/** The contract as JSON on `today`: a renewing contract past its end shows its next end (as the sweep will store it). */
export function contractJson(row: ContractRow, noticeDays: number | null, today: IsoDate): ExpenseContract {
  const current = contractOn(row, today);
  return {
    start_date: current.start_date,
    term_months: current.term_months,
    end_date: current.end_date,
    end_action: current.end_action,
    renew_months: current.renew_months,
    last_day_to_cancel: contractLastDay(current, noticeDays, today),
    ended_on: current.ended_on,
  };
}
