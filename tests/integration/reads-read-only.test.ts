import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { contract, OPERATION_NAMES, type OperationName } from '../../common/contract';
import type { DesktopPreferences } from '../../common/contract/desktop';
import { createCore, type Core } from '../../main/core/create-core';
import type { RequestContext } from '../../main/core/context';
import { type SqliteHandle, openDatabase } from '../../main/db/open';
import { silentLogger } from '../../main/ports';
import { createReminderSystem } from '../../main/reminders/system';
import { createMemorySecrets } from '../../main/secrets/keychain';
import { callsThrough, type TestCalls } from '../support/calls';
import { testClock } from '../support/clock';
import { manualJobs } from '../support/manual-jobs';
import { tempDir } from '../support/temp';

// ARCHITECTURE rule 9, proved over the whole contract: with the SQLite connection made read-only
// (PRAGMA query_only), every read operation still answers. A read operation is a GET entry of the
// contract, so one added later is covered here without anyone remembering to.

const READS = OPERATION_NAMES.filter((name) => contract[name].method === 'GET');

/** Inputs for reads that need one; every other read is called with {}. */
const INPUTS: Partial<Record<OperationName, (ids: { expense: number; company: number; feed: string; imported: number }) => Record<string, unknown>>> = {
  'expenses.get': ({ expense }) => ({ id: expense }),
  'payments.list': ({ expense }) => ({ id: expense }),
  'payments.priceHistory': ({ expense }) => ({ id: expense }),
  'workspaces.previewMove': ({ company }) => ({ id: company }),
  // From the beginning: the feed's query itself runs, not only its "where it stands now".
  'reminders.feed': () => ({ after: '0-0' }),
  'exports.accounting': () => ({ format: 'xero' }),
  // The feed's path segment as a calendar app asks for it: the token with ".ics".
  'calendar.feed': ({ feed }) => ({ token: feed }),
  // A previewed import (not committed: it would add a subscription): its progress is read from its row.
  'imports.progress': ({ imported }) => ({ id: imported }),
};

let database: SqliteHandle;
let core: Core;
let userId: number | null;
let sessionId: string | null;
let call: TestCalls['call'];
let expenseId: number;
let companyId: number;
let feedSegment: string;
let importId: number;

const ctx = (): RequestContext => ({
  userId,
  sessionId,
  session: {
    async signIn(id) {
      const token = await core.sessions.create(id, 'web', 'test');
      userId = id;
      sessionId = (await core.sessions.lookup(token))!.sessionId;
    },
    async signOut() {},
  },
});


beforeEach(async () => {
  database = await openDatabase({ file: path.join(tempDir(), 'spend-manager.db') });
  userId = null;
  sessionId = null;
  const clock = testClock('2026-03-10T09:00:00Z', 'UTC');
  const reminders = createReminderSystem({ db: database.db, clock, logger: silentLogger, notifier: { notify: () => false }, secrets: createMemorySecrets('tests'), scheduleJob: manualJobs(clock).scheduleJob });
  let preferences: DesktopPreferences = { launch_at_login: false, close_to_tray: true };
  core = createCore({
    db: database.db,
    clock,
    secrets: createMemorySecrets('tests'),
    notifier: { notify: () => false },
    logger: silentLogger,
    reminders: reminders.hooks,
    desktop: {
      preferences: async () => preferences,
      updatePreferences: async (change) => (preferences = { ...preferences, ...change }),
    },
    // The desktop's link to a team server, on this computer's own file: its read answers from here.
    team: {
      connection: async () => ({ mode: 'local' }),
      connect: async () => {
        throw new Error('not in this test');
      },
      verify: async () => {
        throw new Error('not in this test');
      },
      disconnect: async () => ({ mode: 'local' }),
    },
  });
  call = callsThrough(core, ctx).call;
  await call('auth.register', { email: 'ro@example.com', username: 'readonly', password: 'correct horse battery' });
  await call('settings.update', { rates: [{ currency: 'EUR', rate: '1.1' }] });
  expenseId = (await call('expenses.create', { name: 'Figma', category: 'Design', amount: 15, renewal_date: '2026-03-12' })).expense.id;
  await call('expenses.create', { name: 'Miro', category: 'Design', amount: 16, status: 'trial', trial_ends_on: '2026-03-15', renewal_date: '2026-03-16' });
  const gone = (await call('expenses.create', { name: 'Old', category: 'Design', amount: 5, renewal_date: '2026-03-20' })).expense.id;
  await call('expenses.delete', { id: gone });
  // A company workspace to preview moving the personal subscriptions into; the session stays personal.
  const personal = (await call('workspaces.list', {})).workspaces.find((w) => w.kind === 'personal')!.id;
  companyId = (await call('workspaces.create', { name: 'Acme' })).workspace.id;
  await call('workspaces.switch', { id: personal });
  feedSegment = (await call('calendar.token', {})).url.split('/').at(-1)!;
  importId = (await call('imports.preview', { file: new TextEncoder().encode('Name,Amount,Next payment\nLinear,8,2026-03-28\n'), name: 'tools.csv' })).preview.id;
  // A month on and nobody swept: renewals and a trial are behind, the deletion is past its restore window.
  clock.set('2026-04-20T09:00:00Z');
});
afterEach(async () => {
  database.sqlite.pragma('query_only = OFF');
  await database.close();
});

describe('reads never write', () => {
  it('lists the read operations: every GET of the contract', () => {
    expect(READS).toEqual(expect.arrayContaining(['expenses.list', 'expenses.get', 'dashboard.stats', 'dashboard.summary', 'settings.get', 'reminders.list', 'auth.me']));
  });

  it('serves every read operation of the contract from a read-only database, with due renewals and expired deletions waiting', async () => {
    database.sqlite.pragma('query_only = ON');
    expect(() => database.sqlite.prepare("update member_settings set locale = 'de-DE'").run()).toThrow(/readonly/);
    // Every GET by name from the contract, as a transport calls them: through the untyped door.
    for (const name of READS) {
      const result = await core.dispatch(name, INPUTS[name]?.({ expense: expenseId, company: companyId, feed: feedSegment, imported: importId }) ?? {}, ctx());
      expect(result, name).toMatchObject({ ok: true });
    }
  });

  it('shows the current cycle meanwhile: the renewal on its next date, the ended trial active', async () => {
    database.sqlite.pragma('query_only = ON');
    const { expenses } = await call('expenses.list', {});
    expect(expenses.map((e) => [e.name, e.renewal_date, e.status])).toEqual([
      ['Figma', '2026-05-12', 'active'],
      ['Miro', '2026-05-16', 'active'],
    ]);
    expect((await call('dashboard.summary')).active_count).toBe(2);
  });
});
