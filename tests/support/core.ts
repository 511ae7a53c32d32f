import path from 'node:path';
import { createCore, type Core } from '../../main/core/create-core';
import { noReminderHooks, type RequestContext } from '../../main/core/context';
import { openDatabase, type DatabaseHandle } from '../../main/db/open';
import type { Notifier } from '../../main/ports';
import { silentLogger } from '../../main/ports';
import { testClock, type TestClock } from './clock';
import { tempDir } from './temp';
import { createMemorySecrets } from '../../main/secrets/keychain';

export interface TestCore extends Core {
  database: DatabaseHandle;
  clock: TestClock;
  /** A caller that keeps its own session, as one browser tab or the desktop window would. */
  caller(): TestCaller;
  close(): Promise<void>;
}

export interface TestCaller {
  readonly userId: number | null;
  call<T = unknown>(name: string, input?: unknown): Promise<T>;
  result(name: string, input?: unknown): ReturnType<Core['dispatch']>;
}

/** The real core over a real SQLite file in a temp folder. */
export async function startTestCore(options: { clock?: TestClock; notifier?: Notifier } = {}): Promise<TestCore> {
  const dir = tempDir();
  const database = await openDatabase({ file: path.join(dir, 'spend-manager.db') });
  const clock = options.clock ?? testClock();
  const core = createCore({
    db: database.db,
    clock,
    secrets: createMemorySecrets('tests'),
    notifier: options.notifier ?? { notify: () => false },
    logger: silentLogger,
    reminders: noReminderHooks,
  });

  function caller(): TestCaller {
    let token: string | null = null;
    let userId: number | null = null;
    const ctx = (): RequestContext => ({
      userId,
      session: {
        async signIn(id) {
          await core.sessions.revoke(token);
          token = await core.sessions.create(id, 'web');
          userId = id;
        },
        async signOut() {
          await core.sessions.revoke(token);
          token = null;
          userId = null;
        },
      },
    });
    const self: TestCaller = {
      get userId() {
        return userId;
      },
      result: (name, input) => core.dispatch(name, input ?? {}, ctx()),
      async call(name, input) {
        const result = await core.dispatch(name, input ?? {}, ctx());
        if (!result.ok) throw Object.assign(new Error(`${name}: ${result.error.message}`), { error: result.error });
        return result.data as never;
      },
    };
    return self;
  }

  return { ...core, database, clock, caller, close: () => database.close() };
}

let counter = 0;
/** Registers a fresh account through the real operation and returns a signed-in caller. */
export async function signedInCaller(core: TestCore, name = `user${++counter}`): Promise<TestCaller> {
  const caller = core.caller();
  await caller.call('auth.register', { email: `${name}@example.com`, username: name, password: 'correct horse battery', company_name: `${name} Ltd` });
  return caller;
}
