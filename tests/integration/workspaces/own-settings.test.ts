import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { refusalOf, signedInCaller, startTestCore, type TestCaller, type TestCore } from '../../support/core';
import { testClock } from '../../support/clock';
import type { InvitableRole } from '../../../common/contract/roles';
import { joinByInvitation } from '../../support/workspaces';

// A person's locale and time zone are theirs (member settings) in any workspace and any role; the
// workspace's currency, rates and reminder defaults are its admins'. One operation (PUT /api/settings, the
// original app's path) carries both, and the door decides field by field.

let core: TestCore;
let owner: TestCaller;
let bea: TestCaller;

const join = (caller: TestCaller, role: InvitableRole) => joinByInvitation(owner, caller, role);

beforeEach(async () => {
  core = await startTestCore({ clock: testClock('2026-03-10T09:00:00Z', 'UTC') });
  owner = await signedInCaller(core, 'olga');
  bea = await signedInCaller(core, 'bea');
  await owner.call('workspaces.create', { name: 'Acme' });
  await owner.call('settings.update', { base_currency: 'EUR', rates: [{ currency: 'USD', rate: '0.92' }], reminder_time: '08:30' });
});
afterEach(async () => {
  await core.close();
});

describe('own settings in a company workspace', () => {
  it.each(['member', 'viewer'] as const)('a %s changes their own locale and zone while acting in it, and the workspace settings stay as the owner left them', async (role) => {
    await join(bea, role);
    const { settings } = await bea.call('settings.update', { locale: 'de-DE', time_zone: 'Asia/Tokyo' });
    expect(settings).toMatchObject({ locale: 'de-DE', time_zone: 'Asia/Tokyo', base_currency: 'EUR', reminder_time: '08:30' });
    // The owner's own locale and zone are untouched by it, and so is the workspace.
    expect((await owner.call('settings.get')).settings).toMatchObject({ base_currency: 'EUR', reminder_time: '08:30', time_zone: null });
  });

  it("refuses a member's change of the workspace's currency, rates or reminder defaults with 403 naming each field, and changes nothing of the same request", async () => {
    await join(bea, 'member');
    const before = (await bea.call('settings.get')).settings;
    const refusal = await refusalOf(bea, 'settings.update', { time_zone: 'Asia/Tokyo', base_currency: 'USD', reminder_time: '07:00', reminder_days_default: [3] });
    expect(refusal).toMatchObject({
      code: 'forbidden',
      message: 'base_currency, reminder_days_default, reminder_time: Only an admin or owner can change this for the workspace; you are a member',
      fields: {
        base_currency: 'Only an admin or owner can change this for the workspace; you are a member',
        reminder_days_default: 'Only an admin or owner can change this for the workspace; you are a member',
        reminder_time: 'Only an admin or owner can change this for the workspace; you are a member',
      },
    });
    expect(await refusalOf(bea, 'settings.update', { rates: [] })).toMatchObject({ code: 'forbidden', fields: { rates: expect.stringMatching(/^Only an admin or owner/) } });
    expect((await bea.call('settings.get')).settings).toEqual(before);
  });

  it('an admin still changes the workspace settings through the same operation', async () => {
    const { token } = await owner.call('invitations.create', { role: 'admin' });
    await bea.call('invitations.accept', { token });
    expect((await bea.call('settings.update', { reminder_time: '10:00', time_zone: 'Europe/Berlin' })).settings).toMatchObject({ reminder_time: '10:00', time_zone: 'Europe/Berlin' });
    expect((await owner.call('settings.get')).settings).toMatchObject({ reminder_time: '10:00', time_zone: null });
  });
});
