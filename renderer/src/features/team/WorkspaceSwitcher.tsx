import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { Workspace } from '../../../../common/contract';
import { navigate, useRoute } from '../../app/router';
import { Icon } from '../../components/icons';
import { useToast } from '../../components/Toast';
import { NewWorkspaceDialog } from './NewWorkspaceDialog';
import { switchWorkspace, useWorkspaces } from './queries';
import './team.css';

const label = (w: Workspace) => `${w.name} · ${w.role}`;

/** The sidebar's top: which workspace the screens show, a switch to another, and a new company one. */
export function WorkspaceSwitcher({ onDone }: { onDone(): void }) {
  const queryClient = useQueryClient();
  const toast = useToast();
  const route = useRoute();
  const { data, error } = useWorkspaces();
  const [creating, setCreating] = useState(false);
  const [busy, setBusy] = useState(false);
  const current = data?.find((w) => w.current);
  const personal = (data ?? []).filter((w) => w.kind === 'personal');
  const companies = (data ?? []).filter((w) => w.kind === 'company');

  async function choose(id: number) {
    const target = data?.find((w) => w.id === id);
    if (!target || target.current) return;
    setBusy(true);
    try {
      await switchWorkspace(queryClient, id);
      // The team screen belongs to a company workspace.
      if (target.kind === 'personal' && route.startsWith('/team')) navigate('/');
      toast.show({ message: `Now in ${target.name}` });
      onDone();
    } catch (failure) {
      toast.show({ tone: 'error', message: failure instanceof Error ? failure.message : 'The workspace could not be opened' });
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="workspace-switcher">
      <label htmlFor="workspace-select" className="workspace-label">
        Workspace
      </label>
      {error ? (
        <p className="muted workspace-error" role="alert">
          {error.message}
        </p>
      ) : (
        <select id="workspace-select" className="input" value={current?.id ?? ''} disabled={!data || busy} onChange={(e) => void choose(Number(e.target.value))} title={current ? label(current) : undefined}>
          {!data ? <option value="">Loading…</option> : null}
          {personal.length > 0 ? (
            <optgroup label="Personal">
              {personal.map((w) => (
                <option key={w.id} value={w.id}>
                  {label(w)}
                </option>
              ))}
            </optgroup>
          ) : null}
          {companies.length > 0 ? (
            <optgroup label="Companies">
              {companies.map((w) => (
                <option key={w.id} value={w.id}>
                  {label(w)}
                </option>
              ))}
            </optgroup>
          ) : null}
        </select>
      )}
      {current ? (
        <p className="workspace-role" data-testid="workspace-role">
          You are {current.role === 'admin' || current.role === 'owner' ? 'an' : 'a'} {current.role}
          {current.kind === 'company' ? ` · ${current.member_count} member${current.member_count === 1 ? '' : 's'}` : ' · personal'}
        </p>
      ) : null}
      <button type="button" className="btn btn-ghost workspace-new" onClick={() => setCreating(true)}>
        <Icon name="plus" size={14} />
        New company workspace…
      </button>
      {creating ? (
        <NewWorkspaceDialog
          onClose={() => setCreating(false)}
          onCreated={(w) => {
            setCreating(false);
            toast.show({ message: `Created ${w.name}: invite your team from the Team screen` });
            onDone();
            navigate('/team');
          }}
        />
      ) : null}
    </div>
  );
}
