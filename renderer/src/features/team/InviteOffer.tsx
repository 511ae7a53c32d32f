import './team.css';
import { useQuery } from '@tanstack/react-query';
import { peekInvitation } from './queries';

/** What an invitation link offers, in one sentence: asked of the server, which also says when a link is spent. */
export function useInviteOffer(token: string) {
  return useQuery({ queryKey: ['invitation-offer', token], queryFn: () => peekInvitation(token), retry: false, staleTime: Infinity });
}

const article = (role: string) => (role === 'admin' ? 'an' : 'a');

/** Above the sign-in form, for someone who opened an invitation link signed out. */
export function InviteNotice({ token }: { token: string }) {
  const { data, error } = useInviteOffer(token);
  if (error) {
    return (
      <p className="invite-notice invite-notice-error" role="alert">
        {error.message}
      </p>
    );
  }
  if (!data) return <p className="invite-notice" aria-busy="true" />;
  return (
    <p className="invite-notice" role="status">
      You are invited to join <strong>{data.workspace_name}</strong> as {article(data.role)} {data.role}. Register or sign in, then join.
    </p>
  );
}
