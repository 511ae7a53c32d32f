import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { FileOut } from '../../../common/contract/files';
import { testClock } from '../../support/clock';
import { refusalOf, signedInCaller, startTestCore, type TestCaller, type TestCore } from '../../support/core';
import { readCalendar } from '../../support/ical-read';
import { joinByInvitation } from '../../support/workspaces';

// A member's secret feed URL: the token is the only key, so it must open exactly one workspace's calendar as
// that member sees it, stop at once when replaced or revoked, and stop when the member leaves the workspace.

let core: TestCore;
afterEach(async () => {
  await core.close();
});

async function start(publicUrl?: string): Promise<TestCore> {
  core = await startTestCore({ clock: testClock('2027-01-05T09:00:00Z', 'UTC'), ...(publicUrl ? { publicUrl } : {}) });
  return core;
}

/** The feed as a calendar app reads it: signed out, by the last path segment of the URL. */
async function readFeed(url: string): Promise<string[]> {
  const result = await core.caller().result('calendar.feed', { token: url.split('/').at(-1)! });
  if (!result.ok) throw Object.assign(new Error(result.error.message), { error: result.error });
  const file = result.data as FileOut;
  return readCalendar(String(file.data)).map((e) => e.summary);
}

const feedRefusal = (token: string) => refusalOf(core.caller(), 'calendar.feed', { token });

async function subscription(caller: TestCaller, name: string): Promise<void> {
  await caller.call('expenses.create', { name, category: 'Software', amount: 10, renewal_date: '2027-01-31' });
}

