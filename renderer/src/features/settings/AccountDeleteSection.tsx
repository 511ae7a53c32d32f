import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useSession } from '../../app/session';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { Field } from '../../components/Field';
import { focusFirst, sectionErrors, SettingsSection, type SectionErrors } from './section-form';
import { deleteAccount } from './queries';
import { FormAlert } from '../../components/FormAlert';

const none: SectionErrors = { fields: {}, message: null };

/** Deletes the account after its password and a confirmation; other accounts on this install stay. */
export function AccountDeleteSection() {
  const { user, ended } = useSession();
  const formRef = useRef<HTMLFormElement>(null);
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<SectionErrors>(none);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  // A refusal arrives while the dialog is open; the field takes focus once the dialog has handed it back.
  const [refused, setRefused] = useState(0);
  useEffect(() => {
    if (refused > 0) focusFirst(formRef.current, errors.fields);
  }, [refused, errors.fields]);

  function ask(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (password === '') {
      const fields = { password: 'Enter your password to delete the account' };
      setErrors({ fields, message: null });
      focusFirst(formRef.current, fields);
      return;
    }
    setErrors(none);
    setConfirming(true);
  }

  async function remove() {
    setBusy(true);
    try {
      await deleteAccount(password);
      await ended();
    } catch (error) {
      const next = sectionErrors(error, ['password']);
      setConfirming(false);
      setBusy(false);
      setErrors(next);
      setRefused((n) => n + 1);
    }
  }

  return (
    <SettingsSection
      title="Delete account"
      description="Removes your subscriptions, categories, settings, reminders and sessions from this install, and your SMTP password from the keychain. A backup copy of the data file is kept beside it first. Other accounts here are not touched."
    >
      <form ref={formRef} onSubmit={ask} noValidate className="account-delete">
        <FormAlert message={errors.message} />
        <div className="settings-grid">
          <Field
            label="Your password"
            name="password"
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            error={errors.fields.password}
          />
        </div>
        <div className="settings-actions">
          <button type="submit" className="btn btn-danger" disabled={busy}>
            Delete account…
          </button>
        </div>
      </form>
      {confirming ? (
        <ConfirmDialog title={`Delete the account ${user.username}?`} confirmLabel="Delete account" busy={busy} onCancel={() => setConfirming(false)} onConfirm={() => void remove()}>
          Everything of <strong>{user.username}</strong> is removed from this install and you are signed out. This cannot be undone here; only the backup copy of
          the data file keeps it.
        </ConfirmDialog>
      ) : null}
    </SettingsSection>
  );
}
