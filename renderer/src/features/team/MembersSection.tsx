import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { Member } from '../../../../common/contract';
import { ROLES, type Role } from '../../../../common/contract/roles';
import { useSession } from '../../app/session';
import { Chip } from '../../components/Chip';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { useFormatters } from '../../lib/use-formatters';
import { changeRole, removeMember, teamKeys, useMembers, workspaceChanged } from './queries';
import { TeamSection } from './TeamSection';

/** Who is in the workspace; an admin or owner changes roles and removes people (the server has the last word). */
export function MembersSection({ canAdmin }: { canAdmin: boolean }) {
  const queryClient = useQueryClient();
  const f = useFormatters();
  const { user } = useSession();
  const { data, error, isPending, refetch } = useMembers();
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState<number | null>(null);
  const [removing, setRemoving] = useState<Member | null>(null);

  async function run(userId: number, action: () => Promise<string>) {
    setBusy(userId);
    setMessage(null);
    try {
      setMessage({ ok: true, text: await action() });
      // The member count, and after a change of one's own role what every screen may offer.
      await workspaceChanged(queryClient);
    } catch (failure) {
      setMessage({ ok: false, text: failure instanceof Error ? failure.message : 'The change was not made' });
    } finally {
      setBusy(null);
      await queryClient.invalidateQueries({ queryKey: teamKeys.members });
    }
  }

  return (
    <TeamSection title="Members" description="Owners and admins manage the team; members add and edit their own subscriptions; viewers only look.">
      {isPending ? (
        <div className="skeleton skeleton-field" aria-label="Loading members" />
      ) : error || !data ? (
        <div role="alert">
          <p className="muted">{error?.message ?? 'The members could not be loaded'}</p>
          <button type="button" className="btn" onClick={() => void refetch()}>
            Try again
          </button>
        </div>
      ) : (
        <ul className="team-list" aria-label="Members">
          {data.map((m) => (
            <li key={m.user_id} className="team-row" data-testid={`member-${m.username}`}>
              <div className="team-what">
                <strong>
                  {m.username}
                  {m.user_id === user.id ? ' (you)' : ''}
                </strong>
                <span className="muted">
                  {m.email} · joined {f.dayOf(m.joined_at)}
                </span>
              </div>
              {canAdmin ? (
                <>
                  <label className="visually-hidden" htmlFor={`role-${m.user_id}`}>
                    Role of {m.username}
                  </label>
                  <select
                    id={`role-${m.user_id}`}
                    className="input"
                    value={m.role}
                    disabled={busy !== null}
                    onChange={(e) => {
                      const role = e.target.value as Role;
                      void run(m.user_id, async () => {
                        await changeRole({ user_id: m.user_id, role });
                        return `${m.username} is now ${role === 'admin' || role === 'owner' ? 'an' : 'a'} ${role}.`;
                      });
                    }}
                  >
                    {[...ROLES].reverse().map((r) => (
                      <option key={r} value={r}>
                        {r}
                      </option>
                    ))}
                  </select>
                  <button type="button" className="btn" disabled={busy !== null} onClick={() => setRemoving(m)} aria-label={`Remove ${m.username}`}>
                    Remove
                  </button>
                </>
              ) : (
                <Chip>{m.role}</Chip>
              )}
            </li>
          ))}
        </ul>
      )}
      {message ? (
        <p className={message.ok ? 'team-message' : 'team-message team-message-error'} role={message.ok ? 'status' : 'alert'}>
          {message.text}
        </p>
      ) : null}
      {removing ? (
        <ConfirmDialog
          title={`Remove ${removing.username}?`}
          confirmLabel="Remove"
          busy={busy !== null}
          onCancel={() => setRemoving(null)}
          onConfirm={() => {
            const who = removing;
            setRemoving(null);
            void run(who.user_id, async () => (await removeMember(who.user_id)).message);
          }}
        >
          They lose access to this workspace at once; the subscriptions they own pass to the owner.
        </ConfirmDialog>
      ) : null}
    </TeamSection>
  );
}
