import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RequestContext } from '../../../main/core/context';
import { createRemoteTransport, type RemoteTransport } from '../../../main/remote/transport';
import { startTestTeamServer, type TestTeamServer } from '../../support/team-server';
import { testCertificate } from '../../support/test-certificate';

// The desktop's relay to a team server: the real browser-mode server behind HTTPS on loopback, with a
// self-signed certificate the relay is given as its CA. What comes back must be what the core answers in process.

let team: TestTeamServer;
let relay: RemoteTransport;
let tokens: (string | null)[];

const dana = { email: 'dana@example.com', username: 'dana', password: 'correct horse battery', company_name: 'Dana Ltd' };

/** The in-process context of the account the relay signed in, on the same core. */
async function inProcess(): Promise<RequestContext> {
  const found = await team.http.core.sessions.lookup(relay.token());
  return { userId: found!.userId, sessionId: found!.sessionId, session: { signIn: async () => {}, signOut: async () => {} } };
}

beforeEach(async () => {
  team = await startTestTeamServer();
  tokens = [];
  relay = createRemoteTransport({ baseUrl: team.url, ca: team.ca, onToken: (t) => tokens.push(t) });
});
afterEach(async () => {
  relay.close();
  await team.close();
});

describe('the relay to a team server', () => {
  it('signs up, signs in, adds and lists subscriptions and reads the dashboard, answering what the core answers in process', async () => {
    const registered = await relay.invoke('auth.register', dana);
    expect(registered).toMatchObject({ ok: true, data: { user: { username: 'dana', email: 'dana@example.com' } } });
    expect(tokens).toHaveLength(1);
    await relay.invoke('auth.logout', {});
    expect(tokens.at(-1)).toBeNull();
    expect(await relay.invoke('auth.me', {})).toEqual({ ok: false, error: { code: 'unauthorized', message: 'Sign in first' } });

    const login = await relay.invoke('auth.login', { username: 'dana', password: dana.password });
    expect(login).toMatchObject({ ok: true, data: { user: { username: 'dana' } } });
    expect(relay.token()).toEqual(tokens.at(-1));
    const created = await relay.invoke('expenses.create', { name: 'Figma', amount: 45, renewal_date: '2026-12-20', category: 'Design' });
    expect(created).toMatchObject({ ok: true, data: { expense: { name: 'Figma', amount: 45 } } });
    expect(await relay.invoke('expenses.create', { name: 'Slack', amount: 8.75, renewal_date: '2026-12-21', category: 'Chat', billing_cycle: 'yearly' })).toMatchObject({ ok: true });

    const ctx = await inProcess();
    const core = team.http.core;
    // Each pair is read in a row, so the clock cannot move between them.
    expect(await relay.invoke('expenses.list', { sort: 'name' })).toEqual(await core.invoke('expenses.list', { sort: 'name' }, ctx));
    expect(await relay.invoke('dashboard.stats', {})).toEqual(await core.invoke('dashboard.stats', {}, ctx));
    expect(await relay.invoke('categories.list', {})).toEqual(await core.invoke('categories.list', {}, ctx));
    const id = created.ok ? created.data.expense.id : 0;
    expect(await relay.invoke('expenses.get', { id })).toEqual(await core.invoke('expenses.get', { id }, ctx));
  });

  it("gives the door's refusals as they are: the field errors, the code and the message", async () => {
    await relay.invoke('auth.register', dana);
    const ctx = await inProcess();
    const bad = { name: '', amount: -1, renewal_date: '2026-02-30', category: 'Design' };
    const remote = await relay.invoke('expenses.create', bad);
    expect(remote).toEqual(await team.http.core.invoke('expenses.create', bad, ctx));
    expect(remote.ok ? null : Object.keys(remote.error.fields ?? {}).sort()).toEqual(['amount', 'name', 'renewal_date']);
    expect(await relay.invoke('expenses.get', { id: 999 })).toEqual({ ok: false, error: { code: 'not_found', message: 'Subscription 999 not found' } });
    expect(await relay.dispatch('expenses.nonsense', {})).toEqual({ ok: false, error: { code: 'not_found', message: 'Unknown operation "expenses.nonsense"' } });
  });

  it('refuses a certificate it was not told to trust (the handshake fails before the password is sent)', async () => {
    const untrusting = createRemoteTransport({ baseUrl: team.url });
    try {
      const result = await untrusting.invoke('auth.login', { username: 'dana', password: dana.password });
      expect(result).toMatchObject({ ok: false, error: { code: 'unavailable' } });
      expect(result.ok ? '' : result.error.message).toMatch(/certificate of 127\.0\.0\.1:\d+ is not trusted .*CA file/);
    } finally {
      untrusting.close();
    }
  });

  it('refuses plain http:// to another computer, and an address with a path, naming the url field', () => {
    expect(() => createRemoteTransport({ baseUrl: 'http://spend.example.com' })).toThrow(/over https:\/\//);
    expect(() => createRemoteTransport({ baseUrl: 'https://spend.example.com/app' })).toThrow(/no path after it/);
    try {
      createRemoteTransport({ baseUrl: 'spend.example.com' });
    } catch (error) {
      expect((error as { fields?: object }).fields).toHaveProperty('url');
    }
    expect(createRemoteTransport({ baseUrl: 'http://127.0.0.1:9/' }).origin).toBe('http://127.0.0.1:9');
  });
});

describe('a team server that cannot answer as one', () => {
  let stub: http.Server | https.Server | undefined;
  afterEach(async () => {
    await new Promise<void>((resolve) => (stub ? stub.close(() => resolve()) : resolve()));
    stub = undefined;
  });

  async function serve(handler: http.RequestListener): Promise<string> {
    const { key, cert } = await testCertificate();
    stub = https.createServer({ key, cert }, handler);
    await new Promise<void>((resolve) => stub!.listen(0, '127.0.0.1', resolve));
    return `https://127.0.0.1:${(stub.address() as AddressInfo).port}`;
  }
  async function ask(url: string, timeoutMs?: number) {
    const { cert } = await testCertificate();
    const client = createRemoteTransport({ baseUrl: url, ca: cert, ...(timeoutMs ? { timeoutMs } : {}) });
    try {
      return await client.invoke('reminders.feed', {});
    } finally {
      client.close();
    }
  }

  it('says nothing is listening when the port is closed', async () => {
    const url = await serve(() => {});
    await new Promise<void>((resolve) => stub!.close(() => resolve()));
    stub = undefined;
    const result = await ask(url);
    expect(result).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    expect(result.ok ? '' : result.error.message).toMatch(/is not reachable: .* nothing is listening there \(ECONNREFUSED\)/);
  });

  it('says it answered something that is not Spend Manager (a web page)', async () => {
    const result = await ask(await serve((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<h1>Welcome to nginx</h1>')));
    expect(result).toMatchObject({ ok: false, error: { code: 'bad_gateway' } });
    expect(result.ok ? '' : result.error.message).toMatch(/answered something that is not Spend Manager \(HTTP 200, text\/html\)/);
  });

  it('says the server is an older version when it has no route for the operation', async () => {
    const result = await ask(
      await serve((req, res) => res.writeHead(404, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify({ error: `No such endpoint: ${req.url!.split('?')[0]}`, code: 'not_found' }))),
    );
    expect(result).toMatchObject({ ok: false, error: { code: 'bad_gateway' } });
    expect(result.ok ? '' : result.error.message).toMatch(/runs an older version of Spend Manager .*\(GET \/api\/reminders\/feed\); update the server/);
  });

  it('gives up on a server that does not answer in time', async () => {
    const result = await ask(await serve(() => {}), 300);
    expect(result).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    expect(result.ok ? '' : result.error.message).toMatch(/127\.0\.0\.1:\d+ did not answer within 300 ms/);
  });
});
