import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import type { Category } from '../../../../common/contract';
import { FALLBACK_CATEGORY } from '../../../../common/contract/categories';
import { ApiError } from '../../api/client';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { Field } from '../../components/Field';
import { Icon } from '../../components/icons';
import { Modal } from '../../components/Modal';
import { Skeleton } from '../../components/Skeleton';
import { useToast } from '../../components/Toast';
import { createCategory, deleteCategory, invalidateSpending, renameCategory, useCategories } from './queries';

const messageOf = (error: unknown) => (error instanceof ApiError ? (error.fields.name ?? error.message) : 'Something went wrong');

/** Add, rename and delete categories; a deleted category's subscriptions move to "Other". */
export function ManageCategoriesDialog({ onClose }: { onClose(): void }) {
  const categories = useCategories();
  const queryClient = useQueryClient();
  const toast = useToast();
  const [newName, setNewName] = useState('');
  const [addError, setAddError] = useState<string | undefined>();
  const [deleting, setDeleting] = useState<Category | null>(null);

  async function add(event: FormEvent) {
    event.preventDefault();
    const name = newName.trim();
    if (!name) {
      setAddError('Name is required');
      return;
    }
    try {
      await createCategory(name);
      setNewName('');
      setAddError(undefined);
      await invalidateSpending(queryClient);
    } catch (error) {
      setAddError(messageOf(error));
    }
  }

  async function remove(category: Category) {
    try {
      const result = await deleteCategory(category.id);
      setDeleting(null);
      await invalidateSpending(queryClient);
      toast.show({ message: result.moved > 0 ? `Deleted ${category.name}; ${result.moved} moved to ${result.moved_to}` : `Deleted ${category.name}` });
    } catch (error) {
      setDeleting(null);
      toast.show({ tone: 'error', message: `${category.name} could not be deleted: ${messageOf(error)}` });
    }
  }

  return (
    <Modal title="Categories" onClose={onClose}>
      <p className="muted categories-note">Renaming a category renames it on its subscriptions; deleting one moves its subscriptions to “{FALLBACK_CATEGORY}”.</p>
      {categories.isPending ? (
        <Skeleton className="categories-skeleton" />
      ) : (
        <ul className="category-list" aria-label="Categories">
          {(categories.data ?? []).map((c) => (
            <CategoryRow key={c.id} category={c} onDelete={() => setDeleting(c)} />
          ))}
        </ul>
      )}
      <form className="category-add" onSubmit={add} noValidate>
        <Field label="New category" name="name" value={newName} onChange={(e) => setNewName(e.target.value)} error={addError} autoComplete="off" />
        <button type="submit" className="btn btn-primary">
          <Icon name="plus" size={16} />
          Add
        </button>
      </form>
      {deleting ? (
        <ConfirmDialog title={`Delete ${deleting.name}?`} confirmLabel="Delete category" onCancel={() => setDeleting(null)} onConfirm={() => void remove(deleting)}>
          <p>
            {deleting.expense_count > 0
              ? `Its ${deleting.expense_count} subscription${deleting.expense_count === 1 ? '' : 's'} move${deleting.expense_count === 1 ? 's' : ''} to “${FALLBACK_CATEGORY}”.`
              : 'No subscription uses it.'}
          </p>
        </ConfirmDialog>
      ) : null}
    </Modal>
  );
}

function CategoryRow({ category, onDelete }: { category: Category; onDelete(): void }) {
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState(false);
  const [name, setName] = useState(category.name);
  const [error, setError] = useState<string | undefined>();
  const fallback = category.name === FALLBACK_CATEGORY;

  async function rename(event: FormEvent) {
    event.preventDefault();
    if (name.trim() === category.name) {
      setEditing(false);
      return;
    }
    try {
      await renameCategory(category.id, name);
      setEditing(false);
      setError(undefined);
      await invalidateSpending(queryClient);
    } catch (e) {
      setError(messageOf(e));
    }
  }

  if (editing) {
    return (
      <li className="category-row is-editing">
        <form onSubmit={rename} noValidate className="category-rename">
          <Field label={`Rename ${category.name}`} name="name" value={name} onChange={(e) => setName(e.target.value)} error={error} autoFocus autoComplete="off" />
          <button type="submit" className="btn btn-primary btn-sm">
            Save
          </button>
          <button
            type="button"
            className="btn btn-sm"
            onClick={() => {
              setEditing(false);
              setName(category.name);
              setError(undefined);
            }}
          >
            Cancel
          </button>
        </form>
      </li>
    );
  }
  return (
    <li className="category-row">
      <span className="category-name">{category.name}</span>
      <span className="muted category-count">
        {category.expense_count} subscription{category.expense_count === 1 ? '' : 's'}
      </span>
      <button type="button" className="btn-icon" onClick={() => setEditing(true)} aria-label={`Rename ${category.name}`} title="Rename">
        <Icon name="edit" size={16} />
      </button>
      <button
        type="button"
        className="btn-icon"
        onClick={onDelete}
        disabled={fallback}
        aria-label={`Delete ${category.name}`}
        title={fallback ? `“${FALLBACK_CATEGORY}” takes the subscriptions of deleted categories, so it stays` : 'Delete'}
      >
        <Icon name="trash" size={16} />
      </button>
    </li>
  );
}
