import { useState, type FormEvent } from 'react';
import { Field } from '../../components/Field';
import { useFormSubmit } from '../../components/use-form-submit';
import { requestPasswordReset } from './queries';
import { FormAlert } from '../../components/FormAlert';
import { BackToSignIn } from './BackToSignIn';

const FIELDS = ['username'] as const;

/** Asks the server to email a reset link; the answer is the same whether or not the account exists. */
export function ForgotPasswordForm({ onBack }: { onBack(): void }) {
  const { formRef, errors, busy, refuse, run } = useFormSubmit(FIELDS);
  const [sent, setSent] = useState<string | null>(null);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const identifier = String(new FormData(event.currentTarget).get('username') ?? '').trim();
    if (!identifier) return refuse({ username: 'Enter your username or email' });
    await run(async () => setSent(await requestPasswordReset(identifier.includes('@') ? { email: identifier } : { username: identifier })));
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
      <FormAlert message={errors.message} />
      <Field label="Username or email" name="username" autoComplete="username" error={errors.fields.username} autoFocus />
      <button className="btn btn-primary btn-block" type="submit" disabled={busy}>
        {busy ? 'Sending…' : 'Email me a link'}
      </button>
      <BackToSignIn onBack={onBack} />
    </form>
  );
}
