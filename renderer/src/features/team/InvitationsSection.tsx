import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { INVITABLE_ROLES, type InvitableRole } from '../../../../common/contract/roles';
import { INVITATION_DAYS } from '../../../../common/contract/workspaces';
import { Chip } from '../../components/Chip';
import { Icon } from '../../components/icons';
import { useFormatters } from '../../lib/use-formatters';
import { createInvitation, revokeInvitation, teamKeys, useInvitations } from './queries';
import { TeamSection } from './TeamSection';

/** The link an invitee opens: this app's own address with the invitation route. */
function inviteLink(token: string): string {
  return `${window.location.origin}${window.location.pathname}#/invite/${token}`;
}

/** One-time links into the workspace: made with a role, shown once, pending ones listed with Revoke. */
export function InvitationsSection() {
  const queryClient = useQueryClient();
  const f = useFormatters();
  const { data, error, isPending } = useInvitations(true);
  const [role, setRole] = useState<InvitableRole>('member');
  const [link, setLink] = useState<{ url: string; role: InvitableRole } | null>(null);
  const [copied, setCopied] = useState(false);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const pending = (data ?? []).filter((i) => i.state === 'pending');

  async function run(action: () => Promise<void>) {
    setBusy(true);
    setMessage(null);
    try {
      await action();
    } catch (failure) {
      setMessage(failure instanceof Error ? failure.message : 'The invitation was not changed');
    } finally {
      setBusy(false);
      await queryClient.invalidateQueries({ queryKey: teamKeys.invitations });
    }
  }

  return (
    <TeamSection title="Invitations" description={`A link works once, for ${INVITATION_DAYS} days. Send it to one person; they register or sign in and join with the role you chose.`}>
      <div className="invite-create">
        <label htmlFor="invite-role">Role</label>
        <select id="invite-role" className="input" value={role} onChange={(e) => setRole(e.target.value as InvitableRole)}>
          {INVITABLE_ROLES.map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </select>
        <button
          type="button"
          className="btn btn-primary"
          disabled={busy}
          onClick={() =>
            void run(async () => {
              const { token } = await createInvitation({ role });
              setCopied(false);
              setLink({ url: inviteLink(token), role });
            })
          }
        >
          Create invitation link
        </button>
      </div>
      {link ? (
        <div className="invite-link" role="group" aria-label="New invitation link">
          <label htmlFor="invite-link-url">Link for a new {link.role} (shown only now: copy it)</label>
          <div className="invite-link-row">
            <input id="invite-link-url" className="input" readOnly value={link.url} onFocus={(e) => e.currentTarget.select()} />
            <button
              type="button"
              className="btn"
              onClick={() => {
                void navigator.clipboard.writeText(link.url).then(
                  () => setCopied(true),
                  () => setMessage('The link could not be copied: select it and copy it by hand'),
                );
              }}
            >
              <Icon name="copy" size={16} />
              {copied ? 'Copied' : 'Copy'}
            </button>
          </div>
        </div>
      ) : null}
      {message ? (
        <p className="team-message team-message-error" role="alert">
          {message}
        </p>
      ) : null}
      <h3 className="team-subhead">Pending</h3>
      {isPending ? (
        <div className="skeleton skeleton-field" aria-label="Loading invitations" />
      ) : error ? (
        <p className="muted" role="alert">
          {error.message}
        </p>
      ) : pending.length === 0 ? (
        <p className="muted">No pending invitations.</p>
      ) : (
        <ul className="team-list" aria-label="Pending invitations">
          {pending.map((i) => (
            <li key={i.id} className="team-row">
              <div className="team-what">
                <strong>
                  <Chip>{i.role}</Chip>
                </strong>
                <span className="muted">
                  Made {f.dayOf(i.created_at)} · expires {f.relativeTo(i.expires_at)} ({f.dateTime(i.expires_at)})
                </span>
              </div>
              <button type="button" className="btn" disabled={busy} onClick={() => void run(async () => void (await revokeInvitation(i.id)))} aria-label={`Revoke the ${i.role} invitation made ${f.dayOf(i.created_at)}`}>
                Revoke
              </button>
            </li>
          ))}
        </ul>
      )}
    </TeamSection>
  );
}
