import fastifyMultipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { contract, OPERATION_NAMES, type OperationName } from '../../common/contract';
import { fileTooLarge, UPLOAD_FIELD, type FileOut } from '../../common/contract/files';
import { summarize } from '../../common/contract/validate';
import { AppError } from '../../common/errors';
import type { RequestContext } from '../core/context';
import type { Core } from '../core/create-core';
import type { CookieSerializeOptions } from '@fastify/cookie';
import { SESSION_COOKIE } from './cookies';
import { errorValueOf, sendError, sendFile, sendJson } from './replies';
import { refuseMalformedQuery, refusePrototypeKeys } from './request-input';

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Fields sent where this route does not read them: refused by name, never dropped silently. */
function refuseMisplaced(names: string[], where: string): void {
  if (names.length === 0) return;
  const errors = Object.fromEntries(names.map((key) => [key, where]));
  throw new AppError('validation', summarize(errors), errors);
}

/** What the door receives: query (GET/DELETE) or JSON body (POST/PUT), then the path params. */
function rawInput(name: OperationName, request: FastifyRequest): Record<string, unknown> {
  const { method } = contract[name];
  const takesBody = method === 'POST' || method === 'PUT';
  const query = request.query as Record<string, unknown>;
  refuseMalformedQuery(query);
  // Fastify never reads a GET's body: one that was sent is refused rather than ignored.
  const unreadBody = method === 'GET' && (Number(request.headers['content-length'] ?? 0) > 0 || request.headers['transfer-encoding'] !== undefined);
  if (unreadBody) throw new AppError('bad_request', 'A GET request takes no body; send its fields in the query string');
  // No body at all is no fields; a JSON `null` is a value, and no object of fields.
  const body = request.body === undefined ? {} : request.body;
  if (!isPlainObject(body)) throw new AppError('bad_request', 'The body must be a JSON object');
  if (takesBody) refuseMisplaced(Object.keys(query), `${method} reads its fields from the JSON body, not the query string`);
  else refuseMisplaced(Object.keys(body), `${method} reads its fields from the query string; it takes no body`);
  const fields = takesBody ? body : query;
  const params = request.params as Record<string, string>;
  // A path parameter sent again with another value would be overwritten by the path's without a word.
  const repeated = Object.keys(params).filter((key) => Object.hasOwn(fields, key) && String(fields[key]) !== params[key]);
  refuseMisplaced(repeated, `Is given by the path (${contract[name].path}); leave it out of the ${takesBody ? 'body' : 'query string'} or send the same value`);
  const raw = { ...fields, ...params };
  refusePrototypeKeys(raw);
  return raw;
}

async function requestContext(core: Core, request: FastifyRequest, reply: FastifyReply, cookie: CookieSerializeOptions): Promise<RequestContext> {
  const token = request.cookies[SESSION_COOKIE] || null;
  const found = await core.sessions.lookup(token);
  // request.ip: the socket's peer, or X-Forwarded-For's client when the peer is a trusted proxy.
  const client = { address: request.ip || null, agent: request.headers['user-agent']?.slice(0, 300) ?? null };
  return {
    userId: found?.userId ?? null,
    sessionId: found?.sessionId ?? null,
    client,
    session: {
      async signIn(userId) {
        await core.sessions.revoke(token); // a fresh token on every sign-in: no session fixation
        reply.setCookie(SESSION_COOKIE, await core.sessions.create(userId, 'web', client.agent), cookie);
      },
      async signOut() {
        await core.sessions.revoke(token);
        reply.clearCookie(SESSION_COOKIE, cookie);
      },
    },
  };
}

function takesName(name: OperationName): boolean {
  const shape = (contract[name].input as { shape?: Record<string, unknown> }).shape;
  return shape !== undefined && Object.hasOwn(shape, 'name');
}

