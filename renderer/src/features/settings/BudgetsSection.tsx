import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { Budget, Settings } from '../../../../common/contract';
import { CURRENCIES } from '../../../../common/domain/currencies';
import { api } from '../../api/client';
import { Field } from '../../components/Field';
import { SelectField } from '../../components/SelectField';
import { useToast } from '../../components/Toast';
import { useFormatters } from '../../lib/use-formatters';
import { dashboardKeys, useBudgetStatus } from '../dashboard/queries';
import { useCategories, useCostCentres } from '../subscriptions/queries';
import { useAccess } from '../team/access';
import { SectionForm, SettingsSection, useSaveState } from './section-form';

// Settings → Budgets: a monthly amount for the whole workspace, a category or a cost centre (admins and owners set
// them; everyone sees them). The dashboard compares this month's spend with each; the subscription form warns.

const FIELDS = ['budget_scope', 'amount', 'currency'] as const;
const WORKSPACE = 'workspace';

type Target = { scope: 'workspace' } | { scope: 'category'; category_id: number } | { scope: 'cost_centre'; cost_centre: string };

function targetOf(value: string): Target {
  if (value.startsWith('category:')) return { scope: 'category', category_id: Number(value.slice('category:'.length)) };
  if (value.startsWith('cost_centre:')) return { scope: 'cost_centre', cost_centre: value.slice('cost_centre:'.length) };
  return { scope: 'workspace' };
}

const targetOfBudget = (b: Budget): Target =>
  b.scope === 'category' ? { scope: 'category', category_id: b.category_id! } : b.scope === 'cost_centre' ? { scope: 'cost_centre', cost_centre: b.cost_centre! } : { scope: 'workspace' };

export function BudgetsSection({ settings }: { settings: Settings }) {
  const f = useFormatters();
  const queryClient = useQueryClient();
  const toast = useToast();
  const access = useAccess();
  const status = useBudgetStatus();
  const categories = useCategories().data ?? [];
  const centres = useCostCentres().data ?? [];
  const state = useSaveState();
  const [scope, setScope] = useState(WORKSPACE);
  const [amount, setAmount] = useState('');
  const [currency, setCurrency] = useState(settings.base_currency);
  const base = settings.base_currency;
  const currencies = [...new Set([base, ...settings.rates.map((r) => r.currency)])];
  const budgets = status.data?.budgets ?? [];

  /** Picking a scope that has a budget starts from it (a save replaces it). */
  function choose(value: string) {
    setScope(value);
    const target = targetOf(value);
    const existing = budgets.find((b) => JSON.stringify(targetOfBudget(b)) === JSON.stringify(target));
    if (existing) {
      setAmount(String(existing.amount));
      setCurrency(existing.currency);
    }
  }

  const refresh = () => queryClient.invalidateQueries({ queryKey: dashboardKeys.all });

  function save(form: HTMLFormElement) {
    void state.submit({
      form,
      shown: FIELDS,
      alias: { scope: 'budget_scope', category_id: 'budget_scope', cost_centre: 'budget_scope' },
      local: amount.trim() === '' ? { amount: 'Budget amount is required' } : {},
      async save() {
        const { budget } = await api('budgets.set', { ...targetOf(scope), amount: amount.trim(), currency });
        await refresh();
        setAmount('');
        return `Saved: ${budget.label}, ${f.money(budget.amount, budget.currency)} a month.`;
      },
    });
  }

  async function remove(b: Budget) {
    await api('budgets.delete', { id: b.id });
    await refresh();
    toast.show({
      message: `Deleted the ${b.label} budget`,
      action: {
        label: 'Undo',
        async run() {
          await api('budgets.set', { ...targetOfBudget(b), amount: b.amount, currency: b.currency });
          await refresh();
        },
      },
    });
  }

  return (
    <SettingsSection
      title="Budgets"
      description="A monthly budget for the whole workspace, and for any category or cost centre. The dashboard shows this month's spend against each, and the subscription form warns before a change goes over."
    >
      {budgets.length === 0 ? (
        <p className="settings-empty">No budgets yet{access.canAdmin ? ' — set one below.' : '.'}</p>
      ) : (
        <table className="rates-table budgets-table" data-testid="budgets-table">
          <thead>
            <tr>
              <th scope="col">Budget for</th>
              <th scope="col">A month</th>
              <th scope="col">Spend now</th>
              {access.canAdmin ? <th scope="col"><span className="visually-hidden">Actions</span></th> : null}
            </tr>
          </thead>
          <tbody>
            {budgets.map((b) => (
              <tr key={b.id}>
                <th scope="row">{b.scope === 'workspace' ? 'Whole workspace' : b.scope === 'cost_centre' ? `${b.label} (cost centre)` : b.label}</th>
                <td className="num">{f.money(b.amount, b.currency)}</td>
                <td className="num">
                  {f.money(b.spend, base)}
                  {b.over_by === null ? <span className="muted"> · no rate for {b.currency}</span> : b.over_by > 0 ? <strong className="budget-over-by"> · {f.money(b.over_by, base)} over</strong> : null}
                </td>
                {access.canAdmin ? (
                  <td>
                    <button type="button" className="btn btn-sm" onClick={() => void remove(b)} aria-label={`Delete the ${b.label} budget`}>
                      Delete
                    </button>
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {access.canAdmin ? (
        <SectionForm state={state} onSubmit={save} saveLabel="Set budget">
          <div className="settings-grid">
            <SelectField label="Budget for" name="budget_scope" value={scope} onChange={(e) => choose(e.target.value)} error={state.errors.fields.budget_scope}>
              <option value={WORKSPACE}>Whole workspace</option>
              <optgroup label="Categories">
                {categories.map((c) => (
                  <option key={c.id} value={`category:${c.id}`}>
                    {c.name}
                  </option>
                ))}
              </optgroup>
              {centres.length > 0 ? (
                <optgroup label="Cost centres">
                  {centres.map((c) => (
                    <option key={c.name} value={`cost_centre:${c.name}`}>
                      {c.name}
                    </option>
                  ))}
                </optgroup>
              ) : null}
            </SelectField>
            <Field label="Amount a month" name="amount" inputMode="decimal" value={amount} onChange={(e) => setAmount(e.target.value)} error={state.errors.fields.amount} placeholder="0.00" autoComplete="off" />
            <SelectField label="Currency" name="currency" value={currency} onChange={(e) => setCurrency(e.target.value)} error={state.errors.fields.currency}>
              {currencies.map((code) => (
                <option key={code} value={code}>
                  {code} — {CURRENCIES.find((c) => c.code === code)?.name ?? code}
                </option>
              ))}
            </SelectField>
          </div>
        </SectionForm>
      ) : null}
    </SettingsSection>
  );
}
