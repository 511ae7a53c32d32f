import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testClock } from '../../support/clock';
import { type TestCaller, type TestCore, refusalOf, signedInCaller, startTestCore } from '../../support/core';
import { type EcbServer, ECB_FIXTURE, ecbFile, startEcbServer } from '../../support/ecb-server';

// "Update now" (rates.refresh) against a loopback stand-in for the ECB serving a copy of its daily file: the
// EUR-based rates come back re-expressed in the workspace's base currency as exact decimal text, only for the
// currencies the workspace uses or has rates for; typed rates stay unless the request says otherwise; a
// failure keeps every rate and says since when.

let ecb: EcbServer;
let core: TestCore;
let alice: TestCaller;

beforeEach(async () => {
  ecb = await startEcbServer();
  core = await startTestCore({ clock: testClock('2026-12-02T17:00:00Z', 'UTC'), rates: { url: ecb.url, timeoutMs: 300 } });
  alice = await signedInCaller(core, 'alice');
});
afterEach(async () => {
  await core.close();
  await ecb.close();
});

async function subscribe(caller: TestCaller, currencies: string[]): Promise<void> {
  for (const currency of currencies) {
    await caller.call('expenses.create', { name: `Tool in ${currency}`, category: 'Software', amount: 10, currency, renewal_date: '2026-12-20' });
  }
}

const rateList = async (caller: TestCaller) => (await caller.call('settings.get')).settings.rates.map(({ currency, rate, source, rate_date }) => ({ currency, rate, source, rate_date }));

