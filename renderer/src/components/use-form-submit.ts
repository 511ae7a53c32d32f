import { useRef, useState } from 'react';
import type { FieldErrors } from '../../../common/errors';
import { focusFirstError, noErrors, toFormErrors, type FormErrorState } from './form-errors';

/**
 * The submit loop every small form shares: errors under their fields with focus on the first, a form-level
 * message, and a busy flag while the call runs. `refuse` is for what the form checks before sending.
 */
export function useFormSubmit(knownFields: readonly string[]) {
  const formRef = useRef<HTMLFormElement>(null);
  const [errors, setErrors] = useState<FormErrorState>(noErrors);
  const [busy, setBusy] = useState(false);

  function show(next: FormErrorState): void {
    setErrors(next);
    focusFirstError(formRef.current, next.fields);
  }

  return {
    formRef,
    errors,
    busy,
    refuse(fields: FieldErrors, message: string | null = null): void {
      show({ fields, message });
    },
    async run(action: () => Promise<void>): Promise<void> {
      setBusy(true);
      try {
        await action();
        setErrors(noErrors);
      } catch (error) {
        show(toFormErrors(error, knownFields));
      } finally {
        setBusy(false);
      }
    },
  };
}
