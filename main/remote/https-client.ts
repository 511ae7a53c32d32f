import http from 'node:http';
import https from 'node:https';
import tls from 'node:tls';
import type { HttpRequestShape } from '../../common/contract/http-request';

// One request to a team server: certificate verified against the system's CAs (or the given CA), a time
// limit for the whole exchange, a size limit for the answer. Errors are thrown as RemoteFailure.

export const DEFAULT_TIMEOUT_MS = 30_000;
const MAX_ANSWER_BYTES = 16 * 1024 * 1024;

export interface HttpsClientOptions {
  origin: URL;
  /** PEM certificate(s) of a CA to trust besides the system's (a team server with its own CA). */
  ca?: string | Buffer;
  timeoutMs?: number;
  userAgent: string;
}

export interface RawAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  /** The body as received (a download's file). */
  bytes: Buffer;
}

export type RemoteFailureKind = 'unreachable' | 'timeout' | 'certificate' | 'too_large';

export class RemoteFailure extends Error {
  constructor(
    readonly kind: RemoteFailureKind,
    message: string,
  ) {
    super(message);
  }
}

const CERTIFICATE_CODES = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER|ERR_TLS_CERT_ALTNAME_INVALID|DEPTH_ZERO/;

function failureOf(error: NodeJS.ErrnoException, origin: URL): RemoteFailure {
  const code = error.code ?? '';
  if (CERTIFICATE_CODES.test(code)) {
    return new RemoteFailure('certificate', `The certificate of ${origin.host} is not trusted (${error.message}); if the team server has its own CA, give its CA file`);
  }
  const why: Record<string, string> = {
    ECONNREFUSED: 'nothing is listening there',
    ENOTFOUND: 'no such host name',
    EAI_AGAIN: 'the host name could not be looked up',
    ECONNRESET: 'the connection was closed',
    EHOSTUNREACH: 'the network cannot reach it',
    ENETUNREACH: 'the network cannot reach it',
  };
  return new RemoteFailure('unreachable', `${origin.host} cannot be reached: ${why[code] ?? error.message}${code && why[code] ? ` (${code})` : ''}`);
}

export interface HttpsClient {
  send(request: HttpRequestShape, headers: Record<string, string>): Promise<RawAnswer>;
  close(): void;
}

export function createHttpsClient(options: HttpsClientOptions): HttpsClient {
  const secure = options.origin.protocol === 'https:';
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  // One connection pool per server; certificate checks stay on (Node's default). A given `ca` would replace
  // Node's roots, so they are passed along with it: the CA adds to what is trusted.
  const agent = secure
    ? new https.Agent({ keepAlive: true, maxSockets: 8, ...(options.ca ? { ca: [...tls.rootCertificates, options.ca.toString()] } : {}) })
    : new http.Agent({ keepAlive: true, maxSockets: 8 });

  return {
    send(request, headers) {
      return new Promise<RawAnswer>((resolve, reject) => {
        const url = new URL(request.target, options.origin);
        const body = request.body === undefined ? undefined : typeof request.body === 'string' ? Buffer.from(request.body, 'utf8') : Buffer.from(request.body);
        const req = (secure ? https : http).request(url, {
          method: request.method,
          agent,
          headers: {
            accept: 'application/json',
            'user-agent': options.userAgent,
            ...(body ? { 'content-type': request.contentType ?? 'application/json', 'content-length': String(body.length) } : {}),
            ...headers,
          },
        });
        const timer = setTimeout(() => req.destroy(new RemoteFailure('timeout', `${options.origin.host} did not answer within ${timeoutMs < 1000 ? `${timeoutMs} ms` : `${Math.round(timeoutMs / 1000)} s`}`)), timeoutMs);
        const fail = (error: Error) => {
          clearTimeout(timer);
          reject(error instanceof RemoteFailure ? error : failureOf(error as NodeJS.ErrnoException, options.origin));
        };
        req.on('error', fail);
        req.on('response', (res) => {
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size > MAX_ANSWER_BYTES) req.destroy(new RemoteFailure('too_large', `${options.origin.host} answered more than 16 MB`));
            else chunks.push(chunk);
          });
          res.on('error', fail);
          res.on('end', () => {
            clearTimeout(timer);
            const bytes = Buffer.concat(chunks);
            resolve({ status: res.statusCode ?? 0, headers: res.headers, text: bytes.toString('utf8'), bytes });
          });
        });
        req.end(body);
      });
    },
    close() {
      agent.destroy();
    },
  };
}
