import { useState } from 'react';
import { disconnectTeamServer, reloadOnOtherSide, useTeamServer } from './queries';

/**
 * On the sign-in screen (or the start error) of a desktop app on a team server: which server this is, why
 * it asks to sign in again, and the one click back to this computer's own file.
 */
export function TeamServerNotice() {
  const { data: connection } = useTeamServer();
  const [busy, setBusy] = useState(false);
  if (connection?.mode !== 'team') return null;
  async function leave() {
    setBusy(true);
    try {
      await disconnectTeamServer();
    } finally {
      reloadOnOtherSide();
    }
  }
  return (
    <div className="team-server-notice" role="status">
      <p>
        Team server <strong>{connection.url}</strong>
        {connection.message ? `: ${connection.message}` : ''}
      </p>
      <button type="button" className="btn" disabled={busy} onClick={() => void leave()}>
        Use this computer's own file instead
      </button>
    </div>
  );
}
