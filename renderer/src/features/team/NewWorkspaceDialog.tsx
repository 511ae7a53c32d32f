import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import type { Workspace } from '../../../../common/contract';
import { ApiError } from '../../api/client';
import { Field } from '../../components/Field';
import { Modal } from '../../components/Modal';
import { createWorkspace } from './queries';

const FORM_ID = 'new-workspace-form';

/** Names a company workspace; the session moves into it once it exists. */
export function NewWorkspaceDialog({ onClose, onCreated }: { onClose(): void; onCreated(workspace: Workspace): void }) {
  const queryClient = useQueryClient();
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const name = String(new FormData(event.currentTarget).get('name') ?? '').trim();
    if (!name) {
      setError('Name is required');
      event.currentTarget.querySelector<HTMLInputElement>('input[name="name"]')?.focus();
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      onCreated(await createWorkspace(queryClient, name));
    } catch (failure) {
      setError(failure instanceof ApiError ? (failure.fields.name ?? failure.message) : 'The workspace could not be created');
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal
      title="New company workspace"
      onClose={onClose}
      size="small"
      footer={
        <>
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" form={FORM_ID} className="btn btn-primary" disabled={busy}>
            {busy ? 'Creating…' : 'Create workspace'}
          </button>
        </>
      }
    >
      <form id={FORM_ID} onSubmit={(e) => void submit(e)} noValidate>
        <p className="muted">Subscriptions shared with your team. You will be its owner; invite people from the Team screen.</p>
        <Field label="Company name" name="name" error={error} autoFocus maxLength={100} autoComplete="organization" />
      </form>
    </Modal>
  );
}
