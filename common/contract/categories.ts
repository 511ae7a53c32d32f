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
  /** The accounting account code its bill lines are booked to (Xero, QuickBooks); null: none. */
  account_code: string | null;
  created_at: string;
  updated_at: string;
}

const name = z
  .string({ error: 'Name is required' })
  .trim()
  .min(1, 'Name is required')
  .max(60, 'Name must be at most 60 characters');

/** An account code as the accounting tools take it; an empty one clears it. */
const accountCode = z
  .string({ error: 'Account code must be text' })
  .trim()
  .max(30, 'Account code must be at most 30 characters')
  .nullable()
  .transform((code) => (code === '' ? null : code));

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
    input: z
      .strictObject({ id: idParam, name: name.optional(), account_code: accountCode.optional() })
      .refine((input) => input.name !== undefined || input.account_code !== undefined, { message: 'Give a new name or an account code', path: ['name'] }),
    summary: 'Rename a category (its subscriptions follow) or set its accounting account code',
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
