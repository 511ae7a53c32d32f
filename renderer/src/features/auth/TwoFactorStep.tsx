import type { FormEvent } from 'react';
import type { TwoFactorChallenge, User } from '../../../../common/contract';
import { Field } from '../../components/Field';
import { useFormSubmit } from '../../components/use-form-submit';
import { verifyCode } from './queries';
import { FormAlert } from '../../components/FormAlert';
import { BackToSignIn } from './BackToSignIn';

const FIELDS = ['code'] as const;

/** The second step of a sign-in with two-factor on: a code from the app, or a recovery code. */
export function TwoFactorStep({ challenge, onSignedIn, onBack }: { challenge: TwoFactorChallenge; onSignedIn(user: User): void; onBack(): void }) {
  const { formRef, errors, busy, refuse, run } = useFormSubmit(FIELDS);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const code = String(new FormData(event.currentTarget).get('code') ?? '').trim();
    if (!code) return refuse({ code: 'Enter the 6-digit code from your authenticator app, or a recovery code' });
    await run(async () => onSignedIn(await verifyCode({ challenge: challenge.challenge, code })));
  }

  return (
    <form ref={formRef} onSubmit={submit} noValidate aria-labelledby="code-title">
      <h1 id="code-title">Two-step sign-in</h1>
      <p className="lede">Enter the 6-digit code your authenticator app shows for Spend Manager.</p>
      <FormAlert message={errors.message} />
      <Field
        label="Code"
        name="code"
        autoComplete="one-time-code"
        inputMode="text"
        spellCheck={false}
        error={errors.fields.code}
        hint="No phone at hand? Type one of your recovery codes instead."
        autoFocus
      />
      <button className="btn btn-primary btn-block" type="submit" disabled={busy}>
        {busy ? 'Checking…' : 'Verify'}
      </button>
      <BackToSignIn onBack={onBack} />
    </form>
  );
}
