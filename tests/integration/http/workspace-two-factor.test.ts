import { generate } from 'otplib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testClock } from '../../support/clock';
import { startTestHttp, type HttpClient, type TestHttp } from '../../support/http';

// An owner requires two-factor sign-in for a company workspace (issue 10 §2): over REST, a member who has it
// off is refused everything there with 403 in words, yet reaches sign-in, two-factor and settings to turn it on.

const PASSWORD = 'correct horse battery';
const REQUIRED = { code: 'forbidden', error: 'This workspace requires two-factor sign-in: turn it on in Settings → Security' };
const figma = { name: 'Figma', amount: 45, renewal_date: '2026-04-01', category: 'Design' };

let server: TestHttp;
let olga: HttpClient;
let bea: HttpClient;
let acme: number;

async function registered(name: string): Promise<HttpClient> {
  const client = server.client();
  const res = await client.request('POST', '/api/auth/register', { email: `${name}@example.com`, username: name, password: PASSWORD, company_name: `${name} Ltd` });
  expect(res.status).toBe(201);
  return client;
}

/** Turns two-factor on as the user would: a secret for the app, then a code the app shows now. */
async function turnOnTwoFactor(client: HttpClient): Promise<void> {
  const begin = await client.request('POST', '/api/auth/two-factor/begin', { password: PASSWORD });
  expect(begin.status).toBe(200);
  const code = await generate({ secret: begin.body.secret as string, epoch: Math.floor(server.core.clock.now().getTime() / 1000) });
  expect((await client.request('POST', '/api/auth/two-factor/confirm', { code })).status).toBe(200);
  server.core.clock.advance(30_000);
}

async function invite(role: 'admin' | 'member'): Promise<string> {
  const res = await olga.request('POST', '/api/invitations', { role });
  expect(res.status).toBe(201);
  return res.body.token as string;
}

const requireTwoFactor = (client: HttpClient, required: unknown, id = acme) => client.request('PUT', `/api/workspaces/${id}/two-factor`, { required });
const workspaces = async (client: HttpClient) => (await client.request('GET', '/api/workspaces')).body.workspaces as { id: number; kind: string; require_two_factor: boolean; current: boolean }[];

beforeEach(async () => {
  server = await startTestHttp({ core: { clock: testClock('2026-03-10T09:00:00Z', 'UTC') } });
  olga = await registered('olga');
  bea = await registered('bea');
  const created = await olga.request('POST', '/api/workspaces', { name: 'Acme' });
  expect(created.status).toBe(201);
  acme = created.body.workspace.id as number;
  expect((await olga.request('POST', '/api/expenses', figma)).status).toBe(201);
});
afterEach(async () => {
  await server.close();
});

