import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { passwordChangeInput } from '../../../../common/contract/account';
import { fieldErrors } from '../../../../common/contract/validate';
import type { FieldErrors } from '../../../../common/errors';
import { Field } from '../../components/Field';
import { changePassword, settingsKeys } from './queries';
import { SectionForm, SettingsSection, useSaveState } from './section-form';

const FIELDS = ['current_password', 'new_password', 'repeat_password'] as const;

/** Change password: asks for the current one; every other session is signed out. */
export function AccountPasswordSection() {
  const queryClient = useQueryClient();
  const state = useSaveState();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');

  function save(form: HTMLFormElement) {
    const input = { current_password: current, new_password: next };
    const parsed = passwordChangeInput.safeParse(input);
    const local: FieldErrors = parsed.success ? {} : fieldErrors(parsed.error);
    // There is no reset by email: a typo in the new password would lock the account.
    if (!local.new_password && repeat !== next) local.repeat_password = 'The two new passwords are not the same';
    void state.submit({
      form,
      local,
      shown: FIELDS,
      async save() {
        const result = await changePassword(input);
        setCurrent('');
        setNext('');
        setRepeat('');
        void queryClient.invalidateQueries({ queryKey: settingsKeys.sessions });
        return result.message;
      },
    });
  }

  return (
    <SettingsSection title="Password" description="Changing it signs you out everywhere else; this device stays signed in.">
      <SectionForm state={state} onSubmit={save} saveLabel="Change password">
        <div className="settings-grid">
          <Field
            label="Current password"
            name="current_password"
            type="password"
            autoComplete="current-password"
            value={current}
            onChange={(e) => setCurrent(e.target.value)}
            error={state.errors.fields.current_password}
          />
          <Field
            label="New password"
            name="new_password"
            type="password"
            autoComplete="new-password"
            value={next}
            onChange={(e) => setNext(e.target.value)}
            error={state.errors.fields.new_password}
            hint="At least 8 characters."
          />
          <Field
            label="Repeat new password"
            name="repeat_password"
            type="password"
            autoComplete="new-password"
            value={repeat}
            onChange={(e) => setRepeat(e.target.value)}
            error={state.errors.fields.repeat_password}
          />
        </div>
      </SectionForm>
    </SettingsSection>
  );
}
