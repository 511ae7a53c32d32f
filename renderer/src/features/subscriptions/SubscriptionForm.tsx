import { useId, useRef, useState, type ChangeEvent, type FormEvent, type KeyboardEvent } from 'react';
import { EXPENSE_STATUSES, type ExpenseStatus } from '../../../../common/contract/expenses';
import type { Category } from '../../../../common/contract';
import { CYCLE_UNITS, type CycleUnit } from '../../../../common/domain/billing-cycles';
import type { ContractEndAction } from '../../../../common/domain/contracts';
import { CURRENCIES } from '../../../../common/domain/currencies';
import type { FieldErrors } from '../../../../common/errors';
import { Field } from '../../components/Field';
import { focusFirstError } from '../../components/form-errors';
import { SelectField } from '../../components/SelectField';
import { TextAreaField } from '../../components/TextAreaField';
import { unitWord } from '../../lib/format';
import { useNoticeHint } from '../reminders/notice-hint';
import { buildInput, derivedAmount, NEW_CATEGORY, pricedPerSeat, type FormValues } from './form-model';
import { useCostCentres } from './queries';
import { useBudgetWarnings } from './budget-warning';
import { FormAlert } from '../../components/FormAlert';

export const STATUS_LABELS: Record<ExpenseStatus, string> = { active: 'Active', trial: 'Trial', paused: 'Paused', cancelled: 'Cancelled' };
const COMMON_CURRENCIES = ['USD', 'EUR', 'GBP', 'CAD', 'AUD', 'CHF', 'JPY', 'SEK', 'INR'];

interface SubscriptionFormProps {
  formId: string;
  initial: FormValues;
  categories: Category[];
  baseCurrency: string;
  defaultReminderDays: number[];
  locale: string;
  /** null for a new subscription. */
  expenseId: number | null;
  /** Server-side errors of the last save, keyed by form control. */
  serverFields: FieldErrors;
  serverMessage: string | null;
  onSubmit(input: Record<string, unknown>, newCategory: string | null, values: FormValues): Promise<FieldErrors | null>;
}

