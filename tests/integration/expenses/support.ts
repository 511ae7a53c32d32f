import type { Kysely } from 'kysely';
import { createCore } from '../../../main/core/create-core';
import type { ReminderHooks, RequestContext } from '../../../main/core/context';
import type { Database } from '../../../main/db/schema';
import { silentLogger } from '../../../main/ports';
import { createMemorySecrets } from '../../../main/secrets/keychain';
import { testClock, type TestClock } from '../../support/clock';
import { callsThrough, type TestCalls } from '../../support/calls';
import { openTestDatabase } from '../../support/test-database';
import { tempDir } from '../../support/temp';
import { personalWorkspaceId } from '../../support/workspaces';

// A core whose reminder hooks record what the services tell them (and can be made to fail),
// so tests can check every change reaches the reminders inside its transaction.

export type HookCall =
  | { hook: 'expensesChanged'; workspaceId: number; ids: number[]; inTransaction: boolean }
  | { hook: 'settingsChanged'; workspaceId: number; inTransaction: boolean }
  | { hook: 'memberChanged'; userId: number; inTransaction: boolean }
  | { hook: 'rearm' };

export interface RecordingHooks extends ReminderHooks {
  calls: HookCall[];
  /** Make the next expensesChanged/settingsChanged throw, as a failing planner would. */
  failNext: boolean;
}

export function recordingHooks(): RecordingHooks {
  const hooks: RecordingHooks = {
    calls: [],
    failNext: false,
    async expensesChanged(trx, workspaceId, ids) {
      hooks.calls.push({ hook: 'expensesChanged', workspaceId, ids: [...ids].sort((a, b) => a - b), inTransaction: trx.isTransaction });
      if (hooks.failNext) {
        hooks.failNext = false;
        throw new Error('planner failed');
      }
    },
    async settingsChanged(trx, workspaceId) {
      hooks.calls.push({ hook: 'settingsChanged', workspaceId, inTransaction: trx.isTransaction });
      if (hooks.failNext) {
        hooks.failNext = false;
        throw new Error('planner failed');
      }
    },
    async memberChanged(trx, userId) {
      hooks.calls.push({ hook: 'memberChanged', userId, inTransaction: trx.isTransaction });
    },
    rearm() {
      hooks.calls.push({ hook: 'rearm' });
    },
  };
  return hooks;
}

export interface HookedCore {
  db: Kysely<Database>;
  hooks: RecordingHooks;
  clock: TestClock;
  /** Registers an account and returns a caller signed in as it. */
  account(name: string): Promise<HookedCaller>;
  close(): Promise<void>;
}

export interface HookedCaller extends TestCalls {
  userId: number;
  /** The account's personal workspace, where its calls act. */
  workspaceId: number;
}

export async function startHookedCore(clock: TestClock = testClock()): Promise<HookedCore> {
  const database = await openTestDatabase(tempDir());
  const hooks = recordingHooks();
  const core = createCore({
    db: database.db,
    clock,
    secrets: createMemorySecrets('tests'),
    notifier: { notify: () => false },
    logger: silentLogger,
    reminders: hooks,
  });
  return {
    db: database.db,
    hooks,
    clock,
    async account(name) {
      let userId: number | null = null;
      const ctx = (): RequestContext => ({
        userId,
        session: {
          signIn: async (id) => void (userId = id),
          signOut: async () => void (userId = null),
        },
      });
      const registered = await core.invoke('auth.register', { email: `${name}@example.com`, username: name, password: 'correct horse battery' }, ctx());
      if (!registered.ok) throw new Error(registered.error.message);
      return { userId: userId!, workspaceId: await personalWorkspaceId(database.db, userId!), ...callsThrough(core, ctx) };
    },
    close: () => database.close(),
  };
}
