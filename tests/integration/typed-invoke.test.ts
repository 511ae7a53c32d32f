import { afterEach, describe, expect, expectTypeOf, it } from 'vitest';
import type { DashboardSummary, Expense, OperationName } from '../../common/contract';
import type { Result } from '../../common/errors';
import type { RequestContext } from '../../main/core/context';
import { signedInCaller, startTestCore, type TestCore } from '../support/core';

// In-process callers reach the core through invoke, typed by the contract. The @ts-expect-error lines
// are checked by `tsc -p tsconfig.node.json` (npm test's typecheck covers tests/): if a misspelled name or a
// wrong field ever compiled again, that directive would itself be the error. Each line also runs, so the
// door's own answer to such a call (from plain JS, or through a cast) is pinned too.

let core: TestCore;
afterEach(async () => {
  await core.close();
});

describe('invoke: the typed in-process door', () => {
  it('makes a misspelled operation name a compile error, and answers it 404 at run time', async () => {
    core = await startTestCore();
    const alice = await signedInCaller(core, 'alice');
    const ctx: RequestContext = { userId: alice.userId, session: { signIn: async () => {}, signOut: async () => {} } };
    // @ts-expect-error "expenses.lst" is not an operation of the contract
    expect(await core.invoke('expenses.lst', {}, ctx)).toEqual({ ok: false, error: { code: 'not_found', message: 'Unknown operation "expenses.lst"' } });
    // @ts-expect-error the same through the test caller
    expect(await alice.result('dashboard.stat')).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expectTypeOf<'expenses.lst'>().not.toExtend<OperationName>();
  });

  it('makes an unknown, missing or wrongly typed input field a compile error, and names the field at run time', async () => {
    core = await startTestCore();
    const alice = await signedInCaller(core, 'alice');
    // @ts-expect-error "nmae" is not a field of expenses.create (and "name" is missing)
    const misspelled = await alice.result('expenses.create', { nmae: 'Figma', amount: 45, renewal_date: '2026-04-01' });
    expect(misspelled).toMatchObject({ ok: false, error: { code: 'validation', fields: { nmae: 'Unknown field "nmae"' } } });
    // @ts-expect-error expenses.get needs an id: the input may not be left out
    expect(await alice.result('expenses.get')).toMatchObject({ ok: false, error: { code: 'validation', fields: { id: expect.any(String) } } });
    // @ts-expect-error auto_renew is true or false, not text
    const wrongType = await alice.result('expenses.create', { name: 'Figma', amount: 45, renewal_date: '2026-04-01', auto_renew: 'yes' });
    expect(wrongType).toMatchObject({ ok: false, error: { code: 'validation', fields: { auto_renew: expect.any(String) } } });
    expect((await alice.call('expenses.list')).total).toBe(0);
  });

  it('answers with the operation’s own output type, so callers read fields without casts', async () => {
    core = await startTestCore();
    const alice = await signedInCaller(core, 'alice');
    const { expense } = await alice.call('expenses.create', { name: 'Figma', amount: 45, renewal_date: '2026-04-01' });
    expectTypeOf(expense).toEqualTypeOf<Expense>();
    expectTypeOf(alice.result('expenses.get', { id: expense.id })).resolves.toEqualTypeOf<Result<{ expense: Expense }>>();
    expectTypeOf(core.invoke<'dashboard.summary'>).returns.resolves.toEqualTypeOf<Result<DashboardSummary>>();
    // The input type is the schema's input, before parsing: an amount may be text, as a form sends it.
    expectTypeOf<{ name: string; amount: string; renewal_date: string }>().toExtend<Parameters<typeof alice.call<'expenses.create'>>[1]>();
    expect((await alice.call('expenses.get', { id: expense.id })).expense).toEqual(expense);
  });
});
