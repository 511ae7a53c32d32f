import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testClock } from '../../support/clock';
import { type EcbServer, startEcbServer } from '../../support/ecb-server';
import { startTestHttp, type HttpClient, type TestHttp } from '../../support/http';

// "Update now" over real HTTP in browser mode: POST /api/rates/refresh answers what changed; a workspace's
// admins may refresh and turn the daily update on or off, a member is refused with 403 and changes nothing;
// an unreachable ECB is a 502 in words.

let ecb: EcbServer;
let server: TestHttp;
let olga: HttpClient;

async function registered(name: string): Promise<HttpClient> {
  const client = server.client();
  const res = await client.request('POST', '/api/auth/register', { email: `${name}@example.com`, username: name, password: 'correct horse battery', company_name: `${name} Ltd` });
  expect(res.status).toBe(201);
  return client;
}

async function joined(name: string, role: 'admin' | 'member'): Promise<HttpClient> {
  const client = await registered(name);
  const invitation = await olga.request('POST', '/api/invitations', { role });
  expect((await client.request('POST', '/api/invitations/accept', { token: invitation.body.token })).status).toBe(200);
  return client;
}

beforeEach(async () => {
  ecb = await startEcbServer();
  server = await startTestHttp({ core: { clock: testClock('2026-12-02T17:00:00Z', 'UTC'), rates: { url: ecb.url } } });
  olga = await registered('olga');
  expect((await olga.request('POST', '/api/workspaces', { name: 'Acme' })).status).toBe(201);
  expect((await olga.request('POST', '/api/expenses', { name: 'Figma', category: 'Design', amount: 45, currency: 'EUR', renewal_date: '2026-12-20' })).status).toBe(201);
});
afterEach(async () => {
  await server.close();
  await ecb.close();
});

describe('rates over HTTP', () => {
  it('refreshes for an admin, shows each rate’s source and date, and turns the daily update on', async () => {
    const res = await olga.request('POST', '/api/rates/refresh', {});
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ updated: ['EUR'], skipped_manual: [], unavailable: [], date: '2026-12-02', source: 'ecb' });
    const daily = await olga.request('PUT', '/api/settings', { rates_daily: true });
    expect(daily.status).toBe(200);
    expect(daily.body.settings).toMatchObject({
      rates_daily: true,
      rates: [{ currency: 'EUR', rate: '1.0823', source: 'ecb', rate_date: '2026-12-02' }],
      rates_status: { fetched_at: '2026-12-02T17:00:00.000Z', error: null, error_since: null },
    });

    const admin = await joined('ada', 'admin');
    expect((await admin.request('POST', '/api/rates/refresh', { overwrite_manual: true })).status).toBe(200);
    expect(ecb.requests()).toBe(2);
  });

  it('refuses a member with 403, fetching nothing and changing nothing', async () => {
    const bea = await joined('bea', 'member');
    const refused = await bea.request('POST', '/api/rates/refresh', {});
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('forbidden');
    const toggle = await bea.request('PUT', '/api/settings', { rates_daily: true });
    expect(toggle.status).toBe(403);
    expect(toggle.body.error).toMatch(/rates_daily/);
    expect(ecb.requests()).toBe(0);
    const seen = (await bea.request('GET', '/api/settings')).body.settings;
    expect(seen).toMatchObject({ rates_daily: false, rates: [], rates_status: { fetched_at: null, error: null } });
  });

  it('answers 502 in words when the ECB cannot be reached, and the settings say since when', async () => {
    await ecb.close();
    const res = await olga.request('POST', '/api/rates/refresh', {});
    expect(res.status).toBe(502);
    expect(res.body).toMatchObject({ code: 'bad_gateway', error: expect.stringMatching(/^Could not reach the ECB \(connect ECONNREFUSED 127\.0\.0\.1:\d+\); keeping your rates as they are$/) });
    expect((await olga.request('GET', '/api/settings')).body.settings.rates_status).toEqual({ fetched_at: null, error: res.body.error, error_since: '2026-12-02T17:00:00.000Z' });
  });
});
