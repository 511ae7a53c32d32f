import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Field } from '../../components/Field';
import { FormAlert } from '../../components/FormAlert';
import { useToast } from '../../components/Toast';
import { useFormSubmit } from '../../components/use-form-submit';
import type { Formatters } from '../../lib/format';
import { setReviewThreshold, useReviewsSummary } from './queries';

const FIELDS = ['threshold'] as const;

/** Which renewals are reviewed: every yearly one, and others from the workspace's amount (admins change it). */
export function ThresholdForm({ f, canChange }: { f: Formatters; canChange: boolean }) {
  const { data } = useReviewsSummary();
  const queryClient = useQueryClient();
  const toast = useToast();
  const { formRef, errors, busy, run } = useFormSubmit(FIELDS);
  const [value, setValue] = useState<string | null>(null);
  if (!data) return null;
  const shown = value ?? String(data.threshold);

  function submit(event: FormEvent) {
    event.preventDefault();
    void run(async () => {
      const { threshold, base_currency } = await setReviewThreshold(queryClient, shown.trim() === '' ? null : shown.trim());
      setValue(null);
      toast.show({ message: `Renewals from ${f.money(threshold, base_currency)} are reviewed from now on` });
    });
  }

  return (
    <section className="card review-threshold" aria-labelledby="review-threshold-title">
      <h2 id="review-threshold-title">Which renewals are reviewed</h2>
      <p className="muted">Every yearly (or longer) renewal, and any renewal of {f.money(data.threshold, data.base_currency)} or more.</p>
      {canChange ? (
        <form ref={formRef} onSubmit={submit} noValidate className="review-form-row">
          <Field label={`Review renewals from (${data.base_currency})`} name="threshold" inputMode="decimal" value={shown} onChange={(e) => setValue(e.target.value)} error={errors.fields.threshold} hint="Leave empty for the default, 100" />
          <div className="review-form-actions">
            <button type="submit" className="btn" disabled={busy}>
              Save
            </button>
          </div>
          <FormAlert message={errors.message} />
        </form>
      ) : null}
    </section>
  );
}
