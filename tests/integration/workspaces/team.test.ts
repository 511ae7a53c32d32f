import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OPERATION_NAMES, contract } from '../../../common/contract';
import type { OperationDef } from '../../../common/contract/define';
import { refusalOf, signedInCaller, startTestCore, type TestCaller, type TestCore } from '../../support/core';
import { testClock } from '../../support/clock';
import type { InvitableRole } from '../../../common/contract/roles';
import { joinByInvitation } from '../../support/workspaces';

// Team mode: a company workspace shared by accounts with roles, joined by one-time links; isolation by
// workspace on every path (another workspace's ids are 404, a role too low is 403 naming the roles that may).

let core: TestCore;
let owner: TestCaller;
let bea: TestCaller;
let mallory: TestCaller;
let teamId: number;

const figma = { name: 'Figma', amount: 45, renewal_date: '2026-04-01', category: 'Design' };

const join = (caller: TestCaller, role: InvitableRole) => joinByInvitation(owner, caller, role);

beforeEach(async () => {
  core = await startTestCore({ clock: testClock('2026-03-10T09:00:00Z', 'UTC') });
  owner = await signedInCaller(core, 'olga');
  bea = await signedInCaller(core, 'bea');
  mallory = await signedInCaller(core, 'mallory');
  teamId = (await owner.call('workspaces.create', { name: 'Acme' })).workspace.id;
});
afterEach(async () => {
  await core.close();
});

describe('a company workspace', () => {
  it('lets two accounts see the same subscriptions, each acting in it after joining, and keeps their personal ones apart', async () => {
    const personal = await bea.call('expenses.create', { ...figma, name: 'Bea private' });
    await join(bea, 'member');
    const { expense } = await owner.call('expenses.create', figma);
    expect((await bea.call('expenses.list')).expenses.map((e) => e.name)).toEqual(['Figma']);
    expect((await bea.call('expenses.get', { id: expense.id })).expense.user_id).toBe(owner.userId);
    expect(await refusalOf(owner, 'expenses.get', { id: personal.expense.id })).toMatchObject({ code: 'not_found' });
    const list = (await bea.call('workspaces.list')).workspaces;
    expect(list.map((w) => [w.name, w.kind, w.role, w.current])).toEqual([
      ['bea Ltd', 'personal', 'owner', false],
      ['Acme', 'company', 'member', true],
    ]);
    const back = list.find((w) => w.kind === 'personal')!;
    await bea.call('workspaces.switch', { id: back.id });
    expect((await bea.call('expenses.list')).expenses.map((e) => e.name)).toEqual(['Bea private']);
  });

  it('lets a member change only the subscriptions they own (403 on the others), and an admin change any', async () => {
    await join(bea, 'member');
    await join(mallory, 'admin');
    const theirs = (await owner.call('expenses.create', figma)).expense;
    const hers = (await bea.call('expenses.create', { ...figma, name: 'Notion' })).expense;
    expect((await bea.call('expenses.update', { id: hers.id, amount: 50 })).expense.amount).toBe(50);
    for (const [name, input] of [
      ['expenses.update', { id: theirs.id, amount: 1 }],
      ['expenses.delete', { id: theirs.id }],
    ] as const) {
      expect(await refusalOf(bea, name, input)).toMatchObject({ code: 'forbidden', message: expect.stringMatching(/only the subscriptions they own/) });
    }
    expect((await owner.call('expenses.get', { id: theirs.id })).expense.amount).toBe(45);
    expect((await mallory.call('expenses.update', { id: hers.id, amount: 60 })).expense.amount).toBe(60);
  });

  it("refuses a viewer's every write with 403 naming the roles that may, before anything changes", async () => {
    const { expense } = await owner.call('expenses.create', figma);
    await join(bea, 'viewer');
    const before = await owner.call('expenses.list');
    const needsMore = OPERATION_NAMES.filter((name) => {
      const op = contract[name] as OperationDef;
      return op.auth && op.role !== 'viewer' && !op.workspace;
    });
    expect(needsMore.length).toBeGreaterThan(15);
    for (const name of needsMore) {
      const error = await refusalOf(bea, name, { id: expense.id, user_id: owner.userId, invitation_id: 'x', name: 'X', role: 'viewer', remind_all: true });
      expect(error.code, name).toBe('forbidden');
      expect(error.message, name).toMatch(/^Only an? (member|admin|owner)[a-z, ]* can .+; you are a viewer in this workspace$/);
    }
    expect(await refusalOf(bea, 'workspaces.rename', { id: teamId, name: 'Mine' })).toMatchObject({ code: 'forbidden', message: expect.stringMatching(/^Only an admin or owner can rename a workspace/) });
    expect(await owner.call('expenses.list')).toEqual(before);
    // Reads are a viewer's.
    expect((await bea.call('expenses.get', { id: expense.id })).expense.name).toBe('Figma');
  });

  it('answers 404 for a workspace the account is not in and for every id of another workspace', async () => {
    const mine = (await mallory.call('expenses.create', figma)).expense;
    await join(bea, 'admin');
    for (const name of ['workspaces.switch', 'workspaces.rename', 'workspaces.delete', 'workspaces.leave'] as const) {
      expect(await refusalOf(mallory, name, name === 'workspaces.rename' ? { id: teamId, name: 'Mine' } : { id: teamId }), name).toMatchObject({ code: 'not_found', message: `Workspace ${teamId} not found` });
    }
    for (const [name, input] of [
      ['expenses.get', { id: mine.id }],
      ['expenses.update', { id: mine.id, name: 'Stolen' }],
      ['expenses.delete', { id: mine.id }],
      ['expenses.restore', { id: mine.id }],
    ] as const) {
      expect(await refusalOf(bea, name, input), name).toMatchObject({ code: 'not_found' });
    }
    expect((await mallory.call('expenses.get', { id: mine.id })).expense.name).toBe('Figma');
  });
});

