import type { AddressInfo } from 'node:net';
import fastifyCompress from '@fastify/compress';
import fastifyCookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import Fastify from 'fastify';
import type { PublicUrl } from '../config/public-url';
import type { Core } from '../core/create-core';
import { registerContractRoutes } from './api-routes';
import { sessionCookieOptions } from './cookies';
import { createApiMiss, createFallback, sendMiss } from './fallback-routes';
import { answerClientError, errorValueOf, SECURITY_HEADERS, sendError } from './replies';
import { createRequestGuard, isApiPath, rawPathOf } from './request-guards';
import { MAX_BODY_BYTES, parseQueryString, registerBodyParsers } from './request-input';

export interface HttpServerOptions {
  core: Core;
  /** Built renderer (index.html + assets); omit to serve the API only. */
  staticDir?: string;
  /** Extra host names this server may be reached by (besides 127.0.0.1, localhost, [::1]). */
  extraHosts?: string[];
  /** The origin browsers reach this server by through a load balancer or proxy (team server); its Host and Origin are accepted. */
  publicUrl?: PublicUrl | null;
  /** Proxies whose X-Forwarded-For names the client (for per-client throttles); none by default. */
  trustedProxies?: string[];
}

/** Browser mode: the contract over HTTP on loopback (Fastify), plus the built UI. */
export function createHttpServer(options: HttpServerOptions) {
  const { core } = options;
  let allowedHosts = new Set<string>();
  const publicUrl = options.publicUrl ?? null;
  const guard = createRequestGuard(() => allowedHosts, publicUrl);
  const apiMiss = createApiMiss();

  const app = Fastify({
    logger: false,
    // Without trusted proxies request.ip is the socket's peer; X-Forwarded-For from anyone else is ignored.
    trustProxy: options.trustedProxies && options.trustedProxies.length > 0 ? options.trustedProxies : false,
    bodyLimit: MAX_BODY_BYTES,
    // HEAD is answered for the UI's files only; on the API it is a 405 like any other undeclared method.
    exposeHeadRoutes: false,
    requestTimeout: 60_000,
    keepAliveTimeout: 5_000,
    forceCloseConnections: true,
    clientErrorHandler: answerClientError,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 16_384, querystringParser: parseQueryString },
    // Requests the router refuses before any hook runs (a malformed %-escape): same checks, same error shape.
    frameworkErrors(error, request, reply) {
      try {
        guard(request);
      } catch (refusal) {
        return sendError(reply, errorValueOf(refusal, core.ports.logger, request.url));
      }
      const rawPath = rawPathOf(request.url);
      if (error.code === 'FST_ERR_BAD_URL') {
        if (isApiPath(rawPath)) return sendMiss(reply, apiMiss(request.method, rawPath));
        return sendError(reply, { code: 'not_found', message: `Not found: ${rawPath}` });
      }
      return sendError(reply, errorValueOf(error, core.ports.logger, request.url));
    },
  });
  app.server.headersTimeout = 20_000;

  app.addHook('onRequest', async (request, reply) => {
    reply.headers(SECURITY_HEADERS);
    guard(request);
  });
  app.setErrorHandler((error, request, reply) => sendError(reply, errorValueOf(error, core.ports.logger, request.url)));
  registerBodyParsers(app);

  app.register(fastifyCookie);
  // Compression is for the UI's files only: API answers stay uncompressed (they carry secrets next to echoed input).
  // Large output chunks: a 1 MB bundle compresses in a few passes instead of one per 16 KB (zlib's default).
  const chunkSize = 256 * 1024;
  app.register(fastifyCompress, { global: false, globalDecompression: false, encodings: ['br', 'gzip'], brotliOptions: { chunkSize }, zlibOptions: { chunkSize } });
  if (options.staticDir) app.register(fastifyStatic, { serve: false, root: options.staticDir });
  app.register(async (routes) => {
    registerContractRoutes(routes, core, sessionCookieOptions(publicUrl?.secure ?? false));
    const fallback = createFallback(options.staticDir, apiMiss);
    routes.route({ method: ['GET', 'HEAD'], url: '/*', compress: {}, handler: fallback });
    routes.setNotFoundHandler(fallback);
  });

  const server = app.server;
  return {
    server,
    /** Listens and resolves with the base URL, e.g. http://127.0.0.1:5178. */
    async listen(port: number, host = '127.0.0.1'): Promise<string> {
      await app.ready();
      await new Promise<void>((resolve, reject) => {
        // Both listeners go when either fires: a taken port can be retried on the same server.
        const onError = (error: Error) => {
          server.off('listening', onListening);
          reject(error);
        };
        const onListening = () => {
          server.off('error', onError);
          resolve();
        };
        server.once('error', onError);
        server.once('listening', onListening);
        server.listen(port, host);
      });
      const actual = (server.address() as AddressInfo).port;
      const names = ['127.0.0.1', 'localhost', '[::1]', ...(options.extraHosts ?? [])];
      if (!['127.0.0.1', 'localhost', '::1'].includes(host)) names.push(host);
      allowedHosts = new Set(names.map((h) => `${h}:${actual}`.toLowerCase()));
      const shown = host.includes(':') ? `[${host}]` : host;
      return `http://${shown}:${actual}`;
    },
    async close(): Promise<void> {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await app.close();
    },
  };
}