describe('the calendar feed URL', () => {
  it('serves the calendar to anyone holding the URL, with or without ".ics", and says only when it was made', async () => {
    await start('https://spend.example.com/');
    const ana = await signedInCaller(core, 'ana');
    await subscription(ana, 'Figma');
    expect(await ana.call('calendar.status', {})).toEqual({ active: false, created_at: null });

    const made = await ana.call('calendar.token', {});
    expect(made.url).toMatch(/^https:\/\/spend\.example\.com\/api\/calendar\/[A-Za-z0-9_-]{43}\.ics$/);
    expect(made.created_at).toBe('2027-01-05T09:00:00.000Z');
    expect(await readFeed(made.url)).toEqual(['Figma — $10.00']);
    expect(await readFeed(made.url.replace(/\.ics$/, ''))).toEqual(['Figma — $10.00']);

    // The status never carries the token, and the database holds only its SHA-256.
    const status = await ana.call('calendar.status', {});
    expect(status).toEqual({ active: true, created_at: '2027-01-05T09:00:00.000Z' });
    const token = made.url.split('/').at(-1)!.replace(/\.ics$/, '');
    const rows = await core.database.db.selectFrom('calendar_feeds').selectAll().execute();
    expect(rows.map((r) => r.token_hash)).toEqual([createHash('sha256').update(token).digest('hex')]);
    expect(JSON.stringify(rows)).not.toContain(token);
  });

  it('gives a path on this server when it has no public address', async () => {
    await start();
    const ana = await signedInCaller(core, 'ana');
    expect((await ana.call('calendar.token', {})).url).toMatch(/^\/api\/calendar\/[A-Za-z0-9_-]{43}\.ics$/);
  });

  it('stops the old URL when a new one is made, and every URL once revoked (404 in words)', async () => {
    await start();
    const ana = await signedInCaller(core, 'ana');
    await subscription(ana, 'Figma');
    const first = await ana.call('calendar.token', {});
    const second = await ana.call('calendar.token', {});
    expect(second.url).not.toBe(first.url);
    expect(await feedRefusal(first.url.split('/').at(-1)!)).toMatchObject({ code: 'not_found', message: expect.stringMatching(/^No calendar feed at this address: it was revoked or replaced/) });
    expect(await readFeed(second.url)).toEqual(['Figma — $10.00']);

    expect(await ana.call('calendar.revoke', {})).toEqual({ revoked: true });
    expect(await feedRefusal(second.url.split('/').at(-1)!)).toMatchObject({ code: 'not_found' });
    expect(await ana.call('calendar.status', {})).toEqual({ active: false, created_at: null });
    expect(await ana.call('calendar.revoke', {})).toEqual({ revoked: false });
  });

  it('keeps one live URL when several are made at once: one works, every other is revoked', async () => {
    await start();
    const ana = await signedInCaller(core, 'ana');
    const made = await Promise.all(Array.from({ length: 5 }, () => ana.call('calendar.token', {})));
    const rows = await core.database.db.selectFrom('calendar_feeds').select(['revoked_at']).execute();
    expect(rows.filter((r) => r.revoked_at === null)).toHaveLength(1);
    const working = [];
    for (const { url } of made) if ((await core.caller().result('calendar.feed', { token: url.split('/').at(-1)! })).ok) working.push(url);
    expect(working).toHaveLength(1);
  });

  it('answers a wrong, malformed or empty-looking token with the same 404', async () => {
    await start();
    const ana = await signedInCaller(core, 'ana');
    const made = await ana.call('calendar.token', {});
    const token = made.url.split('/').at(-1)!.replace(/\.ics$/, '');
    const wrong = `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`;
    for (const attempt of [wrong, `${wrong}.ics`, 'abc', `${token}.ics.ics`, `${token}x`, '.ics']) {
      expect(await feedRefusal(attempt), attempt).toMatchObject({ code: 'not_found', message: expect.stringMatching(/^No calendar feed at this address/) });
    }
    expect(await feedRefusal('x'.repeat(500))).toMatchObject({ code: 'validation' });
  });

  it('shows only its own workspace: never another account’s, nor the member’s other workspaces', async () => {
    await start();
    const ana = await signedInCaller(core, 'ana');
    const bob = await signedInCaller(core, 'bob');
    await subscription(ana, 'Ana personal');
    await subscription(bob, 'Bob personal');
    const company = (await ana.call('workspaces.create', { name: 'Acme' })).workspace.id;
    await ana.call('workspaces.switch', { id: company });
    await subscription(ana, 'Acme shared');
    await joinByInvitation(ana, bob, 'member');
    await bob.call('workspaces.switch', { id: company });

    const anaCompany = await ana.call('calendar.token', {});
    const bobCompany = await bob.call('calendar.token', {});
    const personal = (await bob.call('workspaces.list', {})).workspaces.find((w) => w.kind === 'personal')!.id;
    await bob.call('workspaces.switch', { id: personal });
    const bobPersonal = await bob.call('calendar.token', {});

    expect(await readFeed(anaCompany.url)).toEqual(['Acme shared — $10.00']);
    expect(await readFeed(bobCompany.url)).toEqual(['Acme shared — $10.00']);
    expect(await readFeed(bobPersonal.url)).toEqual(['Bob personal — $10.00']);
    // Bob's feeds are one per workspace: making the personal one left the company one working.
    expect(await bob.call('calendar.status', {})).toMatchObject({ active: true });
  });

  it('stops serving a member removed from the workspace, and stays stopped if they are invited back', async () => {
    await start();
    const ana = await signedInCaller(core, 'ana');
    const bob = await signedInCaller(core, 'bob');
    const company = (await ana.call('workspaces.create', { name: 'Acme' })).workspace.id;
    await ana.call('workspaces.switch', { id: company });
    await subscription(ana, 'Acme shared');
    await joinByInvitation(ana, bob, 'viewer');
    await bob.call('workspaces.switch', { id: company });

    // A viewer may download the file but not make a feed URL (it needs a member).
    expect(readCalendar(String((await bob.call('calendar.ics', {})).data)).map((e) => e.summary)).toEqual(['Acme shared — $10.00']);
    expect(await refusalOf(bob, 'calendar.token', {})).toMatchObject({ code: 'forbidden', message: expect.stringMatching(/^Only a member, admin or owner can create a secret calendar feed URL/) });
    await ana.call('members.changeRole', { user_id: bob.userId!, role: 'member' });
    const feed = await bob.call('calendar.token', {});
    expect(await readFeed(feed.url)).toEqual(['Acme shared — $10.00']);

    await ana.call('members.remove', { user_id: bob.userId! });
    expect(await feedRefusal(feed.url.split('/').at(-1)!)).toMatchObject({ code: 'not_found' });
    core.clock.advance(60_000);
    await joinByInvitation(ana, bob, 'member');
    expect(await feedRefusal(feed.url.split('/').at(-1)!)).toMatchObject({ code: 'not_found' });
  });

  it('is refused, like the app, to a member without two-factor sign-in once the workspace requires it', async () => {
    await start();
    const ana = await signedInCaller(core, 'ana');
    const company = (await ana.call('workspaces.create', { name: 'Acme' })).workspace.id;
    await ana.call('workspaces.switch', { id: company });
    await subscription(ana, 'Acme shared');
    const feed = await ana.call('calendar.token', {});
    expect(await readFeed(feed.url)).toEqual(['Acme shared — $10.00']);
    // The owner's switch (workspaces.requireTwoFactor), set here directly: turning it on needs their own TOTP.
    await core.database.db.updateTable('workspaces').set({ require_two_factor: 1 }).where('id', '=', company).execute();
    expect(await feedRefusal(feed.url.split('/').at(-1)!)).toEqual({ code: 'forbidden', message: 'This workspace requires two-factor sign-in: turn it on in Settings → Security' });
  });

  it('goes with the account when it is deleted', async () => {
    await start();
    const ana = await signedInCaller(core, 'ana');
    const feed = await ana.call('calendar.token', {});
    await ana.call('account.delete', { password: 'correct horse battery' });
    expect(await feedRefusal(feed.url.split('/').at(-1)!)).toMatchObject({ code: 'not_found' });
    expect(await core.database.db.selectFrom('calendar_feeds').selectAll().execute()).toEqual([]);
  });
});
