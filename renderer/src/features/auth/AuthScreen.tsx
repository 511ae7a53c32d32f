import { Suspense, useState, type FormEvent, type ReactNode } from 'react';
import type { TwoFactorChallenge, User } from '../../../../common/contract';
import { lazyComponent } from '../../app/lazy-component';
import { Brand } from '../../components/Brand';
import { Field } from '../../components/Field';
import { useFormSubmit } from '../../components/use-form-submit';
import { Skeleton } from '../../components/Skeleton';
import { signIn } from './queries';
import { FormAlert } from '../../components/FormAlert';

// Registering checks its fields with the contract's zod schema before sending: that code stays out of
// the first chunk, which signs in (and shows the dashboard) without it. So do the rarer steps.
const registerForm = lazyComponent(() => import('./RegisterForm').then((m) => m.RegisterForm));
const forgotForm = lazyComponent(() => import('./ForgotPasswordForm').then((m) => m.ForgotPasswordForm));
const codeStep = lazyComponent(() => import('./TwoFactorStep').then((m) => m.TwoFactorStep));

interface AuthScreenProps {
  initialMode: 'register' | 'signin';
  /** Whether this server can email a reset link (the desktop app and a team server without SMTP cannot). */
  passwordReset: boolean;
  onSignedIn(user: User): void;
  /** Why the visitor is asked to sign in (an invitation link), above the form. */
  notice?: ReactNode;
}

type Mode = { name: 'register' | 'signin' | 'forgot' } | { name: 'code'; challenge: TwoFactorChallenge };

const SIGNIN_FIELDS = ['username', 'password'] as const;

export function AuthScreen({ initialMode, passwordReset, onSignedIn, notice }: AuthScreenProps) {
  const [mode, setMode] = useState<Mode>({ name: initialMode });
  const toSignIn = () => setMode({ name: 'signin' });
  return (
    <main className="auth-page">
      <div className="card auth-card">
        <Brand className="auth-brand" />
        {notice}
        {mode.name === 'signin' ? (
          <SignInForm onSignedIn={onSignedIn} onSwitch={() => setMode({ name: 'register' })} onForgot={passwordReset ? () => setMode({ name: 'forgot' }) : null} onCodeNeeded={(challenge) => setMode({ name: 'code', challenge })} />
        ) : (
          <Suspense fallback={<Skeleton className="auth-form-skeleton" />}>
            {mode.name === 'register' ? <registerForm.Component onSignedIn={onSignedIn} onSwitch={toSignIn} /> : null}
            {mode.name === 'forgot' ? <forgotForm.Component onBack={toSignIn} /> : null}
            {mode.name === 'code' ? <codeStep.Component challenge={mode.challenge} onSignedIn={onSignedIn} onBack={toSignIn} /> : null}
          </Suspense>
        )}
      </div>
    </main>
  );
}

interface SignInFormProps {
  onSignedIn(user: User): void;
  onSwitch(): void;
  /** null where no reset link can be sent: the link is not shown at all. */
  onForgot: (() => void) | null;
  onCodeNeeded(challenge: TwoFactorChallenge): void;
}

function SignInForm({ onSignedIn, onSwitch, onForgot, onCodeNeeded }: SignInFormProps) {
  const { formRef, errors, busy, refuse, run } = useFormSubmit(SIGNIN_FIELDS);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = Object.fromEntries(new FormData(event.currentTarget)) as Record<string, string>;
    const fields: Record<string, string> = {};
    if (!data.username?.trim()) fields.username = 'Enter your username or email';
    if (!data.password) fields.password = 'Password is required';
    if (Object.keys(fields).length > 0) return refuse(fields);
    await run(async () => {
      const identifier = data.username!.trim();
      const credentials = identifier.includes('@') ? { email: identifier } : { username: identifier };
      const answer = await signIn({ ...credentials, password: data.password! });
      if ('two_factor' in answer) onCodeNeeded(answer.two_factor);
      else onSignedIn(answer.user);
    });
  }

  return (
    <form ref={formRef} onSubmit={submit} noValidate aria-labelledby="signin-title">
      <h1 id="signin-title">Sign in</h1>
      <p className="lede">Welcome back.</p>
      <FormAlert message={errors.message} />
      <Field label="Username or email" name="username" autoComplete="username" error={errors.fields.username} autoFocus />
      <Field label="Password" name="password" type="password" autoComplete="current-password" error={errors.fields.password} />
      {onForgot ? (
        <p className="auth-forgot">
          <button type="button" className="link-button" onClick={onForgot}>
            Forgot password?
          </button>
        </p>
      ) : null}
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
