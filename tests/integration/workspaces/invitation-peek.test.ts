import { afterEach, beforeEach, expect, it } from 'vitest';
import { refusalOf, signedInCaller, startTestCore, type TestCore } from '../../support/core';
import { testClock } from '../../support/clock';

// invitations.peek: what a link offers, shown before the invitee signs in; it never uses the link.

let core: TestCore;
beforeEach(async () => {
  core = await startTestCore({ clock: testClock('2026-03-10T09:00:00Z', 'UTC') });
});
afterEach(async () => {
  await core.close();
});

it('tells a signed-out visitor the workspace and role a link offers, without using it up', async () => {
  const olga = await signedInCaller(core, 'olga');
  await olga.call('workspaces.create', { name: 'Acme' });
  const { token } = await olga.call('invitations.create', { role: 'viewer' });
  const visitor = core.caller();
  expect(await visitor.call('invitations.peek', { token })).toEqual({ workspace_name: 'Acme', role: 'viewer', expires_at: '2026-03-17T09:00:00.000Z' });
  const bea = await signedInCaller(core, 'bea');
  expect((await bea.call('invitations.accept', { token })).workspace.name).toBe('Acme');
});

it('answers a used, revoked or expired link with the same words as accepting it would, and a wrong one with 404', async () => {
  const olga = await signedInCaller(core, 'olga');
  await olga.call('workspaces.create', { name: 'Acme' });
  const visitor = core.caller();
  const used = (await olga.call('invitations.create', { role: 'member' })).token;
  await (await signedInCaller(core, 'bea')).call('invitations.accept', { token: used });
  expect(await refusalOf(visitor, 'invitations.peek', { token: used })).toMatchObject({ code: 'conflict', message: 'This invitation was already used: ask for a new link' });
  const revoked = await olga.call('invitations.create', { role: 'member' });
  await olga.call('invitations.revoke', { invitation_id: revoked.invitation.id });
  expect((await refusalOf(visitor, 'invitations.peek', { token: revoked.token })).message).toBe('This invitation was revoked: ask for a new link');
  const late = (await olga.call('invitations.create', { role: 'member' })).token;
  core.clock.advance(8 * 86_400_000);
  expect((await refusalOf(visitor, 'invitations.peek', { token: late })).message).toContain('has expired');
  expect(await refusalOf(visitor, 'invitations.peek', { token: 'not-a-token' })).toMatchObject({ code: 'not_found', fields: { token: 'Not a valid invitation' } });
});
