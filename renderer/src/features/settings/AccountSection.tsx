import { useState } from 'react';
import { accountUpdateInput } from '../../../../common/contract/account';
import { fieldErrors } from '../../../../common/contract/validate';
import type { FieldErrors } from '../../../../common/errors';
import { useSession } from '../../app/session';
import { Field } from '../../components/Field';
import { updateAccount } from './queries';
import { SectionForm, SettingsSection, useSaveState } from './section-form';

const FIELDS = ['email', 'username', 'company_name'] as const;

/** Email, username and company name of the signed-in account; the sidebar foot follows a save. */
export function AccountSection() {
  const { user, updateUser } = useSession();
  const state = useSaveState();
  const [email, setEmail] = useState(user.email);
  const [username, setUsername] = useState(user.username);
  const [company, setCompany] = useState(user.company_name ?? '');

  function save(form: HTMLFormElement) {
    const input = { email, username, company_name: company };
    const parsed = accountUpdateInput.safeParse(input);
    const local: FieldErrors = parsed.success ? {} : fieldErrors(parsed.error);
    void state.submit({
      form,
      local,
      shown: FIELDS,
      async save() {
        const result = await updateAccount(input);
        updateUser(result.user);
        setEmail(result.user.email);
        setUsername(result.user.username);
        setCompany(result.user.company_name ?? '');
        return 'Saved.';
      },
    });
  }

  return (
    <SettingsSection title="Account" description="How you sign in, and the company shown in the sidebar. Reminder emails go to this address.">
      <SectionForm state={state} onSubmit={save} saveLabel="Save account details">
        <div className="settings-grid">
          <Field label="Email" name="email" type="email" autoComplete="email" value={email} onChange={(e) => setEmail(e.target.value)} error={state.errors.fields.email} />
          <Field
            label="Username"
            name="username"
            autoComplete="username"
            value={username}
            onChange={(e) => setUsername(e.target.value)}
            error={state.errors.fields.username}
            hint="Letters, digits, dots, dashes and underscores."
          />
          <Field
            label="Company name"
            name="company_name"
            autoComplete="organization"
            value={company}
            onChange={(e) => setCompany(e.target.value)}
            error={state.errors.fields.company_name}
            hint="Optional."
          />
        </div>
      </SectionForm>
    </SettingsSection>
  );
}
