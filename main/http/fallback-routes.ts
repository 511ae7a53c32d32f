import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { SendOptions } from '@fastify/static';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { contract, type OperationName } from '../../common/contract';
import { CONTENT_SECURITY_POLICY } from '../../common/csp';
import { SESSION_COOKIE } from './cookies';
import { summarize } from '../../common/contract/validate';
import type { ErrorValue } from '../../common/errors';
import { sendError } from './replies';
import { isApiPath, rawPathOf } from './request-guards';
import { createRouter } from './router';
import { contentType, pickStaticFile, precompressedFile } from './static-files';

const IMMUTABLE = 'public, max-age=31536000, immutable';

// Type and caching are set here. A whole asset in one read (@fastify/send takes highWaterMark; @fastify/static
// passes it on without declaring it): fewer stream hops, which is most of the cost of compressing on the fly.
const SEND_OPTIONS: SendOptions & { highWaterMark: number } = { contentType: false, cacheControl: false, highWaterMark: 1024 * 1024 };

export interface Miss {
  error: ErrorValue;
  allow?: string[];
}

/**
 * Why no contract route took this request, from the raw path: an unknown path (404), a wrong
 * method (405 + Allow), or a path parameter that is not valid percent-encoding (400 naming it).
 */
export function createApiMiss() {
  const match = createRouter();
  return function apiMiss(method: string, rawPath: string): Miss {
    const route = match(method, rawPath);
    if (route.kind === 'method_not_allowed') {
      return { error: { code: 'method_not_allowed', message: `${method} is not allowed here; use ${route.allow.join(' or ')}` }, allow: route.allow };
    }
    if (route.kind === 'not_found') return { error: { code: 'not_found', message: `No such endpoint: ${rawPath}` } };
    if (route.malformed.length === 0) return { error: { code: 'bad_request', message: `This URL cannot be read: ${rawPath}` } };
    const fields = Object.fromEntries(route.malformed.map((name) => [name, 'Has a malformed %-escape (a % must start a valid UTF-8 escape like %20)']));
    return { error: { code: 'validation', message: summarize(fields), fields } };
  };
}

export function sendMiss(reply: FastifyReply, miss: Miss): FastifyReply {
  return sendError(reply, miss.error, miss.allow ? { allow: miss.allow.join(', ') } : {});
}

/**
 * The opening screen's heaviest read (the dashboard's numbers): the shell asks for it itself, so it travels while the
 * scripts load and evaluate instead of after (the app's own request for the URL then takes this answer). Only that
 * one: HTTP/1.1 gives a page six connections, and preloading the session, settings, workspaces and review summary
 * as well held the scripts back behind them (measured with `npm run bench -- ui`, 12 loads each: KPI numbers painted
 * 1k/10k at 360/332 ms with this one, 384/436 with all five, 448/364 with none). Only with a session cookie: without
 * one the app shows sign-in. The hash route is not sent to the server, so the dashboard (where the app opens) is assumed.
 */
const FIRST_READS: OperationName[] = ['dashboard.stats'];
const PRELOADS = FIRST_READS.map((name) => `<link rel="preload" as="fetch" crossorigin href="${contract[name].path}">`).join('');

const hasSession = (cookie: string | undefined) => cookie !== undefined && cookie.split(';').some((c) => c.trimStart().startsWith(`${SESSION_COOKIE}=`));

/**
 * The shell with its first reads preloaded when the caller has a session: last in its head, so its scripts are asked
 * for first (one thread answers both, and a script waiting behind the dashboard's numbers delays everything).
 */
function shellHtml(file: string, withSession: boolean): string {
  const html = fs.readFileSync(file, 'utf8');
  return withSession ? html.replace(/<\/head>/i, (end) => `${PRELOADS}${end}`) : html;
}

/**
 * The precompressed assets, read once and answered from memory: no file-system round trip (and no wait behind a
 * busy event loop between its steps) for the scripts the first screen is waiting on. They never change under their
 * hashed names; the build's whole set is well under a megabyte compressed, and a stray big file is streamed.
 */
const MAX_CACHED_ASSET = 2 * 1024 * 1024;
function createAssetCache() {
  const bytes = new Map<string, Buffer | null>();
  return (file: string): Buffer | null => {
    let cached = bytes.get(file);
    if (cached === undefined) {
      cached = fs.statSync(file).size <= MAX_CACHED_ASSET ? fs.readFileSync(file) : null;
      bytes.set(file, cached);
    }
    return cached;
  };
}

/** What a request no contract route took gets: a JSON 404/405 under /api, else the built UI. */
export function createFallback(staticDir: string | undefined, apiMiss: ReturnType<typeof createApiMiss>) {
  const root = staticDir ? path.resolve(staticDir) : undefined;
  const assets = root ? path.join(root, 'assets') + path.sep : undefined;
  const shell = root ? path.join(root, 'index.html') : undefined;
  const assetBytes = createAssetCache();

  return async function fallback(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
    const rawPath = rawPathOf(request.url);
    if (isApiPath(rawPath)) return sendMiss(reply, apiMiss(request.method, rawPath));
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return sendMiss(reply, { error: { code: 'method_not_allowed', message: `${request.method} is not allowed here` }, allow: ['GET', 'HEAD'] });
    }
    const file = root ? pickStaticFile(root, rawPath) : null;
    if (!root || !file) return sendMiss(reply, { error: { code: 'not_found', message: `Not found: ${rawPath}` } });
    // Hashed build output never changes under its name; the shell (index.html) must always be asked for again.
    const asset = assets !== undefined && file.startsWith(assets);
    // An asset the build compressed already goes out as it is (no compressing per answer); the rest is compressed on the fly.
    const variant = asset ? precompressedFile(file, request.headers['accept-encoding']) : null;
    reply.headers({
      'content-security-policy': CONTENT_SECURITY_POLICY,
      'content-type': contentType(file),
      'cache-control': asset ? IMMUTABLE : 'no-cache',
      ...(variant ? { 'content-encoding': variant.encoding, vary: 'accept-encoding' } : {}),
    });
    if (file === shell) {
      // Revalidated by its own bytes (they differ with a session), so a new build is picked up at once.
      const html = shellHtml(file, hasSession(request.headers.cookie));
      const etag = `"${createHash('sha256').update(html).digest('base64url').slice(0, 27)}"`;
      reply.header('etag', etag);
      return request.headers['if-none-match'] === etag ? reply.code(304).send() : reply.send(html);
    }
    const inMemory = variant ? assetBytes(variant.file) : null;
    if (inMemory) return reply.send(inMemory);
    return reply.sendFile(path.relative(root, variant?.file ?? file).split(path.sep).join('/'), root, SEND_OPTIONS);
  };
}