describe('invitations', () => {
  it('work once: a second use, even by another account, is refused and adds nobody', async () => {
    const { token, invitation } = await owner.call('invitations.create', { role: 'member' });
    expect(invitation).toMatchObject({ role: 'member', state: 'pending', expires_at: '2026-03-17T09:00:00.000Z' });
    await bea.call('invitations.accept', { token });
    expect(await refusalOf(mallory, 'invitations.accept', { token })).toMatchObject({ code: 'conflict', message: expect.stringMatching(/already used/) });
    expect((await owner.call('members.list')).members.map((m) => [m.username, m.role])).toEqual([
      ['olga', 'owner'],
      ['bea', 'member'],
    ]);
    expect((await owner.call('invitations.list')).invitations.map((i) => i.state)).toEqual(['used']);
  });

  it('stop working after 7 days, and when revoked; an unknown token is a 404 naming the field', async () => {
    const late = await owner.call('invitations.create', { role: 'viewer' });
    const revoked = await owner.call('invitations.create', { role: 'viewer' });
    await owner.call('invitations.revoke', { invitation_id: revoked.invitation.id });
    expect(await refusalOf(bea, 'invitations.accept', { token: revoked.token })).toMatchObject({ code: 'conflict', message: expect.stringMatching(/revoked/) });
    core.clock.set('2026-03-17T09:00:00.000Z');
    expect(await refusalOf(bea, 'invitations.accept', { token: late.token })).toMatchObject({ code: 'conflict', message: expect.stringMatching(/expired/) });
    expect(await refusalOf(bea, 'invitations.accept', { token: 'nope' })).toMatchObject({ code: 'not_found', fields: { token: 'Not a valid invitation' } });
    expect((await owner.call('members.list')).members).toHaveLength(1);
  });

  it('cannot give ownership: the role must be admin, member or viewer, named in words', async () => {
    expect(await refusalOf(owner, 'invitations.create', { role: 'owner' })).toMatchObject({ code: 'validation', fields: { role: expect.stringMatching(/admin, member or viewer/) } });
  });
});

describe('members', () => {
  it("a removed member's subscriptions pass to the owner, and the member no longer sees the workspace", async () => {
    await join(bea, 'member');
    const hers = (await bea.call('expenses.create', figma)).expense;
    await owner.call('members.remove', { user_id: bea.userId! });
    expect((await owner.call('expenses.get', { id: hers.id })).expense.user_id).toBe(owner.userId);
    expect((await bea.call('workspaces.list')).workspaces.map((w) => w.name)).toEqual(['bea Ltd']);
    expect(await refusalOf(bea, 'expenses.get', { id: hers.id })).toMatchObject({ code: 'not_found' });
  });

  it('a session still pointing at a workspace its account was taken out of acts in the personal workspace, never the old one', async () => {
    await join(bea, 'admin');
    const { expense } = await owner.call('expenses.create', figma);
    // Taken out behind the service's back (as by another server between two requests): the session keeps the id.
    await core.ports.db.deleteFrom('workspace_members').where('workspace_id', '=', teamId).where('user_id', '=', bea.userId!).execute();
    expect((await bea.call('workspaces.list')).workspaces.map((w) => [w.kind, w.current])).toEqual([['personal', true]]);
    expect((await bea.call('expenses.list')).expenses).toEqual([]);
    expect(await refusalOf(bea, 'expenses.get', { id: expense.id })).toMatchObject({ code: 'not_found' });
    await bea.call('expenses.create', { ...figma, name: 'Bea private' });
    expect((await owner.call('expenses.list')).expenses.map((e) => e.name)).toEqual(['Figma']);
  });

  it('the last owner can neither leave nor be demoted; after handing over ownership they can', async () => {
    await join(bea, 'admin');
    expect(await refusalOf(owner, 'workspaces.leave', { id: teamId })).toMatchObject({ code: 'conflict', message: expect.stringMatching(/last owner/) });
    expect(await refusalOf(owner, 'members.changeRole', { user_id: owner.userId!, role: 'admin' })).toMatchObject({ code: 'conflict' });
    expect(await refusalOf(bea, 'members.changeRole', { user_id: bea.userId!, role: 'owner' })).toMatchObject({ code: 'forbidden', message: expect.stringMatching(/Only an owner/) });
    await owner.call('members.changeRole', { user_id: bea.userId!, role: 'owner' });
    await owner.call('workspaces.leave', { id: teamId });
    expect((await bea.call('members.list')).members.map((m) => [m.username, m.role])).toEqual([['bea', 'owner']]);
  });

  it('a personal workspace cannot be deleted or left; a company one is deleted with its subscriptions by its owner', async () => {
    const personal = (await owner.call('workspaces.list')).workspaces.find((w) => w.kind === 'personal')!;
    expect(await refusalOf(owner, 'workspaces.delete', { id: personal.id })).toMatchObject({ code: 'conflict' });
    const { expense } = await owner.call('expenses.create', figma);
    await join(bea, 'admin');
    expect(await refusalOf(bea, 'workspaces.delete', { id: teamId })).toMatchObject({ code: 'forbidden', message: expect.stringMatching(/^Only an owner can delete/) });
    await owner.call('workspaces.delete', { id: teamId });
    expect(await core.ports.db.selectFrom('expenses').select('id').where('id', '=', expense.id).execute()).toEqual([]);
    // Both sessions fall back to their personal workspace.
    expect((await bea.call('workspaces.list')).workspaces.map((w) => [w.kind, w.current])).toEqual([['personal', true]]);
  });
});
