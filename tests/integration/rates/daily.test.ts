import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startCore } from '../../../main/core/start-core';
import { type DailyRates, createDailyRates } from '../../../main/jobs/daily-rates';
import type { Logger } from '../../../main/ports';
import { createMemorySecrets } from '../../../main/secrets/keychain';
import { ecbSource } from '../../../main/services/ecb-rates';
import { testClock } from '../../support/clock';
import { type TestCaller, type TestCore, callsThrough, signedInCaller, startTestCore } from '../../support/core';
import { type EcbServer, ecbFile, startEcbServer } from '../../support/ecb-server';
import { manualJobs, type ManualJobs } from '../../support/manual-jobs';
import { coreDatabase } from '../../support/test-database';
import { tempDir } from '../../support/temp';

// The daily job: with "Update rates daily" on, a workspace's rates are fetched at start when the last fetch is
// over a day old, then checked hourly and fetched again 24 hours after the last success; never more often.
// A failure keeps the rates and is recorded with since when; a workspace with the option off is left alone.

const HOUR_MS = 60 * 60 * 1000;

let ecb: EcbServer;
let core: TestCore;
let alice: TestCaller;
let jobs: ManualJobs;
const started: DailyRates[] = [];
const warnings: string[] = [];

const logger: Logger = { info() {}, warn: (message) => void warnings.push(message), error: (message) => void warnings.push(message) };

beforeEach(async () => {
  ecb = await startEcbServer();
  core = await startTestCore({ clock: testClock('2026-12-02T17:00:00Z', 'UTC'), rates: { url: ecb.url } });
  alice = await signedInCaller(core, 'alice');
  await alice.call('expenses.create', { name: 'Figma', category: 'Design', amount: 45, currency: 'EUR', renewal_date: '2026-12-20' });
  jobs = manualJobs(core.clock);
  warnings.length = 0;
});
afterEach(async () => {
  await Promise.all(started.splice(0).map((d) => d.stop()));
  await core.close();
  await ecb.close();
});

function daily(): DailyRates {
  const job = createDailyRates({ db: core.database.db, source: ecbSource({ url: ecb.url, timeoutMs: 1000 }), clock: core.clock, logger, scheduleJob: jobs.scheduleJob });
  started.push(job);
  return job;
}

/** Moves the clock an hour and lets the hourly check run to its end. */
async function nextHour(job: DailyRates): Promise<void> {
  core.clock.advance(HOUR_MS);
  expect(jobs.fireIfDue()).toBe(true);
  await job.runIfDue();
  // The next check is armed once the run has settled.
  for (let i = 0; i < 10 && jobs.live() === 0; i += 1) await new Promise((resolve) => setImmediate(resolve));
  expect(jobs.live()).toBe(1);
}

const eur = async (caller: TestCaller) => (await caller.call('settings.get')).settings.rates.find((r) => r.currency === 'EUR');

