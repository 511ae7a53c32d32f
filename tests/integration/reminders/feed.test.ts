import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FEED_SETTLE_MS } from '../../../main/services/reminder-feed';
import { testClock } from '../../support/clock';
import { signedInCaller, startTestCore, type TestCaller, type TestCore } from '../../support/core';
import { startTestHttp } from '../../support/http';
import { joinByInvitation } from '../../support/workspaces';
import { advanceTo, reminderRows } from './support';

// reminders.feed: what a desktop app polls to show a member's reminders as OS notifications. No SMTP is
// configured, so the server's sweep marks each due reminder sent (email "not configured") at its time.

let core: TestCore;
let olga: TestCaller; // owns the company workspace Acme
let max: TestCaller; // a member of Acme, with a personal workspace of his own
let eve: TestCaller; // another account, alone

const feed = (caller: TestCaller, after?: string, limit?: number) =>
  caller.call('reminders.feed', { ...(after === undefined ? {} : { after }), ...(limit === undefined ? {} : { limit }) });
const names = (items: { expense_name: string }[]) => items.map((i) => i.expense_name);
/** Past the moment every reminder planned so far went out, and the feed's settle margin after it. */
async function sendAll(): Promise<void> {
  const rows = await reminderRows(core);
  const last = Math.max(...rows.map((r) => Date.parse(r.due_at)));
  await advanceTo(core, new Date(last + FEED_SETTLE_MS + 1000).toISOString());
}

beforeEach(async () => {
  core = await startTestCore({ clock: testClock('2026-03-10T12:00:00Z', 'UTC'), reminders: true });
  olga = await signedInCaller(core, 'olga');
  max = await signedInCaller(core, 'max');
  eve = await signedInCaller(core, 'eve');
  await olga.call('workspaces.create', { name: 'Acme' });
  await joinByInvitation(olga, max, 'member');
});
afterEach(async () => {
  await core.close();
});

describe('the reminders feed', () => {
  it("answers the member's own sent reminders of every workspace they belong to, never another member's or account's", async () => {
    const start = (await feed(max)).next;
    const eveStart = (await feed(eve)).next;
    const olgaStart = (await feed(olga)).next;
    await max.call('expenses.create', { name: 'Figma', amount: 45, renewal_date: '2026-03-20', category: 'Design' }); // in Acme
    await olga.call('expenses.create', { name: 'Slack', amount: 8, renewal_date: '2026-03-19', category: 'Chat' }); // Acme, Olga's
    await eve.call('expenses.create', { name: 'Notion', amount: 10, renewal_date: '2026-03-19', category: 'Docs' });
    const personal = (await max.call('workspaces.list')).workspaces.find((w) => w.kind === 'personal')!.id;
    const acme = (await max.call('workspaces.list')).workspaces.find((w) => w.name === 'Acme')!.id;
    await max.call('workspaces.switch', { id: personal });
    await max.call('expenses.create', { name: 'Miro', amount: 16, renewal_date: '2026-03-21', category: 'Design' });
    await sendAll();

    const mine = await feed(max, start);
    expect(mine.items.map((i) => [i.expense_name, i.workspace_name, i.state])).toEqual([
      ['Figma', 'Acme', 'sent'],
      ['Miro', (await max.call('workspaces.list')).workspaces.find((w) => w.id === personal)!.name, 'sent'],
    ]);
    expect(mine.items.map((i) => i.workspace_id)).toEqual([acme, personal]);
    expect(names((await feed(eve, eveStart)).items)).toEqual(['Notion']);
    expect(names((await feed(olga, olgaStart)).items)).toEqual(['Slack']);
  });

  it('stops showing a workspace that removed the member', async () => {
    const start = (await feed(max)).next;
    await max.call('expenses.create', { name: 'Figma', amount: 45, renewal_date: '2026-03-20', category: 'Design' });
    await sendAll();
    expect(names((await feed(max, start)).items)).toEqual(['Figma']);
    await olga.call('members.remove', { user_id: max.userId! });
    expect((await feed(max, start)).items).toEqual([]);
  });

  it('pages oldest first with a cursor that another server on the same database answers alike, and shows nothing twice', async () => {
    const start = (await feed(eve)).next;
    for (const [name, date] of [['A', '2026-03-18'], ['B', '2026-03-19'], ['C', '2026-03-20']] as const) {
      await eve.call('expenses.create', { name, amount: 1, renewal_date: date, category: 'Tools' });
    }
    await sendAll();
    const first = await feed(eve, start, 2);
    expect([names(first.items), first.more]).toEqual([['A', 'B'], true]);
    const second = await feed(eve, first.next, 2);
    expect([names(second.items), second.more]).toEqual([['C'], false]);
    expect((await feed(eve, second.next)).items).toEqual([]);

    // Another process on the same database (a restart, or the next server behind the balancer).
    await core.close();
    core = await startTestCore({ dir: core.dir, clock: testClock(core.clock.now().toISOString(), 'UTC') });
    const again = core.caller();
    await again.call('auth.login', { username: 'eve', password: 'correct horse battery' });
    expect(await again.call('reminders.feed', { after: first.next, limit: 2 })).toEqual(second);
  });

  it('starts a new device where the feed stands: none of the past, then what is sent afterwards', async () => {
    await eve.call('expenses.create', { name: 'Old', amount: 1, renewal_date: '2026-03-18', category: 'Tools' });
    await sendAll();
    const now = await feed(eve);
    expect(now.items).toEqual([]);
    expect((await feed(eve, now.next)).items).toEqual([]);
    await eve.call('expenses.create', { name: 'New', amount: 1, renewal_date: '2026-03-25', category: 'Tools' });
    await sendAll();
    expect(names((await feed(eve, now.next)).items)).toEqual(['New']);
  });

  it('holds back a reminder sent less than the settle margin ago, so no row can land behind a cursor already given', async () => {
    const start = (await feed(eve)).next;
    await eve.call('expenses.create', { name: 'Figma', amount: 1, renewal_date: '2026-03-20', category: 'Tools' });
    const [row] = await reminderRows(core);
    await advanceTo(core, row!.due_at);
    expect((await reminderRows(core))[0]!.state).toBe('sent');
    const early = await feed(eve, start);
    expect(early.items).toEqual([]);
    await advanceTo(core, new Date(Date.parse(row!.due_at) + FEED_SETTLE_MS + 1).toISOString());
    expect(names((await feed(eve, early.next)).items)).toEqual(['Figma']);
  });
});

describe('the reminders feed over HTTP', () => {
  it('answers 400 naming "after" for a cursor it never gave, and changes nothing', async () => {
    const http = await startTestHttp();
    try {
      const client = http.client();
      await client.request('POST', '/api/auth/register', { email: 'f@example.com', username: 'feeder', password: 'correct horse battery' });
      for (const bad of ['yesterday', '12', '1-2-3', '-1-1', '999999999999999-1', '']) {
        const res = await client.request('GET', `/api/reminders/feed?after=${encodeURIComponent(bad)}`);
        expect([bad, res.status, Object.keys(res.body.fields ?? {})]).toEqual([bad, 400, ['after']]);
        expect(res.body.fields.after).toMatch(/cursor the feed answered/);
      }
      const ok = await client.request('GET', '/api/reminders/feed');
      expect(ok.status).toBe(200);
      expect(ok.body.next).toMatch(/^\d+-0$/);
      expect((await client.request('GET', `/api/reminders/feed?after=${ok.body.next}&limit=0`)).body.fields).toEqual({ limit: 'Limit must be at least 1' });
    } finally {
      await http.close();
    }
  });
});
