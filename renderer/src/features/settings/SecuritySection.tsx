import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { TwoFactorSetup } from '../../../../common/contract';
import { Field } from '../../components/Field';
import { useFormatters } from '../../lib/use-formatters';
import { beginTwoFactor, confirmTwoFactor, disableTwoFactor, settingsKeys, useTwoFactorStatus } from './queries';
import { SectionForm, SettingsSection, useSaveState } from './section-form';
import './security.css';

/** Settings → Security: two-factor sign-in with an authenticator app, on and off. */
export function SecuritySection() {
  const { data, error, refetch, isPending } = useTwoFactorStatus();
  const [setup, setSetup] = useState<TwoFactorSetup | null>(null);
  const [codes, setCodes] = useState<string[] | null>(null);
  const queryClient = useQueryClient();
  const refresh = () => void queryClient.invalidateQueries({ queryKey: settingsKeys.twoFactor });

  let body;
  if (codes) {
    body = (
      <RecoveryCodes
        codes={codes}
        onDone={() => {
          setCodes(null);
          refresh();
        }}
      />
    );
  } else if (setup) {
    body = (
      <SetupForm
        setup={setup}
        onCancel={() => setSetup(null)}
        onEnabled={(next) => {
          setSetup(null);
          setCodes(next);
        }}
      />
    );
  } else if (isPending) {
    body = <div className="skeleton skeleton-field" aria-label="Loading two-factor sign-in" />;
  } else if (error || !data) {
    body = (
      <div role="alert">
        <p className="muted">{error instanceof Error ? error.message : 'Two-factor sign-in could not be loaded'}</p>
        <button type="button" className="btn" onClick={() => void refetch()}>
          Try again
        </button>
      </div>
    );
  } else if (data.enabled) {
    body = <TurnOffForm since={data.enabled_at} left={data.recovery_codes_left} onDisabled={refresh} />;
  } else {
    body = <TurnOn onBegun={setSetup} />;
  }
  return (
    <SettingsSection title="Security" description="Two-factor sign-in: after your password, a 6-digit code from an authenticator app on your phone.">
      {body}
    </SettingsSection>
  );
}

/** Turning it on asks for the password: a session left open on someone's desk must not be able to lock its owner out. */
function TurnOn({ onBegun }: { onBegun(setup: TwoFactorSetup): void }) {
  const state = useSaveState();
  const [password, setPassword] = useState('');
  function save(form: HTMLFormElement) {
    const local: Record<string, string> = password ? {} : { password: 'Enter your password to turn two-factor sign-in on' };
    void state.submit({
      form,
      local,
      shown: ['password'],
      async save() {
        onBegun(await beginTwoFactor({ password }));
        return 'Scan the code with your authenticator app';
      },
    });
  }
  return (
    <>
      <p>Two-factor sign-in is off.</p>
      <SectionForm state={state} onSubmit={save} saveLabel="Turn on two-factor sign-in">
        <div className="settings-grid">
          <Field label="Password" name="password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} error={state.errors.fields.password} />
        </div>
      </SectionForm>
    </>
  );
}

/** The secret in groups of four, as authenticator apps show it when typed by hand. */
const grouped = (secret: string) => secret.replace(/(.{4})(?=.)/g, '$1 ');

function SetupForm({ setup, onCancel, onEnabled }: { setup: TwoFactorSetup; onCancel(): void; onEnabled(codes: string[]): void }) {
  const state = useSaveState();
  const [code, setCode] = useState('');
  function save(form: HTMLFormElement) {
    const typed = code.replace(/\s+/g, '');
    const local: Record<string, string> = /^\d{6}$/.test(typed) ? {} : { code: 'Code must be the 6 digits your authenticator app shows' };
    void state.submit({
      form,
      local,
      shown: ['code'],
      async save() {
        onEnabled((await confirmTwoFactor(typed)).recovery_codes);
        return 'Two-factor sign-in is on';
      },
    });
  }
  return (
    <div className="security-setup">
      <ol className="security-steps">
        <li>
          In your authenticator app, add an account by setup key (or paste the link), using:
          <dl className="security-secret">
            <dt>Setup key</dt>
            <dd>
              <code aria-label="Setup key">{grouped(setup.secret)}</code>
            </dd>
            <dt>Link</dt>
            <dd>
              <code className="security-uri" aria-label="Setup link">
                {setup.uri}
              </code>
            </dd>
          </dl>
        </li>
        <li>Type the 6-digit code the app now shows for Spend Manager.</li>
      </ol>
      <SectionForm
        state={state}
        onSubmit={save}
        saveLabel="Turn on"
        actions={
          <button type="button" className="btn" onClick={onCancel}>
            Cancel
          </button>
        }
      >
        <div className="settings-grid">
          <Field label="Code from the app" name="code" autoComplete="one-time-code" inputMode="numeric" value={code} onChange={(e) => setCode(e.target.value)} error={state.errors.fields.code} />
        </div>
      </SectionForm>
    </div>
  );
}

/** Shown once, right after turning on: the server keeps only their hashes. */
function RecoveryCodes({ codes, onDone }: { codes: string[]; onDone(): void }) {
  const [copied, setCopied] = useState<string | null>(null);
  async function copy() {
    try {
      await navigator.clipboard.writeText(codes.join('\n'));
      setCopied('Copied');
    } catch {
      setCopied('Could not copy: select the codes and copy them yourself');
    }
  }
  return (
    <div className="security-codes" aria-labelledby="recovery-title">
      <h3 id="recovery-title">Save your recovery codes</h3>
      <p>
        Two-factor sign-in is on. If you lose your phone, each of these codes signs you in once instead of a code from the app. <strong>They are shown only now.</strong> Keep them somewhere safe, like a password manager.
      </p>
      <ol className="recovery-codes" aria-label="Recovery codes">
        {codes.map((c) => (
          <li key={c}>
            <code>{c}</code>
          </li>
        ))}
      </ol>
      <div className="settings-actions">
        <button type="button" className="btn" onClick={() => void copy()}>
          Copy codes
        </button>
        <button type="button" className="btn btn-primary" onClick={onDone}>
          I have saved them
        </button>
        <span className="save-status" role="status">
          {copied}
        </span>
      </div>
    </div>
  );
}

function TurnOffForm({ since, left, onDisabled }: { since: string | null; left: number; onDisabled(): void }) {
  const f = useFormatters();
  const state = useSaveState();
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  function save(form: HTMLFormElement) {
    const local: Record<string, string> = {};
    if (!password) local.password = 'Enter your password to turn two-factor sign-in off';
    if (!code.trim()) local.code = 'Enter a code from your authenticator app, or a recovery code';
    void state.submit({
      form,
      local,
      shown: ['password', 'code'],
      async save() {
        const result = await disableTwoFactor({ password, code });
        onDisabled();
        return result.message;
      },
    });
  }
  return (
    <>
      <p>
        Two-factor sign-in is <strong>on</strong>
        {since ? ` since ${f.dayOf(since)}` : ''}. {left === 1 ? '1 recovery code is' : `${left} recovery codes are`} left.
      </p>
      <SectionForm state={state} onSubmit={save} saveLabel="Turn off two-factor sign-in">
        <div className="settings-grid">
          <Field label="Password" name="password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} error={state.errors.fields.password} />
          <Field label="Code or recovery code" name="code" autoComplete="one-time-code" value={code} onChange={(e) => setCode(e.target.value)} error={state.errors.fields.code} />
        </div>
      </SectionForm>
    </>
  );
}
