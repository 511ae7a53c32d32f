import { useQueryClient } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import type { Expense } from '../../../../common/contract';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { useToast } from '../../components/Toast';
import { deleteExpense, invalidateSpending, restoreExpense } from './queries';

const UNDO_MS = { min: 4_000, max: 8_000 };

/** Delete with a confirmation, then a toast whose Undo restores it while the server still allows. */
export function useDeleteExpense(onDeleted?: (expense: Expense) => void): { request(expense: Expense): void; dialog: ReactNode } {
  const queryClient = useQueryClient();
  const toast = useToast();
  const [pending, setPending] = useState<Expense | null>(null);
  const [busy, setBusy] = useState(false);

  async function confirm(expense: Expense) {
    setBusy(true);
    try {
      const result = await deleteExpense(expense.id);
      setPending(null);
      onDeleted?.(expense);
      await invalidateSpending(queryClient);
      const undoWindow = Date.parse(result.undo_until) - Date.now() - 500;
      toast.show({
        message: `Deleted ${expense.name}`,
        duration: Number.isFinite(undoWindow) ? Math.min(UNDO_MS.max, Math.max(UNDO_MS.min, undoWindow)) : UNDO_MS.min,
        action: {
          label: 'Undo',
          async run() {
            try {
              const restored = await restoreExpense(expense.id);
              await invalidateSpending(queryClient);
              toast.show({ message: `Restored ${restored.name}` });
            } catch (error) {
              toast.show({ tone: 'error', message: `${expense.name} could not be restored: ${(error as Error).message}` });
            }
          },
        },
      });
    } catch (error) {
      setPending(null);
      toast.show({ tone: 'error', message: `${expense.name} could not be deleted: ${(error as Error).message}` });
    } finally {
      setBusy(false);
    }
  }

  const dialog = pending ? (
    <ConfirmDialog title={`Delete ${pending.name}?`} confirmLabel="Delete" busy={busy} onCancel={() => setPending(null)} onConfirm={() => void confirm(pending)}>
      <p>It disappears from your list, totals and reminders. You can undo this for a few seconds.</p>
    </ConfirmDialog>
  ) : null;

  return { request: setPending, dialog };
}
