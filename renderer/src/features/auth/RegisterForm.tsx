import type { FormEvent } from 'react';
import { registerInput } from '../../../../common/contract/auth';
import { fieldErrors } from '../../../../common/contract/validate';
import type { User } from '../../../../common/contract';
import { Field } from '../../components/Field';
import { useFormSubmit } from '../../components/use-form-submit';
import { register } from './queries';
import { FormAlert } from '../../components/FormAlert';

const REGISTER_FIELDS = ['email', 'username', 'password', 'company_name'] as const;

/** Create the first (or another) account; the fields are checked with the contract's own schema before sending. */
export function RegisterForm({ onSignedIn, onSwitch }: { onSignedIn(user: User): void; onSwitch(): void }) {
  const { formRef, errors, busy, refuse, run } = useFormSubmit(REGISTER_FIELDS);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = Object.fromEntries(new FormData(event.currentTarget)) as Record<string, string>;
    const input = { email: data.email ?? '', username: data.username ?? '', password: data.password ?? '', company_name: data.company_name ?? '' };
    const local = registerInput.safeParse(input);
    if (!local.success) return refuse(fieldErrors(local.error));
    await run(async () => onSignedIn(await register(input)));
  }

  return (
    <form ref={formRef} onSubmit={submit} noValidate aria-labelledby="register-title">
      <h1 id="register-title">Create your account</h1>
      <p className="lede">Track every subscription and get warned before each renewal.</p>
      <FormAlert message={errors.message} />
      <Field label="Work email" name="email" type="email" autoComplete="email" error={errors.fields.email} autoFocus />
      <Field label="Username" name="username" autoComplete="username" error={errors.fields.username} />
      <Field
        label="Password"
        name="password"
        type="password"
        autoComplete="new-password"
        error={errors.fields.password}
        hint="At least 8 characters."
      />
      <Field label="Company name" name="company_name" autoComplete="organization" error={errors.fields.company_name} />
      <button className="btn btn-primary btn-block" type="submit" disabled={busy}>
        {busy ? 'Creating your account…' : 'Create account'}
      </button>
      <p className="auth-switch">
        Already have an account?{' '}
        <button type="button" className="link-button" onClick={onSwitch}>
          Sign in
        </button>
      </p>
    </form>
  );
}
