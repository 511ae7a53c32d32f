import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { navigate, useRoute } from '../../app/router';
import { useToast } from '../../components/Toast';
import { inviteTokenOf } from './invite-token';
import { acceptInvitation, useInviteOffer } from './queries';
import './team.css';

/** "#/invite/<token>" signed in: what the link offers, and one button to join. */
export function InviteScreen() {
  const token = inviteTokenOf(useRoute());
  if (!token) {
    return (
      <section className="card invite-card" role="alert">
        <h1>Invitation</h1>
        <p>This invitation link is not complete: ask for the link again and open it whole.</p>
      </section>
    );
  }
  return <InviteCard token={token} />;
}

function InviteCard({ token }: { token: string }) {
  const queryClient = useQueryClient();
  const toast = useToast();
  const { data, error, isPending } = useInviteOffer(token);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  async function join() {
    setBusy(true);
    setFailure(null);
    try {
      const workspace = await acceptInvitation(queryClient, token);
      toast.show({ message: `You joined ${workspace.name} as ${workspace.role === 'admin' ? 'an' : 'a'} ${workspace.role}` });
      navigate('/subscriptions');
    } catch (e) {
      setFailure(e instanceof Error ? e.message : 'The invitation could not be used');
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card invite-card" aria-labelledby="invite-title">
      <h1 id="invite-title">Invitation</h1>
      {isPending ? (
        <p aria-busy="true">Looking at the link…</p>
      ) : error || !data ? (
        <p role="alert">{error?.message ?? 'The invitation could not be read'}</p>
      ) : (
        <>
          <p>
            You are invited to <strong>{data.workspace_name}</strong> with the role <strong>{data.role}</strong>.
          </p>
          <div className="settings-actions">
            <button type="button" className="btn btn-primary" disabled={busy} onClick={() => void join()}>
              {busy ? 'Joining…' : `Join ${data.workspace_name} as ${data.role === 'admin' ? 'an' : 'a'} ${data.role}`}
            </button>
            <button type="button" className="btn" onClick={() => navigate('/')}>
              Not now
            </button>
          </div>
        </>
      )}
      {failure ? (
        <p className="team-message team-message-error" role="alert">
          {failure}
        </p>
      ) : null}
    </section>
  );
}
