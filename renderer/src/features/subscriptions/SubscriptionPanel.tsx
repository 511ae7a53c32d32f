import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { Expense } from '../../../../common/contract';
import { FALLBACK_CATEGORY } from '../../../../common/contract/categories';
import type { FieldErrors } from '../../../../common/errors';
import { ApiError } from '../../api/client';
import { Icon } from '../../components/icons';
import { SidePanel } from '../../components/SidePanel';
import { Skeleton } from '../../components/Skeleton';
import { useToast } from '../../components/Toast';
import { useSettings } from '../settings/queries';
import { createCategory, saveExpense, useCategories, useExpense } from './queries';
import { useFormatters } from '../../lib/use-formatters';
import { blankValues, serverErrors, valuesFromExpense, type FormValues } from './form-model';
import { ContractSummary } from './ContractSummary';
import { PaymentsSection } from './PaymentsSection';
import { SubscriptionForm } from './SubscriptionForm';
import { useAccess } from '../team/access';

const FORM_ID = 'subscription-form';

interface SubscriptionPanelProps {
  /** null: add a new one. */
  expenseId: number | null;
  onClose(): void;
  onDelete(expense: Expense): void;
}

/** Add or edit one subscription in a side panel; saving refreshes the list and the dashboard. */
export function SubscriptionPanel({ expenseId, onClose, onDelete }: SubscriptionPanelProps) {
  const queryClient = useQueryClient();
  const toast = useToast();
  const f = useFormatters();
  const settings = useSettings();
  const categories = useCategories();
  const existing = useExpense(expenseId);
  const [busy, setBusy] = useState(false);
  const [server, setServer] = useState<{ fields: FieldErrors; message: string | null }>({ fields: {}, message: null });

  const access = useAccess();
  // A row the role may not change opens read-only: the same fields, disabled, and no Save or Delete.
  const editable = expenseId === null ? access.canAdd : existing.data ? access.canChange(existing.data) : true;
  const title = expenseId === null ? 'Add subscription' : existing.data ? (editable ? `Edit ${existing.data.name}` : existing.data.name) : 'Edit subscription';
  const baseCurrency = settings.data?.base_currency ?? 'USD';
  const defaultReminderDays = settings.data?.reminder_days_default ?? [7];

  async function save(input: Record<string, unknown>, newCategory: string | null, values: FormValues): Promise<FieldErrors | null> {
    setBusy(true);
    setServer({ fields: {}, message: null });
    try {
      if (newCategory) {
        try {
          await createCategory(newCategory);
        } catch (error) {
          // It already exists (in some letter case): the subscription simply joins it.
          if (!(error instanceof ApiError && error.code === 'conflict')) {
            const message = error instanceof ApiError ? (error.fields.name ?? error.message) : 'The category could not be added';
            throw new ApiError({ code: 'validation', message, fields: { new_category: message } });
          }
        }
      }
      const expense = await saveExpense(queryClient, expenseId, input);
      toast.show({ message: expenseId === null ? `Added ${expense.name}` : `Saved ${expense.name}` });
      onClose();
      return null;
    } catch (error) {
      const next = serverErrors(error, values);
      setServer(next);
      return next.fields;
    } finally {
      setBusy(false);
    }
  }

  const ready = settings.isSuccess || settings.isError;
  const loading = !ready || categories.isPending || (expenseId !== null && existing.isPending);

  let body;
  if (expenseId !== null && existing.error) {
    const gone = existing.error instanceof ApiError && existing.error.code === 'not_found';
    body = (
      <div role="alert" className="panel-message">
        <p>{gone ? 'This subscription does not exist any more (it may have been deleted).' : `It could not be loaded: ${existing.error.message}`}</p>
        <button type="button" className="btn" onClick={onClose}>
          Close
        </button>
      </div>
    );
  } else if (loading) {
    body = (
      <div className="form-skeleton" aria-busy="true" aria-label="Loading">
        {Array.from({ length: 6 }, (_, i) => (
          <Skeleton key={i} className="field-skeleton" />
        ))}
      </div>
    );
  } else {
    const list = categories.data ?? [];
    const defaultCategory = list.some((c) => c.name === FALLBACK_CATEGORY) ? FALLBACK_CATEGORY : (list[0]?.name ?? FALLBACK_CATEGORY);
    const initial = existing.data ? valuesFromExpense(existing.data) : blankValues({ currency: baseCurrency, category: defaultCategory, reminderDays: defaultReminderDays });
    const form = (
      <SubscriptionForm
        key={expenseId ?? 'new'}
        formId={FORM_ID}
        initial={initial}
        categories={list}
        baseCurrency={baseCurrency}
        defaultReminderDays={defaultReminderDays}
        locale={f.locale}
        expenseId={expenseId}
        serverFields={server.fields}
        serverMessage={server.message}
        onSubmit={save}
      />
    );
    const payments = existing.data ? (
      <>
        <ContractSummary expense={existing.data} />
        <PaymentsSection expense={existing.data} editable={editable} />
      </>
    ) : null;
    body = editable ? (
      <>
        {form}
        {payments}
      </>
    ) : (
      <>
        <p className="role-note muted" data-testid="role-note">
          {access.reason ?? 'You cannot change this subscription.'}
        </p>
        <fieldset disabled className="readonly-fieldset">
          {form}
        </fieldset>
        {payments}
      </>
    );
  }

  return (
    <SidePanel
      title={title}
      onClose={onClose}
      footer={
        <>
          {existing.data && editable ? (
            <button type="button" className="btn btn-ghost btn-danger" onClick={() => onDelete(existing.data)}>
              <Icon name="trash" size={16} />
              Delete
            </button>
          ) : null}
          <span className="spacer" />
          <button type="button" className="btn" onClick={onClose}>
            {editable ? 'Cancel' : 'Close'}
          </button>
          {editable ? (
            <button type="submit" form={FORM_ID} className="btn btn-primary" disabled={busy || loading}>
              {busy ? 'Saving…' : 'Save'}
            </button>
          ) : null}
        </>
      }
    >
      {body}
    </SidePanel>
  );
}
