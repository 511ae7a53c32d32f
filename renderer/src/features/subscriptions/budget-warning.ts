// The subscription form's word on budgets: while a draft would take its category, cost centre or the workspace over a
// monthly budget, say so ("Design would be $120 over its $500 monthly budget"). The server does the sums (exact money,
// the workspace's rates, the edited plan's current cost taken out); a save is never blocked by it.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import type { InputOf } from '../../../../common/contract';
import { normalizeAmountText } from '../../../../common/domain/amount-text';
import { isCurrencyCode } from '../../../../common/domain/currencies';
import { parseMajorAmount } from '../../../../common/domain/money';
import { api } from '../../api/client';
import { dashboardKeys } from '../dashboard/queries';
import { useAccess } from '../team/access';
import { NEW_CATEGORY, derivedAmount, pricedPerSeat, type FormValues } from './form-model';

const WAIT_MS = 300;

/** The draft as budgets.check takes it, or null while the amount is not yet money. */
export function budgetDraft(values: FormValues, locale: string, expenseId: number | null): InputOf<'budgets.check'> | null {
  if (!isCurrencyCode(values.currency)) return null;
  let amount: string | null;
  if (pricedPerSeat(values)) amount = derivedAmount(values, locale);
  else {
    const typed = normalizeAmountText(values.amount, locale);
    amount = typed.ok && parseMajorAmount(typed.text, values.currency).ok ? typed.text : null;
  }
  const every = /^\d+$/.test(values.every.trim()) ? Number(values.every) : Number.NaN;
  if (amount === null || !Number.isSafeInteger(every) || every < 1) return null;
  const category = values.category === NEW_CATEGORY ? values.new_category.trim() : values.category;
  return {
    ...(expenseId === null ? {} : { id: expenseId }),
    ...(category ? { category } : {}),
    cost_centre: values.cost_centre.trim() || null,
    amount: Number(amount),
    currency: values.currency,
    billing_cycle: { unit: values.unit, every },
    status: values.status,
  };
}

function useSettled<T>(value: T): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), WAIT_MS);
    return () => clearTimeout(timer);
  }, [value]);
  return settled;
}

/** The warnings for the form's current values (none while typing, for a viewer, or when the check fails). */
export function useBudgetWarnings(values: FormValues, locale: string, expenseId: number | null): string[] {
  const access = useAccess();
  const draft = budgetDraft(values, locale, expenseId);
  const key = useSettled(draft ? JSON.stringify(draft) : null);
  const query = useQuery({
    queryKey: [...dashboardKeys.budgets, 'check', key],
    queryFn: async () => api('budgets.check', JSON.parse(key!) as InputOf<'budgets.check'>),
    enabled: key !== null && access.canAdd,
    placeholderData: keepPreviousData,
    retry: false,
  });
  if (key === null || !query.data) return [];
  return [...query.data.warnings.map((w) => w.message), ...query.data.notes];
}