describe('daily exchange rates', () => {
  it('fetches at start, then at most once a day, and the new day’s rates replace the old', async () => {
    await alice.call('settings.update', { rates_daily: true });
    const job = daily();
    await job.start();
    expect(ecb.requests()).toBe(1);
    expect(await eur(alice)).toMatchObject({ rate: '1.0823', source: 'ecb', rate_date: '2026-12-02' });

    ecb.serve(ecbFile('2026-12-03', { USD: '1.0901' }));
    for (let hour = 1; hour < 24; hour += 1) await nextHour(job);
    expect(ecb.requests()).toBe(1);
    expect(await eur(alice)).toMatchObject({ rate: '1.0823', rate_date: '2026-12-02' });

    await nextHour(job);
    expect(ecb.requests()).toBe(2);
    expect(await eur(alice)).toMatchObject({ rate: '1.0901', source: 'ecb', rate_date: '2026-12-03', updated_at: '2026-12-03T17:00:00.000Z' });
    expect((await alice.call('settings.get')).settings.rates_status).toEqual({ fetched_at: '2026-12-03T17:00:00.000Z', error: null, error_since: null });
    await nextHour(job);
    expect(ecb.requests()).toBe(2);
  });

  it('catches up at start after the app was closed for days, and not again at a restart the same day', async () => {
    await alice.call('settings.update', { rates_daily: true });
    const first = daily();
    await first.start();
    await first.stop();
    expect(ecb.requests()).toBe(1);

    core.clock.advance(3 * 24 * HOUR_MS);
    ecb.serve(ecbFile('2026-12-04', { USD: '1.0777' }));
    await daily().start();
    expect(ecb.requests()).toBe(2);
    expect(await eur(alice)).toMatchObject({ rate: '1.0777', rate_date: '2026-12-04' });

    core.clock.advance(2 * HOUR_MS);
    await daily().start();
    expect(ecb.requests()).toBe(2);
  });

  it('leaves a workspace with the option off alone, and one fetch serves every workspace that is due', async () => {
    const bob = await signedInCaller(core, 'bob');
    await bob.call('expenses.create', { name: 'Slack', category: 'Chat', amount: 8, currency: 'GBP', renewal_date: '2026-12-20' });
    const carol = await signedInCaller(core, 'carol');
    await carol.call('expenses.create', { name: 'Miro', category: 'Design', amount: 8, currency: 'CHF', renewal_date: '2026-12-20' });
    await bob.call('settings.update', { rates_daily: true });
    await carol.call('settings.update', { rates_daily: true, base_currency: 'EUR' });

    await daily().start();
    expect(ecb.requests()).toBe(1);
    expect(await eur(alice)).toBeUndefined();
    expect((await bob.call('settings.get')).settings.rates.map((r) => [r.currency, r.rate])).toEqual([['GBP', '1.27697481']]);
    expect((await carol.call('settings.get')).settings.rates.map((r) => [r.currency, r.rate])).toEqual([['CHF', '1.066325443']]);

    // Turned off: no more fetches for it, and its rates stay as they are.
    await bob.call('settings.update', { rates_daily: false });
    await carol.call('settings.update', { rates_daily: false });
    core.clock.advance(2 * 24 * HOUR_MS);
    await daily().start();
    expect(ecb.requests()).toBe(1);
  });

  it('offline: keeps the last rates, records the failure and since when, retries hourly, and clears it once a fetch works', async () => {
    await alice.call('settings.update', { rates_daily: true });
    const job = daily();
    await job.start();
    core.clock.advance(23 * HOUR_MS);
    ecb.serve('busy', 503);
    await nextHour(job);
    expect(ecb.requests()).toBe(2);
    const failed = (await alice.call('settings.get')).settings;
    expect(failed.rates_status).toEqual({
      fetched_at: '2026-12-02T17:00:00.000Z',
      error: 'Could not reach the ECB (the server answered HTTP 503); keeping the rates of 2026-12-02',
      error_since: '2026-12-03T17:00:00.000Z',
    });
    expect(failed.rates.find((r) => r.currency === 'EUR')).toMatchObject({ rate: '1.0823', rate_date: '2026-12-02' });
    expect(warnings).toEqual(['exchange rates not updated']);

    await nextHour(job);
    expect(ecb.requests()).toBe(3);
    expect((await alice.call('settings.get')).settings.rates_status.error_since).toBe('2026-12-03T17:00:00.000Z');

    ecb.serve(ecbFile('2026-12-03', { USD: '1.0901' }));
    await nextHour(job);
    expect((await alice.call('settings.get')).settings.rates_status).toEqual({ fetched_at: '2026-12-03T19:00:00.000Z', error: null, error_since: null });
    expect(await eur(alice)).toMatchObject({ rate: '1.0901', rate_date: '2026-12-03' });
    await nextHour(job);
    expect(ecb.requests()).toBe(4);
  });

  it('is started by the core itself: a restart with the option on catches up from the address it was given', async () => {
    const dir = tempDir();
    // Years ahead of the real clock, so the hourly check (a real timer, armed an hour after this clock's now) cannot fire during the test.
    const clock = testClock('2036-12-02T17:00:00Z', 'UTC');
    const options = { dataDir: dir, clock, logger, secrets: createMemorySecrets('rates'), notifier: { notify: () => false }, ratesUrl: ecb.url, ...(await coreDatabase(dir)) };
    const first = await startCore(options);
    let userId: number | null = null;
    const call = callsThrough(first, () => ({ userId, session: { signIn: async (id) => void (userId = id), signOut: async () => {} } })).call;
    await call('auth.register', { email: 'dana@example.com', username: 'dana', password: 'correct horse battery', company_name: 'Dana Ltd' });
    await call('expenses.create', { name: 'Figma', category: 'Design', amount: 45, currency: 'EUR', renewal_date: '2036-12-20' });
    await call('settings.update', { rates_daily: true });
    await first.stop();
    expect(ecb.requests()).toBe(0);

    const second = await startCore(options);
    try {
      for (let i = 0; i < 100 && ecb.requests() === 0; i += 1) await new Promise((resolve) => setTimeout(resolve, 20));
      expect(ecb.requests()).toBe(1);
      const again = callsThrough(second, () => ({ userId, session: { signIn: async () => {}, signOut: async () => {} } })).call;
      let rates = (await again('settings.get')).settings.rates;
      for (let i = 0; i < 50 && rates.length === 0; i += 1) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        rates = (await again('settings.get')).settings.rates;
      }
      expect(rates).toEqual([{ currency: 'EUR', rate: '1.0823', source: 'ecb', rate_date: '2026-12-02', updated_at: '2036-12-02T17:00:00.000Z' }]);
    } finally {
      await second.stop();
    }
  });
});

