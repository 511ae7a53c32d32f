import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Category, OperationName } from '../../../common/contract';
import { refusalOf, signedInCaller, startTestCore, type TestCaller, type TestCore } from '../../support/core';
import { testClock } from '../../support/clock';

let core: TestCore;
let alice: TestCaller;
beforeEach(async () => {
  core = await startTestCore({ clock: testClock('2026-03-10T09:00:00Z', 'UTC') });
  alice = await signedInCaller(core, 'alice');
});
afterEach(async () => {
  await core.close();
});

async function categories(): Promise<Category[]> {
  return (await alice.call('categories.list')).categories;
}

async function byName(name: string): Promise<Category | undefined> {
  return (await categories()).find((c) => c.name === name);
}

async function existing(name: string): Promise<Category> {
  const category = await byName(name);
  if (!category) throw new Error(`No category named ${name}`);
  return category;
}

function errorOf(op: OperationName, input: unknown) {
  return refusalOf(alice, op, input);
}

describe('categories', () => {
  it('starts every account with the ten defaults, alphabetically, with counts of live subscriptions', async () => {
    await alice.call('expenses.create', { name: 'Figma', category: 'Design', amount: 45, renewal_date: '2026-04-01' });
    const gone = await alice.call('expenses.create', { name: 'Sketch', category: 'Design', amount: 9, renewal_date: '2026-04-01' });
    await alice.call('expenses.delete', { id: gone.expense.id });
    const list = await categories();
    expect(list.map((c) => c.name)).toEqual(['Communication', 'Design', 'Development', 'Finance', 'HR', 'Infrastructure', 'Marketing', 'Other', 'Productivity', 'Sales']);
    expect(list.every((c) => c.is_default)).toBe(true);
    expect(list.find((c) => c.name === 'Design')).toMatchObject({ expense_count: 1, created_at: '2026-03-10T09:00:00.000Z' });
  });

  it('creates a category, and refuses a name that exists in any letter case with 409', async () => {
    const { category } = await alice.call('categories.create', { name: '  Legal  ' });
    expect(category).toMatchObject({ name: 'Legal', is_default: false, expense_count: 0 });
    for (const name of ['legal', 'DESIGN']) {
      const error = await errorOf('categories.create', { name });
      expect(error.code).toBe('conflict');
      expect(error.fields?.name).toMatch(/^A category named "(Legal|Design)" already exists$/);
    }
    expect(await categories()).toHaveLength(11);
  });

  it('refuses an empty or too long name by field', async () => {
    expect((await errorOf('categories.create', { name: '   ' })).fields).toEqual({ name: 'Name is required' });
    expect((await errorOf('categories.create', { name: 'x'.repeat(61) })).fields).toEqual({ name: 'Name must be at most 60 characters' });
    expect((await errorOf('categories.create', { name: 'A', color: 'red' })).fields).toEqual({ color: 'Unknown field "color"' });
  });

  it('renames a category and its subscriptions follow', async () => {
    const { expense } = await alice.call('expenses.create', { name: 'Figma', category: 'Design', amount: 45, renewal_date: '2026-04-01' });
    const design = await existing('Design');
    core.clock.advance(5000);
    const { category } = await alice.call('categories.update', { id: design.id, name: 'Design tools' });
    expect(category).toMatchObject({ id: design.id, name: 'Design tools', expense_count: 1, updated_at: '2026-03-10T09:00:05.000Z' });
    expect((await alice.call('expenses.get', { id: expense.id })).expense).toMatchObject({ category: 'Design tools', category_id: design.id });
    expect((await alice.call('expenses.list', { category: 'design tools' })).total).toBe(1);
  });

  it('allows changing only the letter case, and refuses another category’s name with 409', async () => {
    const design = await existing('Design');
    expect((await alice.call('categories.update', { id: design.id, name: 'DESIGN' })).category.name).toBe('DESIGN');
    const error = await errorOf('categories.update', { id: design.id, name: 'sales' });
    expect(error).toMatchObject({ code: 'conflict', message: 'A category named "Sales" already exists' });
    expect((await existing('DESIGN')).id).toBe(design.id);
  });

  it('deletes a category and moves its subscriptions, deleted ones included, to "Other"', async () => {
    const live = await alice.call('expenses.create', { name: 'Figma', category: 'Design', amount: 45, renewal_date: '2026-04-01' });
    const binned = await alice.call('expenses.create', { name: 'Sketch', category: 'Design', amount: 9, renewal_date: '2026-04-01' });
    await alice.call('expenses.delete', { id: binned.expense.id });
    const design = await existing('Design');
    const result = await alice.call('categories.delete', { id: design.id });
    expect(result).toEqual({ message: 'Deleted "Design"; 1 subscription moved to "Other"', moved_to: 'Other', moved: 1 });
    const other = await existing('Other');
    expect((await alice.call('expenses.get', { id: live.expense.id })).expense).toMatchObject({ category: 'Other', category_id: other.id });
    expect((await alice.call('expenses.restore', { id: binned.expense.id })).expense.category).toBe('Other');
    expect(await byName('Design')).toBeUndefined();
  });

  it('never renames or deletes "Other": 400 with the reason, nothing changes', async () => {
    const other = await existing('Other');
    const rename = await errorOf('categories.update', { id: other.id, name: 'Misc' });
    expect(rename).toEqual({ code: 'bad_request', message: '"Other" cannot be renamed: subscriptions of deleted categories move there' });
    const remove = await errorOf('categories.delete', { id: other.id });
    expect(remove).toEqual({ code: 'bad_request', message: '"Other" cannot be deleted: subscriptions of deleted categories move there' });
    expect(await byName('Other')).toEqual(other);
  });

  it('answers 404 for a category that does not exist', async () => {
    expect((await errorOf('categories.update', { id: 999, name: 'X' })).code).toBe('not_found');
    expect((await errorOf('categories.delete', { id: 999 })).code).toBe('not_found');
  });
});
