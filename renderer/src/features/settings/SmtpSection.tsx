import { useId, useState } from 'react';
import type { Settings, SmtpSummary } from '../../../../common/contract';
import { smtpSettingsInput } from '../../../../common/contract/smtp';
import { fieldErrors } from '../../../../common/contract/validate';
import type { FieldErrors } from '../../../../common/errors';
import { ApiError } from '../../api/client';
import { Field } from '../../components/Field';
import { useSession } from '../../app/session';
import { FieldError, SectionForm, SettingsSection, useSaveState } from './section-form';
import { SelectField } from '../../components/SelectField';
import { sendTestEmail, updateSmtp, useSettingsPatch } from './queries';

type Security = SmtpSummary['security'];

const FIELDS = ['host', 'port', 'security', 'username', 'from', 'password'] as const;
const DEFAULT_PORT: Record<Security, number> = { none: 25, starttls: 587, tls: 465 };

/** Where the saved password lives, in words. */
function passwordState(smtp: SmtpSummary | null, reason: string | null): string {
  if (!smtp?.has_password) {
    return smtp?.username ? `No password saved: add one to sign in as ${smtp.username}.` : 'No password saved: the server is used without signing in.';
  }
  switch (smtp.password_storage) {
    case 'keychain':
      return 'Saved in your OS keychain.';
    case 'memory':
      return `Kept for this run only: ${reason ?? 'the OS keychain is not available'}.`;
    case 'environment':
      return 'From SMTP_URL.';
    default:
      return 'A password is saved.';
  }
}

export function SmtpSection({ settings }: { settings: Settings }) {
  const state = useSaveState();
  const patch = useSettingsPatch();
  const id = useId();
  const smtp = settings.smtp;
  const fromEnv = settings.smtp_from_environment;
  const [host, setHost] = useState(smtp?.host ?? '');
  const [port, setPort] = useState(String(smtp?.port ?? DEFAULT_PORT.starttls));
  const [security, setSecurity] = useState<Security>(smtp?.security ?? 'starttls');
  const [username, setUsername] = useState(smtp?.username ?? '');
  const [from, setFrom] = useState(smtp?.from ?? '');
  const [password, setPassword] = useState('');
  const [removing, setRemoving] = useState(false);
  const errors = state.errors.fields;

  function changeSecurity(next: Security) {
    // Follow the usual port for the new mode unless the user typed their own.
    if (port === '' || Number(port) === DEFAULT_PORT[security]) setPort(String(DEFAULT_PORT[next]));
    setSecurity(next);
  }

  function save(form: HTMLFormElement) {
    const input = {
      host: host.trim(),
      port: Number(port.trim()),
      security,
      username: username.trim(),
      from: from.trim(),
      // Empty keeps the saved password: it is never sent back to the screen to be re-sent.
      ...(password !== '' ? { password } : {}),
    };
    // The contract's own schema, so every field's mistake shows at once, worded as the server words it.
    const checked = smtpSettingsInput.safeParse(input);
    const local: FieldErrors = checked.success ? {} : fieldErrors(checked.error);
    if (!/^\d+$/.test(port.trim())) local.port = 'Port must be a whole number, like 587';
    void state.submit({
      form,
      local,
      shown: FIELDS,
      async save() {
        const result = await updateSmtp(input);
        patch({ smtp: result.smtp, ...(result.warning ? { keychain_unavailable_reason: result.warning } : {}) });
        const typed = password !== '';
        setPassword('');
        if (!typed) return 'Saved.';
        return result.smtp.password_storage === 'memory'
          ? `Saved. The password is kept for this run only: ${result.warning ?? settings.keychain_unavailable_reason ?? 'the OS keychain is not available'}.`
          : 'Saved. The password is in your OS keychain.';
      },
    });
  }

  async function removePassword() {
    if (!smtp) return;
    setRemoving(true);
    try {
      // The saved server stays; only the keychain entry goes ("" removes it).
      const { host: h, port: p, security: sec, username: u, from: f } = smtp;
      const result = await updateSmtp({ host: h, port: p, security: sec, username: u, from: f, password: '' });
      patch({ smtp: result.smtp });
      state.setErrors({ fields: {}, message: null });
    } catch (error) {
      state.setErrors({ fields: {}, message: error instanceof Error ? error.message : 'The password could not be removed' });
    } finally {
      setRemoving(false);
    }
  }

  return (
    <SettingsSection
      title="Email (SMTP)"
      description="Reminders are also emailed to your account address through this server. The password is never stored in the database."
    >
      {fromEnv ? (
        <p className="smtp-override" role="note">
          <strong>SMTP_URL overrides these settings.</strong> This server was started with SMTP_URL in its environment, so reminders go
          through {smtp ? `${smtp.host}:${smtp.port}` : 'that server'}. What you save here applies once SMTP_URL is removed.
        </p>
      ) : null}
      <SectionForm state={state} onSubmit={save} saveLabel="Save email settings" disabled={fromEnv}>
        <div className="settings-grid">
          <Field label="Host" name="host" value={host} onChange={(e) => setHost(e.target.value)} placeholder="smtp.example.com" autoComplete="off" error={errors.host} />
          <Field label="Port" name="port" value={port} onChange={(e) => setPort(e.target.value)} inputMode="numeric" autoComplete="off" error={errors.port} />
          <SelectField
            label="Security"
            name="security"
            value={security}
            onChange={(e) => changeSecurity(e.target.value as Security)}
            error={errors.security}
            hint={security === 'none' ? 'Only for a relay you trust, such as one on this computer.' : undefined}
          >
            <option value="none">None</option>
            <option value="starttls">STARTTLS</option>
            <option value="tls">TLS</option>
          </SelectField>
          <Field label="Username" name="username" value={username} onChange={(e) => setUsername(e.target.value)} autoComplete="off" hint="Leave empty if the server needs no sign-in." error={errors.username} />
          <Field label="From address" name="from" value={from} onChange={(e) => setFrom(e.target.value)} placeholder="Spend Manager <reminders@company.com>" autoComplete="off" error={errors.from} />
          <div className="field">
            <label htmlFor={`${id}-password`}>Password</label>
            <input
              id={`${id}-password`}
              name="password"
              type="password"
              autoComplete="new-password"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              placeholder={smtp?.has_password ? 'Leave empty to keep the saved password' : ''}
              aria-invalid={errors.password ? true : undefined}
              aria-describedby={`${id}-password-state${errors.password ? ` ${id}-password-error` : ''}`}
            />
            <span id={`${id}-password-state`} className="hint">
              {passwordState(smtp, settings.keychain_unavailable_reason)}
            </span>
            <FieldError id={`${id}-password-error`} message={errors.password} />
          </div>
        </div>
        {smtp?.has_password && smtp.password_storage !== 'environment' ? (
          <p>
            <button type="button" className="btn btn-ghost btn-danger" onClick={() => void removePassword()} disabled={removing}>
              {removing ? 'Removing…' : 'Remove password'}
            </button>
          </p>
        ) : null}
      </SectionForm>
      <TestEmail configured={smtp !== null || fromEnv} />
    </SettingsSection>
  );
}

