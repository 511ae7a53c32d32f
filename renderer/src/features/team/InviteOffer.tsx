import './team.css';
import { useInviteOffer } from './queries';

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
