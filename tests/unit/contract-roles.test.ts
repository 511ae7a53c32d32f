import { describe, expect, it } from 'vitest';
import { contract, OPERATION_NAMES } from '../../common/contract';
import type { OperationDef } from '../../common/contract/define';
import { ROLES, roleAtLeast, roleRefusal } from '../../common/contract/roles';

// The door enforces the least role each contract entry declares (main/core/dispatch.ts); an entry
// without one would be refused to everyone but owners, so none may be missing.

describe('roles on the contract', () => {
  it('declares the least role on every operation that needs a signed-in account, and none on the others', () => {
    const missing = OPERATION_NAMES.filter((name) => contract[name].auth && (contract[name] as OperationDef).role === undefined);
    expect(missing).toEqual([]);
    const stray = OPERATION_NAMES.filter((name) => !contract[name].auth && (contract[name] as OperationDef).role !== undefined);
    expect(stray).toEqual([]);
  });

  it('names in fieldRoles only fields of the input, each needing more than the operation itself', () => {
    for (const name of OPERATION_NAMES) {
      const op = contract[name] as OperationDef;
      if (!op.fieldRoles) continue;
      const shape = Object.keys((op.input as unknown as { shape: Record<string, unknown> }).shape);
      for (const [field, least] of Object.entries(op.fieldRoles)) {
        expect(shape, `${name}.${field}`).toContain(field);
        expect(roleAtLeast(op.role!, least), `${name}.${field} needs ${least}, the operation ${op.role}`).toBe(false);
      }
    }
    expect((contract['settings.update'] as OperationDef).fieldRoles).toEqual({ base_currency: 'admin', rates: 'admin', rates_daily: 'admin', reminder_days_default: 'admin', reminder_time: 'admin' });
  });

  it('lets reads through to viewers and keeps writes to workspace data from them', () => {
    const role = (name: keyof typeof contract) => (contract[name] as OperationDef).role;
    for (const name of OPERATION_NAMES) {
      const op = contract[name] as OperationDef;
      // Accepting an invitation writes into the workspace it names, not the one the caller acts in.
      const workspaceData = /^(expenses|categories|settings|rates|reminders|members|invitations)\./.test(name) && name !== 'invitations.accept';
      // settings.update: a viewer's own locale and zone; its workspace fields need more (fieldRoles, below).
      if (op.auth && workspaceData && op.method !== 'GET' && !op.fieldRoles) expect(op.role, name).not.toBe('viewer');
    }
    expect(role('expenses.create')).toBe('member');
    expect(role('categories.create')).toBe('admin');
    expect(role('workspaces.delete')).toBe('owner');
    expect(role('expenses.list')).toBe('viewer');
  });

  it("lets only the account's own operations past a workspace's two-factor requirement, never one on workspace data", () => {
    const accountScoped = OPERATION_NAMES.filter((name) => (contract[name] as OperationDef).scope === 'account');
    expect(accountScoped.filter((name) => !contract[name].auth)).toEqual([]);
    // Workspace data is refused; only the settings read (the screen Security lives on) and joining pass.
    expect(accountScoped.filter((name) => /^(expenses|categories|dashboard|settings|reminders|members|invitations)\./.test(name))).toEqual(['settings.get', 'invitations.accept']);
    expect(accountScoped.filter((name) => /^workspaces\./.test(name))).toEqual(['workspaces.list', 'workspaces.create', 'workspaces.leave']);
    expect(accountScoped).toEqual(expect.arrayContaining(['auth.me', 'auth.twoFactor.begin', 'auth.twoFactor.confirm', 'account.sessions']));
  });

  it('orders roles viewer < member < admin < owner', () => {
    expect(ROLES.filter((r) => roleAtLeast(r, 'member'))).toEqual(['member', 'admin', 'owner']);
    expect(roleAtLeast('admin', 'owner')).toBe(false);
    expect(roleAtLeast('owner', 'viewer')).toBe(true);
  });

  it('words a refusal with the roles that may, what it is, and what the caller is', () => {
    expect(roleRefusal('admin', 'Add a category (409 when the name exists, in any letter case)', 'member')).toBe(
      'Only an admin or owner can add a category; you are a member in this workspace',
    );
    expect(roleRefusal('member', 'Add a subscription', 'viewer')).toBe('Only a member, admin or owner can add a subscription; you are a viewer in this workspace');
    expect(roleRefusal('owner', 'Delete a company workspace with all its subscriptions', 'admin')).toBe(
      'Only an owner can delete a company workspace with all its subscriptions; you are an admin in this workspace',
    );
  });
});
