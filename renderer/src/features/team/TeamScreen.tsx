import { EmptyState } from '../../components/EmptyState';
import { useAccess } from './access';
import { InvitationsSection } from './InvitationsSection';
import { MembersSection } from './MembersSection';
import { MoveSection } from './MoveSection';
import { useCurrentWorkspace } from './queries';
import { WorkspaceSection } from './WorkspaceSection';
import './team.css';

/** A company workspace's people: members and their roles, invitations, and bringing personal subscriptions in. */
export function TeamScreen() {
  const workspace = useCurrentWorkspace();
  const access = useAccess();
  if (workspace && workspace.kind !== 'company') {
    return (
      <EmptyState title="Team is for company workspaces">
        Your personal workspace is yours alone. Create a company workspace from the switcher at the top of the sidebar, then invite your team here.
      </EmptyState>
    );
  }
  return (
    <>
      <header className="page-header">
        <div>
          <h1>Team</h1>
          <p>
            {workspace ? `${workspace.name}: ${workspace.member_count} member${workspace.member_count === 1 ? '' : 's'}, you are ${workspace.role === 'admin' || workspace.role === 'owner' ? 'an' : 'a'} ${workspace.role}.` : ' '}
          </p>
        </div>
      </header>
      <div className="team-stack">
        <MembersSection canAdmin={access.canAdmin} />
        {access.canAdmin ? <InvitationsSection /> : <p className="muted">Only an admin or owner can invite people or change roles.</p>}
        {workspace && access.canAdmin ? <MoveSection workspace={workspace} /> : null}
        {workspace ? <WorkspaceSection key={workspace.id} workspace={workspace} /> : null}
      </div>
    </>
  );
}
