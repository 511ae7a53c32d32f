import { useCallback, useId, useState, type FormEvent, type ReactNode } from 'react';
import type { FieldErrors } from '../../../../common/errors';
import { ApiError } from '../../api/client';
import { FormAlert } from '../../components/FormAlert';

/** The field names a form shows errors under, or a test for them. */
export type Shown = readonly string[] | ((field: string) => boolean);

export interface SectionErrors {
  fields: FieldErrors;
  message: string | null;
}

const none: SectionErrors = { fields: {}, message: null };

/**
 * Splits a failed save into messages under fields this form shows (matched exactly, or by the
 * first path segment: "reminder_days_default.0" → "reminder_days_default") and one message for the rest.
 */
export function sectionErrors(error: unknown, shown: Shown, alias: Record<string, string> = {}): SectionErrors {
  if (!(error instanceof ApiError)) return { fields: {}, message: error instanceof Error ? error.message : 'Something went wrong' };
  const isShown = typeof shown === 'function' ? shown : (f: string) => shown.includes(f);
  const fields: FieldErrors = {};
  const other: string[] = [];
  for (const [field, message] of Object.entries(error.fields)) {
    const head = field.split('.')[0]!;
    const candidates = [field, head].map((f) => alias[f] ?? f);
    const target = candidates.find(isShown) ?? null;
    if (target) fields[target] ??= message;
    else other.push(message);
  }
  const hasFields = Object.keys(fields).length > 0;
  return { fields, message: hasFields ? other.join(' ') || null : error.message };
}

/** Focuses the first control, in form order, whose name has an error. */
export function focusFirst(form: HTMLFormElement | null, fields: FieldErrors): void {
  if (!form) return;
  const target = Array.from(form.elements).find(
    (el): el is HTMLInputElement => el instanceof HTMLElement && typeof (el as HTMLInputElement).name === 'string' && (el as HTMLInputElement).name in fields,
  );
  target?.focus();
}

export interface SaveState {
  errors: SectionErrors;
  saving: boolean;
  savedMessage: string | null;
  /** Call on any edit: the old "Saved" no longer describes what is on screen. */
  touched(): void;
  setErrors(errors: SectionErrors): void;
  /**
   * Runs a save: local errors stop it (and focus the first), server errors are mapped under
   * their fields; success shows `saved` until the next edit.
   */
  submit(options: { form: HTMLFormElement; local?: FieldErrors; shown: Shown; alias?: Record<string, string>; save(): Promise<string> }): Promise<void>;
}

export function useSaveState(): SaveState {
  const [errors, setErrors] = useState<SectionErrors>(none);
  const [saving, setSaving] = useState(false);
  const [savedMessage, setSavedMessage] = useState<string | null>(null);

  const touched = useCallback(() => setSavedMessage(null), []);

  const submit = useCallback<SaveState['submit']>(async ({ form, local, shown, alias, save }) => {
    setSavedMessage(null);
    if (local && Object.keys(local).length > 0) {
      setErrors({ fields: local, message: null });
      focusFirst(form, local);
      return;
    }
    setSaving(true);
    try {
      const message = await save();
      setErrors(none);
      setSavedMessage(message);
    } catch (error) {
      const next = sectionErrors(error, shown, alias);
      setErrors(next);
      focusFirst(form, next.fields);
    } finally {
      setSaving(false);
    }
  }, []);

  return { errors, saving, savedMessage, touched, setErrors, submit };
}

interface SectionProps {
  title: string;
  description?: ReactNode;
  children: ReactNode;
}

/** A titled card; a landmark region named by its title. */
export function SettingsSection({ title, description, children }: SectionProps) {
  const id = useId();
  return (
    <section className="card settings-section" aria-labelledby={id}>
      <header className="settings-section-head">
        <h2 id={id}>{title}</h2>
        {description ? <p className="muted">{description}</p> : null}
      </header>
      {children}
    </section>
  );
}

interface SectionFormProps {
  state: SaveState;
  /** Gets the form, so the first field with an error can be focused. */
  onSubmit(form: HTMLFormElement): void;
  saveLabel?: string;
  children: ReactNode;
  /** Extra buttons beside Save. */
  actions?: ReactNode;
  /** Read-only (e.g. settings that come from the environment). */
  disabled?: boolean;
}

/** The form of a section: its fields, a form-level error, Save, and the saved confirmation. */
export function SectionForm({ state, onSubmit, saveLabel = 'Save', children, actions, disabled = false }: SectionFormProps) {
  function handle(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    onSubmit(event.currentTarget);
  }
  return (
    <form onSubmit={handle} onChange={state.touched} noValidate>
      <FormAlert message={state.errors.message} />
      <fieldset className="settings-fields" disabled={disabled}>
        {children}
      </fieldset>
      <div className="settings-actions">
        <button type="submit" className="btn btn-primary" disabled={state.saving || disabled}>
          {state.saving ? 'Saving…' : saveLabel}
        </button>
        {actions}
        <span className="save-status" role="status">
          {state.savedMessage ? (
            <>
              <span aria-hidden="true">✓ </span>
              {state.savedMessage}
            </>
          ) : null}
        </span>
      </div>
    </form>
  );
}

/** A message under a field, tied to it by id. */
export function FieldError({ id, message }: { id: string; message: string | undefined }) {
  return message ? (
    <span id={id} className="field-error">
      {message}
    </span>
  ) : null;
}
