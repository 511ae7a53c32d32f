import { afterEach, describe, expect, it } from 'vitest';
import { parsePublicUrl } from '../../../main/config/public-url';
import { DEFAULT_AUTH_LIMITS } from '../../../main/services/account-throttle';
import { parseServeOptions, UsageError } from '../../../main/config/serve-options';
import { startTestHttp, type TestHttp, type TestHttpOptions } from '../../support/http';

// A team server behind a load balancer or reverse proxy: the browser reaches it as https://spend.example.com,
// the proxy connects from its own address and says who the client is in X-Forwarded-For.

let server: TestHttp | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function start(options: TestHttpOptions = {}): Promise<TestHttp> {
  server = await startTestHttp(options);
  return server;
}

const PUBLIC = 'https://spend.example.com';
const dana = { email: 'dana@example.com', username: 'dana', password: 'correct horse battery', company_name: 'Dana Ltd' };

function post(path: string, body: unknown, headers: string[]): string {
  const text = JSON.stringify(body);
  return [`POST ${path} HTTP/1.1`, ...headers, 'Content-Type: application/json', `Content-Length: ${Buffer.byteLength(text)}`].join('\r\n');
}

describe('the public URL of a team server', () => {
  it('refuses a public URL with a path, credentials or another scheme, in words, at start', () => {
    expect(() => parseServeOptions([], { PUBLIC_URL: 'https://spend.example.com/app' })).toThrow(/origin only/);
    expect(() => parseServeOptions(['--public-url', 'ftp://spend.example.com'], {})).toThrow(/https:\/\/ or http:\/\//);
    expect(() => parseServeOptions([], { PUBLIC_URL: 'https://me:pw@spend.example.com' })).toThrow(/user name or password/);
    expect(() => parseServeOptions([], { PUBLIC_URL: 'spend.example.com' })).toThrow(UsageError);
    expect(() => parseServeOptions([], { TRUST_PROXY: '10.0.0.0/33' })).toThrow(/not an IP address or a range/);
    expect(parseServeOptions(['--public-url=https://Spend.Example.com:8443/'], { TRUST_PROXY: '10.0.0.0/8, ::1' })).toMatchObject({
      publicUrl: { origin: 'https://spend.example.com:8443', host: 'spend.example.com:8443', secure: true },
      trustedProxies: ['10.0.0.0/8', '::1'],
    });
    expect(parseServeOptions([], {})).toMatchObject({ publicUrl: null, trustedProxies: [] });
  });

  it("answers a browser that comes through the proxy by the public name, with a Secure session cookie; another site's origin is still refused", async () => {
    const http = await start({ publicUrl: parsePublicUrl(PUBLIC) });
    const register = await http.raw(post('/api/auth/register', dana, ['Host: spend.example.com', `Origin: ${PUBLIC}`]), JSON.stringify(dana));
    expect(register.status).toBe(201);
    expect(register.headers['set-cookie']).toMatch(/; Secure/);
    expect(register.headers['set-cookie']).toMatch(/HttpOnly/);

    const foreign = await http.raw(post('/api/auth/login', dana, ['Host: spend.example.com', 'Origin: https://evil.example']), JSON.stringify(dana));
    expect(foreign.body).toMatchObject({ error: 'Cross-origin request refused' });
    expect(foreign.status).toBe(403);
    expect(foreign.body).toMatchObject({ error: 'Cross-origin request refused' });
    // The same name over plain http is another origin.
    const plain = await http.raw(post('/api/auth/login', dana, ['Host: spend.example.com', 'Origin: http://spend.example.com']), JSON.stringify(dana));
    expect(plain.status).toBe(403);
  });

  it('refuses the public name as a Host when no public URL is configured (DNS rebinding), and sets no Secure flag on loopback', async () => {
    const http = await start();
    const refused = await http.raw('GET /api/auth/me HTTP/1.1\r\nHost: spend.example.com');
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ error: 'Unknown Host header' });
    const res = await http.client().request('POST', '/api/auth/register', dana);
    expect(res.status).toBe(201);
    expect(res.headers.get('set-cookie')).not.toMatch(/Secure/);
  });
});

describe('clients behind a trusted proxy', () => {
  // Three misses per client instead of twenty: the same rule, fewer password hashes to wait for.
  const limits = { ...DEFAULT_AUTH_LIMITS, loginPerClient: { ...DEFAULT_AUTH_LIMITS.loginPerClient, free: 3 } };
  async function failSignIns(http: TestHttp, forwardedFor: string, times: number): Promise<void> {
    for (let i = 0; i < times; i++) {
      const res = await http.client().request('POST', '/api/auth/login', { username: `victim${i}`, password: 'Summer2026!' }, { 'x-forwarded-for': forwardedFor });
      expect(res.status).toBe(401);
    }
  }
  const signIn = (http: TestHttp, forwardedFor: string) =>
    http.client().request('POST', '/api/auth/login', { username: dana.username, password: dana.password }, { 'x-forwarded-for': forwardedFor });

  it('counts failed sign-ins per forwarded client: a sprayer is refused while another client of the same proxy signs in', async () => {
    const http = await start({ trustedProxies: ['127.0.0.1', '::1'], core: { limits } });
    expect((await http.client().request('POST', '/api/auth/register', dana, { 'x-forwarded-for': '198.51.100.9' })).status).toBe(201);
    await failSignIns(http, '203.0.113.66', 3);
    const refused = await signIn(http, '203.0.113.66');
    expect(refused.status).toBe(429);
    expect(refused.body.error).toMatch(/Too many failed sign-ins from this device or network/);
    expect((await signIn(http, '198.51.100.10')).status).toBe(200);
  });

  it('ignores X-Forwarded-For from a peer that is not a trusted proxy: a sprayer cannot dodge the throttle by inventing addresses', async () => {
    const http = await start({ core: { limits } });
    expect((await http.client().request('POST', '/api/auth/register', dana)).status).toBe(201);
    for (let i = 0; i < 3; i++) await failSignIns(http, `203.0.113.${i}`, 1);
    expect((await signIn(http, '198.51.100.10')).status).toBe(429);
  });
});