/** An upload's input: the file from the body (raw, or its one multipart part), the rest from the query string and path. */
async function uploadInput(name: OperationName, maxBytes: number, request: FastifyRequest): Promise<Record<string, unknown>> {
  const query = request.query as Record<string, unknown>;
  refuseMalformedQuery(query);
  const fields: Record<string, unknown> = { ...query };
  let file: Uint8Array | undefined;
  if (request.isMultipart()) {
    // A part over the limit makes toBuffer throw FST_REQ_FILE_TOO_LARGE (the scope's error handler words it).
    const part = await request.file({ limits: { fileSize: maxBytes } });
    if (part) {
      for (const field of Object.values(part.fields)) {
        const one = Array.isArray(field) ? field[0] : field;
        if (one && one.type === 'field' && one.fieldname !== UPLOAD_FIELD) fields[one.fieldname] = one.value;
      }
      file = await part.toBuffer();
      // The part's file name is the file's name where the operation takes one (an import remembers it).
      if (part.filename && !Object.hasOwn(fields, 'name') && takesName(name)) fields.name = part.filename;
    }
  } else if (Buffer.isBuffer(request.body) && request.body.length > 0) {
    file = request.body;
  }
  if (Object.hasOwn(fields, UPLOAD_FIELD)) refuseMisplaced([UPLOAD_FIELD], 'The file is the request body (or a multipart part), not a field of the query string');
  const params = request.params as Record<string, string>;
  const repeated = Object.keys(params).filter((key) => Object.hasOwn(fields, key) && String(fields[key]) !== params[key]);
  refuseMisplaced(repeated, `Is given by the path (${contract[name].path}); leave it out of the query string or send the same value`);
  const raw = { ...fields, ...params, ...(file ? { [UPLOAD_FIELD]: file } : {}) };
  refusePrototypeKeys(raw);
  return raw;
}

function registerOperation(app: FastifyInstance, name: OperationName, core: Core, cookie: CookieSerializeOptions): void {
  const op = contract[name];
  app.route({
    method: op.method,
    url: op.path,
    ...(op.upload ? { bodyLimit: op.upload.maxBytes, config: { uploadLimit: op.upload.maxBytes } } : {}),
    async handler(request, reply) {
      const raw = op.upload ? await uploadInput(name, op.upload.maxBytes, request) : rawInput(name, request);
      const result = await core.dispatch(name, raw, await requestContext(core, request, reply, cookie));
      if (!result.ok) return sendError(reply, result.error);
      if (op.download) return sendFile(reply, op.status ?? 200, op.download, result.data as FileOut);
      return sendJson(reply, op.status ?? 200, result.data);
    },
  });
}

const TOO_LARGE = new Set(['FST_ERR_CTP_BODY_TOO_LARGE', 'FST_REQ_FILE_TOO_LARGE']);

/**
 * Uploads live in a scope of their own: any Content-Type is the file's bytes (a Wallos export is JSON, and
 * still a file), multipart/form-data gives its one file part, and the limit in a refusal is the route's.
 */
async function registerUploads(scope: FastifyInstance, names: OperationName[], core: Core, cookie: CookieSerializeOptions): Promise<void> {
  scope.removeAllContentTypeParsers();
  await scope.register(fastifyMultipart, { limits: { files: 1, fields: 20, fieldSize: 64 * 1024, parts: 21, headerPairs: 100 } });
  scope.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, buffer, done) => done(null, buffer));
  scope.setErrorHandler((error, request, reply) => {
    const code = (error as { code?: unknown }).code;
    const limit = (request.routeOptions.config as { uploadLimit?: number }).uploadLimit;
    if (typeof code === 'string' && TOO_LARGE.has(code) && limit !== undefined) return sendError(reply, { code: 'payload_too_large', message: fileTooLarge(limit) });
    return sendError(reply, errorValueOf(error, core.ports.logger, request.url));
  });
  for (const name of names) registerOperation(scope, name, core, cookie);
}

/** One route per contract operation (its method and path), each through the same door. */
export function registerContractRoutes(app: FastifyInstance, core: Core, cookie: CookieSerializeOptions): void {
  const uploads = OPERATION_NAMES.filter((name) => contract[name].upload);
  for (const name of OPERATION_NAMES) if (!contract[name].upload) registerOperation(app, name, core, cookie);
  if (uploads.length > 0) app.register((scope) => registerUploads(scope, uploads, core, cookie));
}
