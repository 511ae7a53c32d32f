import { Brand } from '../../components/Brand';
import { useRef, useState, type FormEvent } from 'react';
import { registerInput } from '../../../../common/contract/auth';
import { fieldErrors } from '../../../../common/contract/validate';
import type { User } from '../../../../common/contract';
import { api } from '../../api/client';
import { Field } from '../../components/Field';
import { focusFirstError, noErrors, toFormErrors, type FormErrorState } from '../../components/form-errors';

interface AuthScreenProps {
  initialMode: 'register' | 'signin';
  onSignedIn(user: User): void;
}

const REGISTER_FIELDS = ['email', 'username', 'password', 'company_name'] as const;
const SIGNIN_FIELDS = ['username', 'password'] as const;

export function AuthScreen({ initialMode, onSignedIn }: AuthScreenProps) {
  const [mode, setMode] = useState(initialMode);
  return (
    <main className="auth-page">
      <div className="card auth-card">
        <Brand className="auth-brand" />
        {mode === 'register' ? (
          <RegisterForm onSignedIn={onSignedIn} onSwitch={() => setMode('signin')} />
        ) : (
          <SignInForm onSignedIn={onSignedIn} onSwitch={() => setMode('register')} />
        )}
      </div>
    </main>
  );
}

function RegisterForm({ onSignedIn, onSwitch }: { onSignedIn(user: User): void; onSwitch(): void }) {
  const formRef = useRef<HTMLFormElement>(null);
  const [errors, setErrors] = useState<FormErrorState>(noErrors);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = Object.fromEntries(new FormData(event.currentTarget)) as Record<string, string>;
    const input = { email: data.email ?? '', username: data.username ?? '', password: data.password ?? '', company_name: data.company_name ?? '' };
    const local = registerInput.safeParse(input);
    if (!local.success) {
      const fields = fieldErrors(local.error);
      setErrors({ fields, message: null });
      focusFirstError(formRef.current, fields);
      return;
    }
    setBusy(true);
    try {
      const { user } = await api('auth.register', input);
      onSignedIn(user);
    } catch (error) {
      const next = toFormErrors(error, REGISTER_FIELDS);
      setErrors(next);
      focusFirstError(formRef.current, next.fields);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form ref={formRef} onSubmit={submit} noValidate aria-labelledby="register-title">
      <h1 id="register-title">Create your account</h1>
      <p className="lede">Track every subscription and get warned before each renewal.</p>
      {errors.message ? (
        <div className="form-error" role="alert">
          {errors.message}
        </div>
      ) : null}
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

function SignInForm({ onSignedIn, onSwitch }: { onSignedIn(user: User): void; onSwitch(): void }) {
  const formRef = useRef<HTMLFormElement>(null);
  const [errors, setErrors] = useState<FormErrorState>(noErrors);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = Object.fromEntries(new FormData(event.currentTarget)) as Record<string, string>;
    const fields: Record<string, string> = {};
    if (!data.username?.trim()) fields.username = 'Enter your username or email';
    if (!data.password) fields.password = 'Password is required';
    if (Object.keys(fields).length > 0) {
      setErrors({ fields, message: null });
      focusFirstError(formRef.current, fields);
      return;
    }
    setBusy(true);
    try {
      const identifier = data.username!.trim();
      const credentials = identifier.includes('@') ? { email: identifier } : { username: identifier };
      const { user } = await api('auth.login', { ...credentials, password: data.password! });
      onSignedIn(user);
    } catch (error) {
      setErrors(toFormErrors(error, SIGNIN_FIELDS));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form ref={formRef} onSubmit={submit} noValidate aria-labelledby="signin-title">
      <h1 id="signin-title">Sign in</h1>
      <p className="lede">Welcome back.</p>
      {errors.message ? (
        <div className="form-error" role="alert">
          {errors.message}
        </div>
      ) : null}
      <Field label="Username or email" name="username" autoComplete="username" error={errors.fields.username} autoFocus />
      <Field label="Password" name="password" type="password" autoComplete="current-password" error={errors.fields.password} />
      <button className="btn btn-primary btn-block" type="submit" disabled={busy}>
        {busy ? 'Signing in…' : 'Sign in'}
      </button>
      <p className="auth-switch">
        New here?{' '}
        <button type="button" className="link-button" onClick={onSwitch}>
          Create an account
        </button>
      </p>
    </form>
  );
}