describe('rates.refresh (Update now)', () => {
  it('converts the ECB’s euro rates to a USD base exactly, for the currencies in use, and the dashboard counts them', async () => {
    await subscribe(alice, ['EUR', 'GBP', 'JPY', 'IDR', 'USD']);
    const result = await alice.call('rates.refresh', {});
    expect(result).toMatchObject({ updated: ['EUR', 'GBP', 'IDR', 'JPY'], skipped_manual: [], unavailable: [], date: '2026-12-02', source: 'ecb' });
    expect(await rateList(alice)).toEqual([
      { currency: 'EUR', rate: '1.0823', source: 'ecb', rate_date: '2026-12-02' },
      { currency: 'GBP', rate: '1.27697481', source: 'ecb', rate_date: '2026-12-02' },
      { currency: 'IDR', rate: '0.00006085314729', source: 'ecb', rate_date: '2026-12-02' },
      { currency: 'JPY', rate: '0.006665640204', source: 'ecb', rate_date: '2026-12-02' },
    ]);
    expect(result.settings.rates_status).toEqual({ fetched_at: '2026-12-02T17:00:00.000Z', error: null, error_since: null });
    expect(ecb.requests()).toBe(1);
    // 10 USD + 10 EUR (10.823) + 10 GBP (12.7697481) + 10 JPY (0.06665640204) + 10 IDR (0.0006085314729) a month.
    expect((await alice.call('dashboard.summary')).monthly_spend).toBe(33.66);
  });

  it('converts to a EUR base as 1 / rate, and lists a currency the ECB does not publish as unavailable, keeping its rate', async () => {
    await alice.call('settings.update', { base_currency: 'EUR' });
    await subscribe(alice, ['USD', 'CHF', 'ARS']);
    await alice.call('settings.update', { rates: [{ currency: 'ARS', rate: '0.00091' }] });
    const result = await alice.call('rates.refresh', {});
    expect(result).toMatchObject({ updated: ['CHF', 'USD'], skipped_manual: ['ARS'], unavailable: [], date: '2026-12-02' });
    await alice.call('settings.update', { rates: [{ currency: 'ARS', rate: '0.00091' }, { currency: 'CHF', rate: '1.066325443' }, { currency: 'USD', rate: '0.9239582371' }] });
    const overwrite = await alice.call('rates.refresh', { overwrite_manual: true });
    expect(overwrite).toMatchObject({ updated: ['CHF', 'USD'], skipped_manual: [], unavailable: ['ARS'] });
    expect(await rateList(alice)).toEqual([
      { currency: 'ARS', rate: '0.00091', source: 'manual', rate_date: null },
      { currency: 'CHF', rate: '1.066325443', source: 'ecb', rate_date: '2026-12-02' },
      { currency: 'USD', rate: '0.9239582371', source: 'ecb', rate_date: '2026-12-02' },
    ]);
  });

  it('never overwrites a rate typed by hand unless asked, and an ECB rate saved again unchanged stays the ECB’s', async () => {
    await subscribe(alice, ['EUR', 'GBP']);
    await alice.call('settings.update', { rates: [{ currency: 'GBP', rate: '1.3' }] });
    const kept = await alice.call('rates.refresh', {});
    expect(kept).toMatchObject({ updated: ['EUR'], skipped_manual: ['GBP'] });
    expect(await rateList(alice)).toEqual([
      { currency: 'EUR', rate: '1.0823', source: 'ecb', rate_date: '2026-12-02' },
      { currency: 'GBP', rate: '1.3', source: 'manual', rate_date: null },
    ]);

    // The settings screen saves the whole list: EUR as fetched stays the ECB's; GBP changed by hand stays typed.
    await alice.call('settings.update', { rates: [{ currency: 'EUR', rate: '1.0823' }, { currency: 'GBP', rate: '1.31' }] });
    expect(await rateList(alice)).toEqual([
      { currency: 'EUR', rate: '1.0823', source: 'ecb', rate_date: '2026-12-02' },
      { currency: 'GBP', rate: '1.31', source: 'manual', rate_date: null },
    ]);
    // A fetched rate edited by hand becomes typed, and from then on is kept.
    await alice.call('settings.update', { rates: [{ currency: 'EUR', rate: '1.1' }, { currency: 'GBP', rate: '1.31' }] });
    expect((await alice.call('rates.refresh', {})).skipped_manual).toEqual(['EUR', 'GBP']);

    const overwritten = await alice.call('rates.refresh', { overwrite_manual: true });
    expect(overwritten).toMatchObject({ updated: ['EUR', 'GBP'], skipped_manual: [] });
    expect((await rateList(alice)).map((r) => [r.currency, r.rate, r.source])).toEqual([
      ['EUR', '1.0823', 'ecb'],
      ['GBP', '1.27697481', 'ecb'],
    ]);
  });

  it('keeps the ECB’s source and date when the base currency changes and the rates are re-expressed', async () => {
    await subscribe(alice, ['EUR', 'GBP']);
    await alice.call('rates.refresh', {});
    await alice.call('settings.update', { base_currency: 'EUR' });
    expect(await rateList(alice)).toEqual([
      { currency: 'GBP', rate: '1.17987139425', source: 'ecb', rate_date: '2026-12-02' },
      { currency: 'USD', rate: '0.923958237088', source: 'ecb', rate_date: '2026-12-02' },
    ]);
  });

  it('offline: keeps every rate, answers why in words with the date of the rates kept, and records since when', async () => {
    await subscribe(alice, ['EUR']);
    await alice.call('rates.refresh', {});
    const before = await rateList(alice);
    await ecb.close();
    core.clock.advance(24 * 60 * 60 * 1000);

    const refusal = await refusalOf(alice, 'rates.refresh', {});
    expect(refusal.code).toBe('bad_gateway');
    expect(refusal.message).toMatch(/^Could not reach the ECB \(connect ECONNREFUSED 127\.0\.0\.1:\d+\); keeping the rates of 2026-12-02$/);
    expect(await rateList(alice)).toEqual(before);
    core.clock.advance(60 * 60 * 1000);
    await refusalOf(alice, 'rates.refresh', {});
    const { settings } = await alice.call('settings.get');
    expect(settings.rates_status).toEqual({ fetched_at: '2026-12-02T17:00:00.000Z', error: refusal.message, error_since: '2026-12-03T17:00:00.000Z' });
  });

  it('clears the error at the next fetch that works', async () => {
    await subscribe(alice, ['EUR']);
    ecb.serve('Service Unavailable', 503);
    expect((await refusalOf(alice, 'rates.refresh', {})).message).toBe('Could not reach the ECB (the server answered HTTP 503); keeping your rates as they are');
    ecb.serve(ECB_FIXTURE);
    const { settings } = await alice.call('rates.refresh', {});
    expect(settings.rates_status).toEqual({ fetched_at: '2026-12-02T17:00:00.000Z', error: null, error_since: null });
  });

  it('gives up on a server that does not answer within the timeout', async () => {
    await subscribe(alice, ['EUR']);
    ecb.hang();
    const refusal = await refusalOf(alice, 'rates.refresh', {});
    expect(refusal.message).toBe('Could not reach the ECB (no answer within 0.3 seconds); keeping your rates as they are');
  });

  it('reads the file with double quotes, Windows line ends and a byte-order mark, passing over a currency code it does not know', async () => {
    await subscribe(alice, ['EUR', 'GBP']);
    const variant = '\uFEFF' + ecbFile('2026-12-02').replace(/'/g, '"').replace(/\n/g, '\r\n').replace('<Cube currency="JPY"', '<Cube currency="XYZ" rate="3.5"/>\r\n<Cube currency="JPY"');
    ecb.serve(variant);
    expect(await alice.call('rates.refresh', {})).toMatchObject({ updated: ['EUR', 'GBP'], unavailable: [], date: '2026-12-02' });
    expect((await rateList(alice)).map((r) => r.rate)).toEqual(['1.0823', '1.27697481']);
  });

  const malformed: [string, string | Uint8Array, RegExp][] = [
    ['an HTML page', '<!DOCTYPE html><html><body>Maintenance</body></html>', /declaration, comment or CDATA/],
    ['another XML document', '<?xml version="1.0"?><rss><channel><title>News</title></channel></rss>', /its root element is <rss>, not the ECB's <gesmes:Envelope>/],
    ['a file with no day', ECB_FIXTURE.replace(/<Cube time='2026-12-02'>/, '<Cube>'), /a <Cube> with no attributes where time belong/],
    ['a date that does not exist', ecbFile('2026-02-30'), /its date "2026-02-30" is not a real YYYY-MM-DD date/],
    ['a currency code in lower case', ecbFile('2026-12-02').replace("currency='USD'", "currency='usd'"), /"usd" is not a currency code/],
    ['a rate that is not a number', ecbFile('2026-12-02', { USD: '1,0823' }), /the rate of USD, "1,0823", is not a positive decimal number/],
    ['a zero rate', ecbFile('2026-12-02', { GBP: '0.0000' }), /the rate of GBP, "0.0000", is not a positive decimal number/],
    ['a currency twice', ECB_FIXTURE.replace("<Cube currency='JPY'", "<Cube currency='USD' rate='1.1'/><Cube currency='JPY'"), /USD is listed twice/],
    ['a file cut short', ECB_FIXTURE.slice(0, 600), /a stray "<"|it ends before/],
    ['an entity for a rate', ecbFile('2026-12-02', { USD: '&usd;' }), /a broken tag <Cube currency='USD'/],
    ['bytes that are not UTF-8', new Uint8Array([0x3c, 0xff, 0xfe, 0x3e]), /it is not UTF-8 text/],
    ['a file larger than the limit', ECB_FIXTURE.replace('Reference rates', 'x'.repeat(300 * 1024)), /more than the 262144 bytes this file can be/],
  ];
  for (const [what, body, reason] of malformed) {
    it(`refuses ${what} in words and changes no rate`, async () => {
      await subscribe(alice, ['EUR', 'GBP']);
      await alice.call('settings.update', { rates: [{ currency: 'GBP', rate: '1.3' }] });
      const before = await rateList(alice);
      ecb.serve(body);
      const refusal = await refusalOf(alice, 'rates.refresh', {});
      expect(refusal.code).toBe('bad_gateway');
      expect(refusal.message).toMatch(/^The ECB's answer is not its daily reference rates file \(/);
      expect(refusal.message).toMatch(reason);
      expect(refusal.message).toMatch(/; keeping your rates as they are$/);
      expect(await rateList(alice)).toEqual(before);
    });
  }

  it('refuses a base currency the ECB does not publish, saying what to do, and records it', async () => {
    await alice.call('settings.update', { base_currency: 'ARS' });
    await subscribe(alice, ['EUR']);
    const refusal = await refusalOf(alice, 'rates.refresh', {});
    expect(refusal).toMatchObject({ code: 'conflict', message: 'The ECB publishes no rate for ARS, your base currency: keep typing your rates by hand' });
    expect((await alice.call('settings.get')).settings.rates_status.error).toBe(refusal.message);
    expect(await rateList(alice)).toEqual([]);
  });

  it('works per workspace: another account’s rates are not touched', async () => {
    const bob = await signedInCaller(core, 'bob');
    await subscribe(bob, ['EUR']);
    await bob.call('settings.update', { rates: [{ currency: 'EUR', rate: '1.2' }] });
    await subscribe(alice, ['EUR']);
    await alice.call('rates.refresh', { overwrite_manual: true });
    expect(await rateList(bob)).toEqual([{ currency: 'EUR', rate: '1.2', source: 'manual', rate_date: null }]);
    expect((await bob.call('settings.get')).settings.rates_status.fetched_at).toBeNull();
  });

  it('refuses an input it does not know', async () => {
    expect((await refusalOf(alice, 'rates.refresh', { overwrite_manual: 'yes' })).fields).toEqual({ overwrite_manual: 'overwrite_manual must be true or false' });
    expect((await refusalOf(alice, 'rates.refresh', { url: 'http://example.com' })).fields).toEqual({ url: 'Unknown field "url"' });
    expect(ecb.requests()).toBe(0);
  });
});
