import fs from 'node:fs';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { contract } from '../../common/contract';
import { CONTENT_SECURITY_POLICY } from '../../common/csp';
import { AppError, HTTP_STATUS, type ErrorValue } from '../../common/errors';
import type { Core } from '../core/create-core';
import type { RequestContext } from '../core/context';
import { readJsonBody } from './body';
import { readCookie, SESSION_COOKIE, sessionCookie } from './cookies';
import { createRouter } from './router';
import { contentType, pickStaticFile } from './static-files';

export interface HttpServerOptions {
  core: Core;
  /** Built renderer (index.html + assets); omit to serve the API only. */
  staticDir?: string;
  /** Extra host names this server may be reached by (besides 127.0.0.1, localhost, [::1]). */
  extraHosts?: string[];
}

const SECURITY_HEADERS = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

const STATE_CHANGING = new Set(['POST', 'PUT', 'DELETE', 'PATCH']);

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string | string[]> = {}): void {
  const payload = JSON.stringify(body);
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(payload),
    'Cache-Control': 'no-store',
    ...headers,
  });
  res.end(payload);
}

function sendError(res: ServerResponse, error: ErrorValue, headers: Record<string, string | string[]> = {}): void {
  const body: Record<string, unknown> = { error: error.message, code: error.code };
  if (error.fields) body.fields = error.fields;
  const retry: Record<string, string> = error.retryAfter !== undefined ? { 'Retry-After': String(error.retryAfter) } : {};
  sendJson(res, HTTP_STATUS[error.code], body, { ...retry, ...headers });
}

function queryObject(url: URL): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const key of new Set(url.searchParams.keys())) {
    const all = url.searchParams.getAll(key);
    out[key] = all.length === 1 ? all[0]! : all;
  }
  return out;
}

/** Browser mode: the contract over HTTP on loopback, plus the built UI. */
export function createHttpServer(options: HttpServerOptions) {
  const { core } = options;
  const match = createRouter();
  let allowedHosts = new Set<string>();

  function allowHostsFor(port: number): void {
    const names = ['127.0.0.1', 'localhost', '[::1]', ...(options.extraHosts ?? [])];
    allowedHosts = new Set(names.map((h) => `${h}:${port}`.toLowerCase()));
  }

  async function handleApi(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const route = match(req.method ?? 'GET', url.pathname);
    if (route.kind === 'not_found') return sendError(res, { code: 'not_found', message: `No such endpoint: ${url.pathname}` });
    if (route.kind === 'method_not_allowed') {
      return sendError(
        res,
        { code: 'method_not_allowed', message: `${req.method} is not allowed here; use ${route.allow.join(' or ')}` },
        { Allow: route.allow.join(', ') },
      );
    }

    const op = contract[route.name];
    const body = op.method === 'POST' || op.method === 'PUT' ? await readJsonBody(req) : {};
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw new AppError('bad_request', 'The body must be a JSON object');
    }
    const raw = { ...(op.method === 'GET' || op.method === 'DELETE' ? queryObject(url) : {}), ...body, ...route.params };

    const token = readCookie(req.headers.cookie, SESSION_COOKIE);
    const setCookies: string[] = [];
    const found = await core.sessions.lookup(token);
    const ctx: RequestContext = {
      userId: found?.userId ?? null,
      sessionId: found?.sessionId ?? null,
      client: { address: req.socket.remoteAddress ?? null, agent: req.headers['user-agent']?.slice(0, 300) ?? null },
      session: {
        async signIn(userId) {
          await core.sessions.revoke(token); // a fresh token on every sign-in: no session fixation
          setCookies.push(sessionCookie(await core.sessions.create(userId, 'web', ctx.client?.agent)));
        },
        async signOut() {
          await core.sessions.revoke(token);
          setCookies.push(sessionCookie(null));
        },
      },
    };
    const result = await core.dispatch(route.name, raw, ctx);
    const headers: Record<string, string[]> = setCookies.length > 0 ? { 'Set-Cookie': setCookies } : {};
    if (result.ok) sendJson(res, op.status ?? 200, result.data, headers);
    else sendError(res, result.error, headers);
  }

  function handleStatic(req: IncomingMessage, res: ServerResponse, url: URL): void {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return sendError(res, { code: 'method_not_allowed', message: `${req.method} is not allowed here` }, { Allow: 'GET, HEAD' });
    }
    const file = options.staticDir ? pickStaticFile(options.staticDir, url.pathname) : null;
    if (!file) return sendError(res, { code: 'not_found', message: `Not found: ${url.pathname}` });
    const stat = fs.statSync(file);
    const immutable = url.pathname.startsWith('/assets/');
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      'Content-Security-Policy': CONTENT_SECURITY_POLICY,
      'Content-Type': contentType(file),
      'Content-Length': stat.size,
      'Cache-Control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
    });
    if (req.method === 'HEAD') return void res.end();
    fs.createReadStream(file).pipe(res);
  }

  const server = http.createServer((req, res) => {
    void (async () => {
      try {
        // A page on another site resolving its name to 127.0.0.1 (DNS rebinding) carries a foreign Host.
        if (!allowedHosts.has((req.headers.host ?? '').toLowerCase())) {
          throw new AppError('forbidden', 'Unknown Host header');
        }
        const url = new URL(req.url ?? '/', `http://${req.headers.host}`);
        if (STATE_CHANGING.has(req.method ?? '')) {
          const origin = req.headers.origin;
          const site = req.headers['sec-fetch-site'];
          const ownOrigin = origin !== undefined && allowedHosts.has(origin.replace(/^http:\/\//, '').toLowerCase()) && origin.startsWith('http://');
          if ((origin !== undefined && !ownOrigin) || site === 'cross-site' || site === 'same-site') {
            throw new AppError('forbidden', 'Cross-origin request refused');
          }
        }
        if (url.pathname === '/api' || url.pathname.startsWith('/api/')) await handleApi(req, res, url);
        else handleStatic(req, res, url);
      } catch (error) {
        if (res.headersSent) return void res.destroy();
        if (error instanceof AppError) return sendError(res, error.toValue());
        core.ports.logger.error('http request failed', { url: req.url, error: error instanceof Error ? error.stack : String(error) });
        sendError(res, { code: 'internal', message: 'Something went wrong on our side; the details are in the log.' });
      }
    })();
  });
  server.headersTimeout = 20_000;
  server.requestTimeout = 60_000;

  return {
    server,
    /** Listens and resolves with the base URL, e.g. http://127.0.0.1:5178. */
    listen(port: number, host = '127.0.0.1'): Promise<string> {
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          const actual = (server.address() as AddressInfo).port;
          allowHostsFor(actual);
          if (!['127.0.0.1', 'localhost', '::1'].includes(host)) allowedHosts.add(`${host}:${actual}`.toLowerCase());
          const shown = host.includes(':') ? `[${host}]` : host;
          resolve(`http://${shown}:${actual}`);
        });
      });
    },
    close(): Promise<void> {
      return new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