/** Every field of a subscription with a visible label; errors in words under each, the first one focused. */
export function SubscriptionForm(props: SubscriptionFormProps) {
  const { formId, initial, categories, baseCurrency, defaultReminderDays, locale, expenseId, onSubmit } = props;
  const formRef = useRef<HTMLFormElement>(null);
  const [values, setValues] = useState<FormValues>(initial);
  const [localErrors, setLocalErrors] = useState<FieldErrors>({});
  const [edited, setEdited] = useState<Set<string>>(new Set());
  // Collapsed by default; open when the subscription has a contract.
  const [contractOpen, setContractOpen] = useState(initial.contract_enabled);
  const reminderId = useId();
  // "The last day to cancel this cycle has passed…": the planner's own rule, on the account's calendar.
  const noticeHint = useNoticeHint(values);
  const costCentreListId = useId();
  const costCentres = useCostCentres().data ?? [];
  // While seats and a price per seat are filled, the amount is theirs: shown, not typed.
  const perSeat = pricedPerSeat(values);
  const seatAmount = perSeat ? derivedAmount(values, locale) : null;
  const budgetWarnings = useBudgetWarnings(values, locale, expenseId);

  // A server error stays until its field is edited again.
  const errors: FieldErrors = { ...props.serverFields, ...localErrors };
  for (const field of edited) if (!(field in localErrors)) delete errors[field];

  function update<K extends keyof FormValues>(key: K, value: FormValues[K], control: string = key) {
    setValues((v) => ({ ...v, [key]: value }));
    setEdited((s) => new Set(s).add(control));
    setLocalErrors((e) => {
      if (!(control in e)) return e;
      const next = { ...e };
      delete next[control];
      return next;
    });
  }
  const text = (key: keyof FormValues, control?: string) => (event: ChangeEvent<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>) =>
    update(key, event.target.value as never, control);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const built = buildInput(values, locale, expenseId);
    if (!built.ok) {
      setLocalErrors(built.errors);
      setEdited(new Set());
      focusFirstError(formRef.current, built.errors);
      return;
    }
    setLocalErrors({});
    setEdited(new Set());
    const fields = await onSubmit(built.input, built.newCategory, values);
    if (fields) focusFirstError(formRef.current, fields);
  }

  // Enter saves from any single-line field natively; in the description, Ctrl/Cmd+Enter does.
  function onTextAreaKey(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      formRef.current?.requestSubmit();
    }
  }

  const categoryNames = categories.map((c) => c.name);
  if (values.category && values.category !== NEW_CATEGORY && !categoryNames.includes(values.category)) categoryNames.push(values.category);
  const common = [...new Set([baseCurrency, ...COMMON_CURRENCIES, values.currency])];
  const every = Number(values.every) || 1;
  const contractErrors = Object.keys(errors).some((k) => k.startsWith('contract.'));

  return (
    <form id={formId} ref={formRef} onSubmit={submit} noValidate className="subscription-form">
      <FormAlert message={props.serverMessage} />
      <Field label="Name" name="name" value={values.name} onChange={text('name')} error={errors.name} autoFocus autoComplete="off" placeholder="e.g. Figma" />

      <div className="form-row">
        <SelectField label="Category" name="category" value={values.category} onChange={text('category')} error={errors.category}>
          {categoryNames.map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
          <option value={NEW_CATEGORY}>New category…</option>
        </SelectField>
        <SelectField label="Status" name="status" value={values.status} onChange={(e) => update('status', e.target.value as ExpenseStatus)} error={errors.status}>
          {EXPENSE_STATUSES.map((s) => (
            <option key={s} value={s}>
              {STATUS_LABELS[s]}
            </option>
          ))}
        </SelectField>
      </div>
      {values.category === NEW_CATEGORY ? (
        <Field label="New category name" name="new_category" value={values.new_category} onChange={text('new_category')} error={errors.new_category} autoFocus autoComplete="off" />
      ) : null}
      {values.status === 'trial' ? (
        <Field label="Trial ends on" name="trial_ends_on" type="date" value={values.trial_ends_on} onChange={text('trial_ends_on')} error={errors.trial_ends_on} hint="You get a reminder before the trial turns into a paid plan." />
      ) : null}

      <div className="form-row">
        <Field
          label="Amount"
          name="amount"
          inputMode="decimal"
          value={perSeat ? (seatAmount ?? '') : values.amount}
          onChange={text('amount')}
          error={errors.amount}
          placeholder={perSeat ? 'Seats × price per seat' : '0.00'}
          autoComplete="off"
          readOnly={perSeat}
          aria-readonly={perSeat || undefined}
          hint={perSeat ? 'Seats × price per seat; clear both to type the amount.' : undefined}
        />
        <SelectField label="Currency" name="currency" value={values.currency} onChange={text('currency')} error={errors.currency}>
          <optgroup label="Common">
            {common.map((code) => (
              <option key={code} value={code}>
                {code} — {CURRENCIES.find((c) => c.code === code)?.name ?? code}
              </option>
            ))}
          </optgroup>
          <optgroup label="All currencies">
            {CURRENCIES.filter((c) => !common.includes(c.code)).map((c) => (
              <option key={c.code} value={c.code}>
                {c.code} — {c.name}
              </option>
            ))}
          </optgroup>
        </SelectField>
      </div>

      <div className="form-row">
        <Field
          label="Seats"
          name="seats"
          type="number"
          min={1}
          step={1}
          inputMode="numeric"
          value={values.seats}
          onChange={text('seats')}
          error={errors.seats}
          placeholder="Optional"
          autoComplete="off"
        />
        <Field label="Price per seat" name="seat_price" inputMode="decimal" value={values.seat_price} onChange={text('seat_price')} error={errors.seat_price} placeholder="0.00" autoComplete="off" />
      </div>

      <fieldset className="form-group">
        <legend>Billing cycle</legend>
        <div className="form-row cycle-row">
          <Field
            label="Every"
            name="billing_cycle"
            type="number"
            min={1}
            step={1}
            inputMode="numeric"
            value={values.every}
            onChange={text('every', 'billing_cycle')}
            error={errors.billing_cycle}
          />
          <SelectField label="Unit" name="billing_cycle_unit" value={values.unit} onChange={(e) => update('unit', e.target.value as CycleUnit, 'billing_cycle')}>
            {CYCLE_UNITS.map((unit) => (
              <option key={unit} value={unit}>
                {unitWord(unit, every)}
              </option>
            ))}
          </SelectField>
        </div>
      </fieldset>

      <div className="form-row">
        <Field label="Renewal date" name="renewal_date" type="date" value={values.renewal_date} onChange={text('renewal_date')} error={errors.renewal_date} hint="The next charge; a past date rolls forward." />
        <Field
          label="Notice period (days)"
          name="notice_period_days"
          type="number"
          min={0}
          step={1}
          inputMode="numeric"
          value={values.notice_period_days}
          onChange={text('notice_period_days')}
          error={errors.notice_period_days}
          hint={values.contract_enabled ? 'Under the contract: cancel this long before its end.' : (noticeHint ?? 'Cancel this long before renewal.')}
        />
      </div>

      <div className="field checkbox-field">
        <label>
          <input type="checkbox" name="auto_renew" checked={values.auto_renew} onChange={(e) => update('auto_renew', e.target.checked)} />
          Auto-renew
        </label>
        <span className="hint">Renews by itself unless cancelled; the renewal date moves forward each cycle.</span>
        {errors.auto_renew ? <span className="field-error">{errors.auto_renew}</span> : null}
      </div>

      <Field
        label="Cost centre"
        name="cost_centre"
        value={values.cost_centre}
        onChange={text('cost_centre')}
        error={errors.cost_centre}
        list={costCentreListId}
        placeholder="e.g. Marketing"
        autoComplete="off"
        hint="Who pays for it: pick one already in use, or type a new one."
      />
      <datalist id={costCentreListId}>
        {costCentres.map((c) => (
          <option key={c.name} value={c.name} />
        ))}
      </datalist>

      <div role="status" className="budget-warnings" data-testid="budget-warning">
        {budgetWarnings.length > 0 ? (
          <div className="budget-notice">
            <ul>
              {budgetWarnings.map((w) => (
                <li key={w}>{w}</li>
              ))}
            </ul>
          </div>
        ) : null}
      </div>

      <div className="form-row">
        <Field label="Payment method" name="payment_method" value={values.payment_method} onChange={text('payment_method')} error={errors.payment_method} placeholder="e.g. Visa •1234" />
        <Field label="Manage / cancel URL" name="url" type="url" value={values.url} onChange={text('url')} error={errors.url} placeholder="https://…" autoComplete="off" />
      </div>

      <fieldset className="form-group" aria-describedby={errors.reminder_days ? `${reminderId}-error` : undefined}>
        <legend>Reminders</legend>
        <label className="radio">
          <input type="radio" name="reminder_mode" value="default" checked={values.reminder_mode === 'default'} onChange={() => update('reminder_mode', 'default', 'reminder_days')} />
          Account default ({defaultReminderDays.length ? defaultReminderDays.join(', ') : 'none'} {defaultReminderDays.length === 1 && defaultReminderDays[0] === 1 ? 'day' : 'days'} before)
        </label>
        <label className="radio">
          <input type="radio" name="reminder_mode" value="custom" checked={values.reminder_mode === 'custom'} onChange={() => update('reminder_mode', 'custom', 'reminder_days')} />
          Custom
        </label>
        {values.reminder_mode === 'custom' ? (
          <Field
            label="Days before renewal"
            name="reminder_days"
            value={values.reminder_days}
            onChange={text('reminder_days')}
            error={errors.reminder_days}
            hint="Comma-separated, like 14, 3, 1."
            autoComplete="off"
          />
        ) : errors.reminder_days ? (
          <span id={`${reminderId}-error`} className="field-error" role="alert">
            {errors.reminder_days}
          </span>
        ) : null}
      </fieldset>

      <details className="form-group contract-group" open={contractOpen || contractErrors} onToggle={(e) => setContractOpen(e.currentTarget.open)}>
        <summary>Contract{values.contract_enabled ? ' · fixed term' : ''}</summary>
        <div className="field checkbox-field">
          <label>
            <input type="checkbox" name="contract_enabled" checked={values.contract_enabled} onChange={(e) => update('contract_enabled', e.target.checked, 'contract.start_date')} />
            Fixed-term contract
          </label>
          <span className="hint">A minimum term: it cannot be cancelled before its end; the notice period counts back from the end.</span>
        </div>
        {values.contract_enabled ? (
          <>
            <div className="form-row">
              <Field label="Contract start" name="contract.start_date" type="date" value={values.contract_start} onChange={text('contract_start', 'contract.start_date')} error={errors['contract.start_date']} />
              <Field
                label="Minimum term (months)"
                name="contract.term_months"
                type="number"
                min={1}
                step={1}
                inputMode="numeric"
                value={values.contract_term}
                onChange={text('contract_term', 'contract.term_months')}
                error={errors['contract.term_months']}
              />
            </div>
            <Field label="Contract end" name="contract.end_date" type="date" value={values.contract_end} onChange={text('contract_end', 'contract.end_date')} error={errors['contract.end_date']} hint="Leave empty to end it the minimum term after its start." />
            <div className="form-row">
              <SelectField label="At the end" name="contract.end_action" value={values.contract_action} onChange={(e) => update('contract_action', e.target.value as ContractEndAction, 'contract.end_action')} error={errors['contract.end_action']}>
                <option value="renew">Renews</option>
                <option value="monthly">Becomes monthly</option>
                <option value="end">Ends</option>
              </SelectField>
              {values.contract_action === 'renew' ? (
                <Field
                  label="Renews for (months)"
                  name="contract.renew_months"
                  type="number"
                  min={1}
                  step={1}
                  inputMode="numeric"
                  value={values.contract_renew}
                  onChange={text('contract_renew', 'contract.renew_months')}
                  error={errors['contract.renew_months']}
                />
              ) : null}
            </div>
          </>
        ) : null}
      </details>

      <TextAreaField label="Description" name="description" value={values.description} onChange={text('description')} onKeyDown={onTextAreaKey} error={errors.description} rows={3} />
    </form>
  );
}
