import { useRef, useState, type FormEvent } from 'react';
import { Field } from '../../components/Field';
import { focusFirstError, noErrors, toFormErrors, type FormErrorState } from '../../components/form-errors';
import { requestPasswordReset } from './queries';

const FIELDS = ['username'] as const;

/** Asks the server to email a reset link; the answer is the same whether or not the account exists. */
export function ForgotPasswordForm({ onBack }: { onBack(): void }) {
  const formRef = useRef<HTMLFormElement>(null);
  const [errors, setErrors] = useState<FormErrorState>(noErrors);
  const [busy, setBusy] = useState(false);
  const [sent, setSent] = useState<string | null>(null);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const identifier = String(new FormData(event.currentTarget).get('username') ?? '').trim();
    if (!identifier) {
      const fields = { username: 'Enter your username or email' };
      setErrors({ fields, message: null });
      focusFirstError(formRef.current, fields);
      return;
    }
    setBusy(true);
    try {
      setSent(await requestPasswordReset(identifier.includes('@') ? { email: identifier } : { username: identifier }));
      setErrors(noErrors);
    } catch (error) {
      const next = toFormErrors(error, FIELDS);
      setErrors(next);
      focusFirstError(formRef.current, next.fields);
    } finally {
      setBusy(false);
    }
  }

  if (sent) {
    return (
      <div aria-labelledby="forgot-title">
        <h1 id="forgot-title">Check your email</h1>
        <p className="lede" role="status">
          {sent}
        </p>
        <button type="button" className="btn btn-block" onClick={onBack}>
          Back to sign in
        </button>
      </div>
    );
  }

  return (
    <form ref={formRef} onSubmit={submit} noValidate aria-labelledby="forgot-title">
      <h1 id="forgot-title">Reset your password</h1>
      <p className="lede">We will email you a link to choose a new one.</p>
      {errors.message ? (
        <div className="form-error" role="alert">
          {errors.message}
        </div>
      ) : null}
      <Field label="Username or email" name="username" autoComplete="username" error={errors.fields.username} autoFocus />
      <button className="btn btn-primary btn-block" type="submit" disabled={busy}>
        {busy ? 'Sending…' : 'Email me a link'}
      </button>
      <p className="auth-switch">
        <button type="button" className="link-button" onClick={onBack}>
          Back to sign in
        </button>
      </p>
    </form>
  );
}
