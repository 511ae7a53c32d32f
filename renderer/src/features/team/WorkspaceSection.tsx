import { useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import type { Workspace } from '../../../../common/contract';
import { navigate } from '../../app/router';
import { useSession } from '../../app/session';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { Field } from '../../components/Field';
import { FormAlert } from '../../components/FormAlert';
import { deleteWorkspace, leaveWorkspace, remindAll, renameWorkspace, requireTwoFactor, teamKeys, useMembers, workspaceChanged } from './queries';
import { TeamSection } from './TeamSection';

type Leaving = 'leave' | 'delete' | null;

/**
 * The workspace itself: its name, whether an admin is reminded of every renewal, whether two-factor
 * sign-in is required, and leaving or deleting it. Each control is shown only to the role it works for;
 * the server still decides, and its words are shown.
 */
export function WorkspaceSection({ workspace }: { workspace: Workspace }) {
  const queryClient = useQueryClient();
  const { user } = useSession();
  const id = useId();
  const me = useMembers().data?.find((m) => m.user_id === user.id);
  const [name, setName] = useState(workspace.name);
  const [nameError, setNameError] = useState<string | null>(null);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [confirming, setConfirming] = useState<Leaving>(null);
  // A toggle shows the new state at once and goes back if the server refuses it.
  const [shown, setShown] = useState<{ all?: boolean; required?: boolean }>({});
  const isOwner = workspace.role === 'owner';
  const isAdmin = isOwner || workspace.role === 'admin';

  async function run(action: () => Promise<string>, after?: () => void) {
    setBusy(true);
    setMessage(null);
    try {
      setMessage({ ok: true, text: await action() });
      await workspaceChanged(queryClient);
      await queryClient.invalidateQueries({ queryKey: teamKeys.members });
      after?.();
    } catch (failure) {
      setMessage({ ok: false, text: failure instanceof Error ? failure.message : 'The change was not made' });
    } finally {
      setShown({});
      setBusy(false);
    }
  }

  function rename(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const wanted = name.trim();
    if (!wanted) {
      setNameError('Enter a name for the workspace');
      return;
    }
    setNameError(null);
    void run(async () => {
      await renameWorkspace({ id: workspace.id, name: wanted });
      return `Renamed to ${wanted}.`;
    });
  }

  return (
    <TeamSection title="This workspace" description="Its name, who is reminded of what, and what signing in here needs.">
      {isAdmin ? (
        <form className="workspace-rename" onSubmit={rename} noValidate>
          <Field label="Workspace name" name="workspace-name" value={name} maxLength={100} onChange={(e) => setName(e.target.value)} error={nameError ?? undefined} />
          <button type="submit" className="btn" disabled={busy || name.trim() === workspace.name}>
            Rename
          </button>
        </form>
      ) : null}
      {isAdmin && me ? (
        <div className="toggle">
          <input id={`${id}-all`} type="checkbox" checked={shown.all ?? me.remind_all} disabled={busy} onChange={(e) => {
              const on = e.target.checked;
              setShown({ all: on });
              void run(async () => ((await remindAll(on)).member.remind_all ? 'You will be reminded of every renewal in this workspace.' : 'You will be reminded only of the subscriptions you own.'));
            }} aria-describedby={`${id}-all-hint`} />
          <label htmlFor={`${id}-all`}>
            <strong>Remind me of every renewal here</strong>
            <span id={`${id}-all-hint`} className="muted">
              Besides the reminders of the subscriptions you own, by notification and email, at your own time of day and zone.
            </span>
          </label>
        </div>
      ) : null}
      {isOwner ? (
        <div className="toggle">
          <input
            id={`${id}-2fa`}
            type="checkbox"
            checked={shown.required ?? workspace.require_two_factor}
            disabled={busy}
            onChange={(e) => {
              const required = e.target.checked;
              setShown({ required });
              void run(async () => {
                await requireTwoFactor({ id: workspace.id, required });
                return required ? 'Two-factor sign-in is now required here: members without it are asked to turn it on first.' : 'Two-factor sign-in is no longer required here.';
              });
            }}
            aria-describedby={`${id}-2fa-hint`}
          />
          <label htmlFor={`${id}-2fa`}>
            <strong>Require two-factor sign-in</strong>
            <span id={`${id}-2fa-hint`} className="muted">
              Members without it can only reach Settings → Security until they turn it on. Turn yours on first.
            </span>
          </label>
        </div>
      ) : (
        <p className="muted">{workspace.require_two_factor ? 'This workspace requires two-factor sign-in.' : 'Two-factor sign-in is up to each member here.'}</p>
      )}
      {message ? (
        message.ok ? (
          <p className="team-message" role="status">
            {message.text}
          </p>
        ) : (
          <FormAlert message={message.text} />
        )
      ) : null}
      <div className="workspace-exit">
        <button type="button" className="btn" disabled={busy} onClick={() => setConfirming('leave')}>
          Leave workspace
        </button>
        {isOwner ? (
          <button type="button" className="btn btn-danger" disabled={busy} onClick={() => setConfirming('delete')}>
            Delete workspace
          </button>
        ) : null}
      </div>
      {confirming ? (
        <ConfirmDialog
          title={confirming === 'delete' ? `Delete ${workspace.name}?` : `Leave ${workspace.name}?`}
          confirmLabel={confirming === 'delete' ? 'Delete workspace' : 'Leave'}
          busy={busy}
          onCancel={() => setConfirming(null)}
          onConfirm={() => {
            const action = confirming;
            setConfirming(null);
            // Afterwards this session acts in the personal workspace again, which has no Team screen.
            void run(async () => (action === 'delete' ? (await deleteWorkspace(workspace.id)).message : (await leaveWorkspace(workspace.id)).message), () => navigate('/'));
          }}
        >
          {confirming === 'delete'
            ? 'Every subscription, category, rate and reminder of this workspace is deleted for every member, at once. This cannot be undone.'
            : 'You lose access at once; the subscriptions you own here pass to the owner.'}
        </ConfirmDialog>
      ) : null}
    </TeamSection>
  );
}
