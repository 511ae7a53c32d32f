import { useState, type FormEvent } from 'react';
import { passwordResetInput } from '../../../../common/contract/password-reset';
import { fieldErrors } from '../../../../common/contract/validate';
import { Brand } from '../../components/Brand';
import { Field } from '../../components/Field';
import { useFormSubmit } from '../../components/use-form-submit';
import { resetPassword } from './queries';
import { FormAlert } from '../../components/FormAlert';
import { BackToSignIn } from './BackToSignIn';

const FIELDS = ['new_password', 'repeat_password'] as const;

/** The page an emailed link opens (#/reset/<token>): choose a new password, then sign in with it. */
export function ResetPasswordScreen({ token, onDone }: { token: string; onDone(): void }) {
  const { formRef, errors, busy, refuse, run } = useFormSubmit(FIELDS);
  const [done, setDone] = useState<string | null>(null);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const input = { token, new_password: String(data.get('new_password') ?? '') };
    const parsed = passwordResetInput.safeParse(input);
    const local = parsed.success ? {} : fieldErrors(parsed.error);
    if (!local.new_password && data.get('repeat_password') !== input.new_password) local.repeat_password = 'The two new passwords are not the same';
    if (Object.keys(local).length > 0) {
      // A broken link is no field of this form: said above it.
      const { token: linkProblem, ...fields } = local;
      return refuse(fields, linkProblem ?? null);
    }
    await run(async () => setDone(await resetPassword(input)));
  }

  return (
    <main className="auth-page">
      <div className="card auth-card">
        <Brand className="auth-brand" />
        {done ? (
          <div aria-labelledby="reset-title">
            <h1 id="reset-title">Password changed</h1>
            <p className="lede" role="status">
              {done}
            </p>
            <button type="button" className="btn btn-primary btn-block" onClick={onDone}>
              Sign in
            </button>
          </div>
        ) : (
          <form ref={formRef} onSubmit={submit} noValidate aria-labelledby="reset-title">
            <h1 id="reset-title">Choose a new password</h1>
            <p className="lede">Every device signed in to your account is signed out when it changes.</p>
            <FormAlert message={errors.message} />
            <Field label="New password" name="new_password" type="password" autoComplete="new-password" error={errors.fields.new_password} hint="At least 8 characters." autoFocus />
            <Field label="Repeat new password" name="repeat_password" type="password" autoComplete="new-password" error={errors.fields.repeat_password} />
            <button className="btn btn-primary btn-block" type="submit" disabled={busy}>
              {busy ? 'Saving…' : 'Set new password'}
            </button>
            <BackToSignIn onBack={onDone} />
          </form>
        )}
      </div>
    </main>
  );
}
