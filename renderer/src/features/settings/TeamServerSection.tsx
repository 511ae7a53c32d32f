import { useState } from 'react';
import { Field } from '../../components/Field';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { SectionForm, SettingsSection, useSaveState } from './section-form';
import { connectTeamServer, disconnectTeamServer, reloadOnOtherSide, useTeamServer, verifyTeamServer } from './queries';

const CONNECT_FIELDS = ['url', 'ca_file', 'username', 'password'] as const;

/** Only in the desktop app (browser mode has no bridge, and then there is no section at all). */
export function TeamServerSection() {
  const { data: connection } = useTeamServer();
  if (!connection) return null;
  return (
    <SettingsSection
      title="Team server"
      description="Work on your company's Spend Manager server instead of this computer's own file. The server sends the reminder emails; this app shows them as notifications."
    >
      {connection.mode === 'local' ? <ConnectForm /> : <Connected url={connection.url} username={connection.username} signedIn={connection.signed_in} message={connection.message} />}
    </SettingsSection>
  );
}

function ConnectForm() {
  const state = useSaveState();
  const [url, setUrl] = useState('');
  const [caFile, setCaFile] = useState('');
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [challenge, setChallenge] = useState<string | null>(null);
  const [code, setCode] = useState('');
  const errors = state.errors.fields;

  function connect(form: HTMLFormElement) {
    void state.submit({
      form,
      shown: CONNECT_FIELDS,
      async save() {
        const result = await connectTeamServer({ url, ca_file: caFile || null, username, password });
        setPassword('');
        if ('two_factor' in result) {
          setChallenge(result.two_factor.challenge);
          return 'Enter the code from your authenticator app.';
        }
        reloadOnOtherSide();
        return `Connected as ${result.user.username}.`;
      },
    });
  }

  function verify(form: HTMLFormElement) {
    void state.submit({
      form,
      shown: ['code'],
      async save() {
        const result = await verifyTeamServer({ challenge: challenge ?? '', code });
        reloadOnOtherSide();
        return `Connected as ${result.user.username}.`;
      },
    });
  }

  if (challenge !== null) {
    return (
      <SectionForm state={state} onSubmit={verify} saveLabel="Verify and connect" actions={<button type="button" className="btn" onClick={() => setChallenge(null)}>Back</button>}>
        <Field label="Code from your authenticator app" name="code" value={code} onChange={(e) => setCode(e.target.value)} autoComplete="one-time-code" inputMode="numeric" error={errors.code} hint="6 digits, or one of your recovery codes" />
      </SectionForm>
    );
  }
  return (
    <SectionForm state={state} onSubmit={connect} saveLabel="Connect">
      <Field label="Server address" name="url" type="url" value={url} onChange={(e) => setUrl(e.target.value)} placeholder="https://spend.example.com" error={errors.url} />
      <Field
        label="CA file (optional)"
        name="ca_file"
        value={caFile}
        onChange={(e) => setCaFile(e.target.value)}
        error={errors.ca_file}
        hint="Only for a server whose certificate your company signs itself: the path of its CA file (.pem)"
      />
      <Field label="Username or email" name="username" value={username} onChange={(e) => setUsername(e.target.value)} autoComplete="username" error={errors.username} />
      <Field label="Password" name="password" type="password" value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="current-password" error={errors.password} />
    </SectionForm>
  );
}

function Connected({ url, username, signedIn, message }: { url: string; username: string; signedIn: boolean; message: string | null }) {
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function disconnect() {
    setBusy(true);
    setError(null);
    try {
      await disconnectTeamServer();
      reloadOnOtherSide();
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : 'Could not disconnect');
      setBusy(false);
      setConfirming(false);
    }
  }

  return (
    <>
      <p>
        Connected to <strong>{url}</strong> as <strong>{username}</strong>.
      </p>
      {!signedIn && message ? (
        <p className="field-error" role="alert">
          {message}
        </p>
      ) : null}
      {error ? (
        <p className="field-error" role="alert">
          {error}
        </p>
      ) : null}
      <div className="settings-actions">
        <button type="button" className="btn" onClick={() => setConfirming(true)}>
          Disconnect
        </button>
      </div>
      {confirming ? (
        <ConfirmDialog title="Disconnect from the team server?" confirmLabel="Disconnect" busy={busy} onConfirm={() => void disconnect()} onCancel={() => setConfirming(false)}>
          <p>You are signed out of {url} and this app works on this computer's own file again, as you left it.</p>
          <p>Nothing of the team's data stays on this computer, except what you exported.</p>
        </ConfirmDialog>
      ) : null}
    </>
  );
}
