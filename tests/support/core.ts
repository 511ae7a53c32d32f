import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { createCore, type Core } from '../../main/core/create-core';
import type { SmtpTransport } from '../../main/reminders/smtp-account';
import { noReminderHooks, type ClientInfo, type RequestContext } from '../../main/core/context';
import type { AuthLimits } from '../../main/services/account-throttle';
import type { EcbSource } from '../../main/services/ecb-rates';
import type { ThrottleRule } from '../../main/services/throttle';
import type { DatabaseHandle } from '../../main/db/open';
import type { Logger, Notifier, Secrets } from '../../main/ports';
import { silentLogger } from '../../main/ports';
import { createReminderSystem, type ReminderSystem, type ReminderSystemOptions } from '../../main/reminders/system';
import { sweepAccounts } from '../../main/services/renewals';
import { callsThrough, type TestCalls } from './calls';
import { testClock, type TestClock } from './clock';
import { manualJobs, type ManualJobs } from './manual-jobs';
import { openTestDatabase } from './test-database';
import { tempDir } from './temp';
import { createMemorySecrets } from '../../main/secrets/keychain';

export interface TestCoreOptions {
  clock?: TestClock;
  notifier?: Notifier;
  secrets?: Secrets;
  logger?: Logger;
  /** Reopen this data folder (a restart) instead of a fresh one. */
  dir?: string;
  /** Real reminder hooks, scheduler and delivery instead of no-ops; the options override the test defaults. */
  reminders?: true | Partial<ReminderSystemOptions>;
  /**
   * Sign-in and registration limits. Default: none that a test would reach, since the suite registers
   * many accounts from one address; tests about throttling pass DEFAULT_AUTH_LIMITS.
   */
  limits?: Partial<AuthLimits>;
  /** Replaces the database copy taken before an account is deleted (to make it fail). */
  backupDatabase?: (label: string) => Promise<string | null>;
  /** The server's SMTP (as SMTP_URL gives it), for mail that is not a reminder (password reset). */
  smtp?: SmtpTransport;
  /** Where links in emails point (PUBLIC_URL). */
  publicUrl?: string;
  /** Seals two-factor secrets. Default: a fresh random key (the test secrets are memory, not a keychain); null: none. */
  secretKey?: Buffer | null;
  /** Where the ECB's rates file is fetched (a loopback server: tests/support/ecb-server.ts) and its limits; default: a loopback port that refuses. */
  rates?: Partial<EcbSource>;
}

const NEVER: ThrottleRule = { free: Number.MAX_SAFE_INTEGER, blockMs: 1000, maxBlockMs: 1000, forgetMs: 60_000 };
export const UNTHROTTLED: AuthLimits = {
  loginPerAccount: NEVER,
  loginPerClient: NEVER,
  registerPerClient: NEVER,
  resetPerAccount: NEVER,
  resetPerClient: NEVER,
  twoFactorPerAccount: NEVER,
};

export interface TestCore extends Core {
  database: DatabaseHandle;
  clock: TestClock;
  dir: string;
  /** Present when started with `reminders` (started, like startCore: the job is armed, nothing fires until the test fires it). */
  reminders: ReminderSystem | null;
  /** The scheduler's timer, driven by the test clock (unless `reminders.scheduleJob` was given). */
  jobs: ManualJobs;
  /** A caller that keeps its own session, as one browser tab or the desktop window would. */
  caller(client?: Partial<ClientInfo>): TestCaller;
  close(): Promise<void>;
}

export { callsThrough, refusalOf, type InputArgs, type TestCalls } from './calls';

export interface TestCaller extends TestCalls {
  readonly userId: number | null;
  /** The public id of its session (what account.sessions lists), null when signed out. */
  readonly sessionId: string | null;
}

/** The real core over a real SQLite file in a temp folder (or its own PostgreSQL database: tests/support/test-database.ts). */
export async function startTestCore(options: TestCoreOptions = {}): Promise<TestCore> {
  const dir = options.dir ?? tempDir();
  const logger = options.logger ?? silentLogger;
  const database = await openTestDatabase(dir, logger);
  const clock = options.clock ?? testClock();
  const secrets = options.secrets ?? createMemorySecrets('tests');
  const notifier = options.notifier ?? { notify: () => false };
  const jobs = manualJobs(clock);
  const reminders = options.reminders
    ? createReminderSystem({
        db: database.db,
        clock,
        logger,
        notifier,
        secrets,
        scheduleJob: jobs.scheduleJob,
        // As startCore does.
        beforeSweep: (hooks, stopped) => sweepAccounts({ db: database.db, clock, reminders: hooks }, { stopped }),
        ...(options.reminders === true ? {} : options.reminders),
      })
    : null;
  const core = createCore(
    {
      db: database.db,
      clock,
      secrets,
      notifier,
      logger,
      reminders: reminders?.hooks ?? noReminderHooks,
      ...(options.smtp ? { smtp: options.smtp } : reminders ? { smtp: reminders.smtp } : {}),
    },
    {
      throttle: { limits: options.limits ?? UNTHROTTLED },
      backupDatabase: options.backupDatabase ?? database.backup,
      publicUrl: () => options.publicUrl ?? null,
      secretKey: options.secretKey === undefined ? randomBytes(32) : options.secretKey,
      backupsDir: path.join(dir, 'backups'),
      copyDatabase: database.sqlite ? database.copy : null,
      // No test reaches the internet: port 9 (discard) on loopback refuses at once.
      rates: { url: 'http://127.0.0.1:9/eurofxref-daily.xml', ...options.rates },
    },
  );
  reminders?.start();

  function caller(client: Partial<ClientInfo> = {}): TestCaller {
    let token: string | null = null;
    let userId: number | null = null;
    let sessionId: string | null = null;
    async function signedIn(id: number): Promise<void> {
      await core.sessions.revoke(token);
      token = await core.sessions.create(id, 'web', client.agent ?? null);
      userId = id;
      sessionId = (await core.sessions.lookup(token))!.sessionId;
    }
    function signedOut(): void {
      token = null;
      userId = null;
      sessionId = null;
    }
    // Its session ended elsewhere (sign out everywhere else, a password change): signed out, as a browser
    // would find on its next request. Expiry is left out: tests move the clock years ahead.
    const ctx = async (): Promise<RequestContext> => {
      if (sessionId !== null) {
        const alive = await database.db.selectFrom('sessions').select('id').where('id', '=', sessionId).executeTakeFirst();
        if (!alive) signedOut();
      }
      return {
        userId,
        sessionId,
        client: { address: client.address ?? null, agent: client.agent ?? null },
        session: {
          signIn: signedIn,
          async signOut() {
            await core.sessions.revoke(token);
            signedOut();
          },
        },
      };
    };
    return {
      get userId() {
        return userId;
      },
      get sessionId() {
        return sessionId;
      },
      ...callsThrough(core, ctx),
    };
  }

  return {
    ...core,
    database,
    clock,
    dir,
    reminders,
    jobs,
    caller,
    async close() {
      await reminders?.stop();
      await database.close();
    },
  };
}

let counter = 0;
/** Registers a fresh account through the real operation and returns a signed-in caller. */
export async function signedInCaller(core: TestCore, name = `user${++counter}`): Promise<TestCaller> {
  const caller = core.caller();
  await caller.call('auth.register', { email: `${name}@example.com`, username: name, password: 'correct horse battery', company_name: `${name} Ltd` });
  return caller;
}
