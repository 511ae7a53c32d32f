import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { MovePreview, Workspace } from '../../../../common/contract';
import { ApiError } from '../../api/client';
import { useToast } from '../../components/Toast';
import { useFormatters } from '../../lib/use-formatters';
import { moveIn, previewMove, workspaceDataChanged } from './queries';
import { TeamSection } from './TeamSection';

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** Moving the caller's personal subscriptions into this workspace: a preview first, then one action that does exactly that. */
export function MoveSection({ workspace }: { workspace: Workspace }) {
  const queryClient = useQueryClient();
  const toast = useToast();
  const f = useFormatters();
  const [preview, setPreview] = useState<MovePreview | null>(null);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);

  async function look() {
    setBusy(true);
    setMessage(null);
    try {
      setPreview(await previewMove(workspace.id));
    } catch (failure) {
      setMessage(failure instanceof Error ? failure.message : 'The preview could not be made');
    } finally {
      setBusy(false);
    }
  }

  async function move(p: MovePreview) {
    setBusy(true);
    setMessage(null);
    try {
      const result = await moveIn({ id: workspace.id, version: p.version });
      setPreview(null);
      toast.show({ message: result.message });
      await workspaceDataChanged(queryClient);
    } catch (failure) {
      setMessage(failure instanceof Error ? failure.message : 'The subscriptions were not moved');
      // Out of date: show what a move would do now.
      if (failure instanceof ApiError && failure.code === 'conflict') setPreview(await previewMove(workspace.id).catch(() => null));
    } finally {
      setBusy(false);
    }
  }

  return (
    <TeamSection title="Bring your personal subscriptions" description={`Moves every subscription of your personal workspace into ${workspace.name}, with their reminders. Look at the preview first.`}>
      {preview ? (
        <div className="move-preview" aria-label="Move preview" role="group">
          {preview.subscriptions === 0 ? (
            <p>Your personal workspace ({preview.from.name}) has no subscriptions to move.</p>
          ) : (
            <ul className="move-facts">
              <li>
                <strong>{plural(preview.subscriptions, 'subscription')}</strong> {preview.subscriptions === 1 ? 'moves' : 'move'} from {preview.from.name} to {preview.to.name}
              </li>
              <li>
                <strong>{f.money(preview.monthly_total, preview.currency)}</strong> a month joins {preview.to.name}'s spend
                {preview.unconverted > 0 ? ` (${plural(preview.unconverted, 'subscription')} without a rate to ${preview.currency} not counted)` : ''}
              </li>
              <li>
                Categories created: {preview.categories_created.length > 0 ? preview.categories_created.join(', ') : 'none'}
              </li>
              <li>
                Categories merged by name: {preview.categories_merged.length > 0 ? preview.categories_merged.join(', ') : 'none'}
              </li>
              <li>{plural(preview.reminders_replanned, 'pending reminder')} planned again for this workspace</li>
            </ul>
          )}
          <div className="settings-actions">
            {preview.subscriptions > 0 ? (
              <button type="button" className="btn btn-primary" disabled={busy} onClick={() => void move(preview)}>
                {busy ? 'Moving…' : `Move ${plural(preview.subscriptions, 'subscription')}`}
              </button>
            ) : null}
            <button type="button" className="btn" disabled={busy} onClick={() => setPreview(null)}>
              Cancel
            </button>
          </div>
        </div>
      ) : (
        <button type="button" className="btn" disabled={busy} onClick={() => void look()}>
          Preview the move
        </button>
      )}
      {message ? (
        <p className="team-message team-message-error" role="alert">
          {message}
        </p>
      ) : null}
    </TeamSection>
  );
}
