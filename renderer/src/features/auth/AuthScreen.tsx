import { Suspense, useRef, useState, type FormEvent } from 'react';
import type { User } from '../../../../common/contract';
import { lazyComponent } from '../../app/lazy-component';
import { Brand } from '../../components/Brand';
import { Field } from '../../components/Field';
import { focusFirstError, noErrors, toFormErrors, type FormErrorState } from '../../components/form-errors';
import { Skeleton } from '../../components/Skeleton';
import { signIn } from './queries';

// Registering checks its fields with the contract's zod schema before sending: that code stays out of
// the first chunk, which signs in (and shows the dashboard) without it.
const registerForm = lazyComponent(() => import('./RegisterForm').then((m) => m.RegisterForm));

interface AuthScreenProps {
  initialMode: 'register' | 'signin';
  onSignedIn(user: User): void;
}

const SIGNIN_FIELDS = ['username', 'password'] as const;

export function AuthScreen({ initialMode, onSignedIn }: AuthScreenProps) {
  const [mode, setMode] = useState(initialMode);
  return (
    <main className="auth-page">
      <div className="card auth-card">
        <Brand className="auth-brand" />
        {mode === 'register' ? (
          <Suspense fallback={<Skeleton className="auth-form-skeleton" />}>
            <registerForm.Component onSignedIn={onSignedIn} onSwitch={() => setMode('signin')} />
          </Suspense>
        ) : (
          <SignInForm onSignedIn={onSignedIn} onSwitch={() => setMode('register')} />
        )}
      </div>
    </main>
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
      onSignedIn(await signIn({ ...credentials, password: data.password! }));
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