describe('a workspace that requires two-factor sign-in', () => {
  it('refuses a member without two-factor every operation there with 403 in words, changing nothing, until they turn it on', async () => {
    expect((await bea.request('POST', '/api/invitations/accept', { token: await invite('member') })).status).toBe(200);
    await turnOnTwoFactor(olga);
    const on = await requireTwoFactor(olga, true);
    expect(on.status).toBe(200);
    expect(on.body.workspace).toMatchObject({ id: acme, require_two_factor: true });

    for (const [method, path, body] of [
      ['GET', '/api/expenses'],
      ['GET', '/api/dashboard/summary'],
      ['GET', '/api/members'],
      ['POST', '/api/expenses', { ...figma, name: 'Notion' }],
    ] as const) {
      const res = await bea.request(method, path, body);
      expect([res.status, res.body], `${method} ${path}`).toEqual([403, REQUIRED]);
    }
    expect((await olga.request('GET', '/api/expenses')).body.expenses.map((e: { name: string }) => e.name)).toEqual(['Figma']);

    // Her own account stays in reach: who she is, her sessions, Settings and its Security section.
    for (const path of ['/api/auth/me', '/api/account/sessions', '/api/settings', '/api/auth/two-factor', '/api/workspaces']) {
      expect((await bea.request('GET', path)).status, path).toBe(200);
    }
    expect((await workspaces(bea)).find((w) => w.id === acme)).toMatchObject({ require_two_factor: true, current: true });

    await turnOnTwoFactor(bea);
    const list = await bea.request('GET', '/api/expenses');
    expect(list.status).toBe(200);
    expect(list.body.expenses.map((e: { name: string }) => e.name)).toEqual(['Figma']);
  });

  it('refuses switching into it without two-factor, leaves the member free in their other workspaces, and lets them in once the owner stops requiring it', async () => {
    expect((await bea.request('POST', '/api/invitations/accept', { token: await invite('member') })).status).toBe(200);
    await turnOnTwoFactor(olga);
    expect((await requireTwoFactor(olga, true)).status).toBe(200);

    const personal = (await workspaces(bea)).find((w) => w.kind === 'personal')!;
    expect((await bea.request('POST', `/api/workspaces/${personal.id}/switch`)).status).toBe(200);
    expect((await bea.request('POST', '/api/expenses', { ...figma, name: 'Bea private' })).status).toBe(201);
    const back = await bea.request('POST', `/api/workspaces/${acme}/switch`);
    expect([back.status, back.body]).toEqual([403, REQUIRED]);
    expect((await workspaces(bea)).find((w) => w.current)!.id).toBe(personal.id);

    expect((await requireTwoFactor(olga, false)).body.workspace).toMatchObject({ require_two_factor: false });
    expect((await bea.request('POST', `/api/workspaces/${acme}/switch`)).status).toBe(200);
    expect((await bea.request('GET', '/api/expenses')).body.expenses.map((e: { name: string }) => e.name)).toEqual(['Figma']);
  });

  it('refuses an invitation to an account without two-factor, and the link still works once they turn it on', async () => {
    await turnOnTwoFactor(olga);
    expect((await requireTwoFactor(olga, true)).status).toBe(200);
    const token = await invite('member');
    const refused = await bea.request('POST', '/api/invitations/accept', { token });
    expect([refused.status, refused.body]).toEqual([403, REQUIRED]);
    expect((await olga.request('GET', '/api/members')).body.members).toHaveLength(1);
    expect((await olga.request('GET', '/api/invitations')).body.invitations.map((i: { state: string }) => i.state)).toEqual(['pending']);

    await turnOnTwoFactor(bea);
    expect((await bea.request('POST', '/api/invitations/accept', { token })).status).toBe(200);
    expect((await bea.request('GET', '/api/expenses')).status).toBe(200);
  });
});

describe('requiring two-factor sign-in', () => {
  it('is an owner\'s alone: an admin gets 403 naming the role, and nothing changes', async () => {
    expect((await bea.request('POST', '/api/invitations/accept', { token: await invite('admin') })).status).toBe(200);
    await turnOnTwoFactor(bea);
    const res = await requireTwoFactor(bea, true);
    expect(res.status).toBe(403);
    expect(res.body.error).toMatch(/^Only an owner can require two-factor sign-in of every member of a company workspace/);
    expect((await workspaces(olga)).find((w) => w.id === acme)!.require_two_factor).toBe(false);
  });

  it('needs the owner\'s own two-factor first, a company workspace, and true or false: 409/400 in words, nothing changed', async () => {
    const withoutOwn = await requireTwoFactor(olga, true);
    expect(withoutOwn.status).toBe(409);
    expect(withoutOwn.body.fields).toEqual({ required: 'Turn on two-factor sign-in for your own account first (Settings → Security), then require it of the members' });

    await turnOnTwoFactor(olga);
    const personal = (await workspaces(olga)).find((w) => w.kind === 'personal')!;
    const mine = await requireTwoFactor(olga, true, personal.id);
    expect(mine.status).toBe(409);
    expect(mine.body.fields).toEqual({ required: 'Only in a company workspace' });

    const bad = await requireTwoFactor(olga, 'yes');
    expect(bad.status).toBe(400);
    expect(bad.body.fields).toEqual({ required: 'required must be true or false' });
    expect((await workspaces(olga)).map((w) => w.require_two_factor)).toEqual([false, false]);
  });
});
