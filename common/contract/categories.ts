import { z } from 'zod';
import { operation } from './define';
import { idParam } from './fields';

export const DEFAULT_CATEGORIES = [
  'Design',
  'Development',
  'Marketing',
  'Sales',
  'Communication',
  'Productivity',
  'Finance',
  'HR',
  'Infrastructure',
  'Other',
] as const;
/** Subscriptions of a deleted category move here; it cannot be deleted itself. */
export const FALLBACK_CATEGORY = 'Other';

export interface Category {
  id: number;
  name: string;
  /** One of the defaults every account starts with. */
  is_default: boolean;
  /** Subscriptions in this category (deleted ones not counted). */
  expense_count: number;
  created_at: string;
  updated_at: string;
}

const name = z
  .string({ error: 'Name is required' })
  .trim()
  .min(1, 'Name is required')
  .max(60, 'Name must be at most 60 characters');

export const categoryOperations = {
  'categories.list': operation<{ categories: Category[] }>()({
    method: 'GET',
    path: '/api/categories',
    auth: true,
    role: 'viewer',
    input: z.strictObject({}),
    summary: 'Categories, alphabetically',
  }),
  'categories.create': operation<{ category: Category }>()({
    method: 'POST',
    path: '/api/categories',
    status: 201,
    auth: true,
    role: 'admin',
    input: z.strictObject({ name }),
    summary: 'Add a category (409 when the name exists, in any letter case)',
  }),
  'categories.update': operation<{ category: Category }>()({
    method: 'PUT',
    path: '/api/categories/:id',
    auth: true,
    role: 'admin',
    input: z.strictObject({ id: idParam, name }),
    summary: 'Rename a category; its subscriptions follow',
  }),
  'categories.delete': operation<{ message: string; moved_to: string; moved: number }>()({
    method: 'DELETE',
    path: '/api/categories/:id',
    auth: true,
    role: 'admin',
    input: z.strictObject({ id: idParam }),
    summary: 'Delete a category; its subscriptions move to "Other"',
  }),
};
