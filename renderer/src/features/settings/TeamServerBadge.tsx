import { useTeamServer } from './queries';

/** In the sidebar of the desktop app on a team server: whose data this is. Nothing on this computer's own file, or in a browser. */
export function TeamServerBadge() {
  const { data: connection } = useTeamServer();
  if (connection?.mode !== 'team') return null;
  const host = new URL(connection.url).host;
  return (
    <a className="team-server-badge" href="#/settings" title={`Connected to ${connection.url}`}>
      On team server <strong>{host}</strong>
    </a>
  );
}