function TestEmail({ configured }: { configured: boolean }) {
  const { user } = useSession();
  const id = useId();
  const [to, setTo] = useState('');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ ok: true; to: string } | { ok: false; message: string } | null>(null);

  async function send() {
    setBusy(true);
    setResult(null);
    try {
      const sent = await sendTestEmail(to.trim() ? { to: to.trim() } : {});
      setResult({ ok: true, to: sent.to });
    } catch (error) {
      const message = error instanceof ApiError ? (Object.values(error.fields)[0] ?? error.message) : error instanceof Error ? error.message : String(error);
      setResult({ ok: false, message });
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="test-email">
      <h3 className="settings-subhead">Send a test email</h3>
      <div className="test-email-row">
        <div className="field">
          <label htmlFor={`${id}-to`}>Send to</label>
          <input id={`${id}-to`} type="email" value={to} onChange={(e) => setTo(e.target.value)} placeholder={user.email} autoComplete="email" />
        </div>
        <button type="button" className="btn" onClick={() => void send()} disabled={busy || !configured}>
          {busy ? 'Sending…' : 'Send test email'}
        </button>
      </div>
      {!configured ? <p className="muted settings-empty">Save the server settings first.</p> : null}
      {result?.ok ? (
        <p className="test-result test-result-ok" role="status">
          Test email sent to {result.to}. Check that inbox.
        </p>
      ) : null}
      {result && !result.ok ? (
        <p className="test-result test-result-error" role="alert">
          The test email could not be sent: {result.message}
        </p>
      ) : null}
    </div>
  );
}
