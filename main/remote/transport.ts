import { contract, type InputOf, type OperationName, type OutputOf } from '../../common/contract';
import { fileOfHttpAnswer, httpRequestOf, resultOfHttpAnswer } from '../../common/contract/http-request';
import type { ErrorValue, Result } from '../../common/errors';
import { SESSION_COOKIE } from '../http/cookies';
import { DESKTOP_DEVICE } from '../services/device-label';
import { createHttpsClient, RemoteFailure, type RawAnswer } from './https-client';
import { parseServerAddress } from './server-address';

// The third transport (after IPC and HTTP): any contract operation, relayed to a team server as its HTTP
// method and path, answered as the same Result the in-process door gives. Nothing here names an operation.

export interface RemoteTransportOptions {
  /** https://spend.example.com (http:// only for 127.0.0.1 or localhost). */
  baseUrl: string;
  /** The session token from an earlier sign-in; null: signed out. */
  token?: string | null;
  /** PEM of the CA that signed the server's certificate, when it is not one the system trusts. */
  ca?: string | Buffer;
  timeoutMs?: number;
  /** The server started or ended the session (sign-in, sign-out): the new token, or null. */
  onToken?: (token: string | null) => void;
}

export interface RemoteTransport {
  readonly origin: string;
  /** Untrusted names and input (the window's IPC calls), like the in-process dispatch. */
  dispatch(name: string, input: unknown): Promise<Result<unknown>>;
  invoke<K extends OperationName>(name: K, input: InputOf<K>): Promise<Result<OutputOf<K>>>;
  token(): string | null;
  close(): void;
}

/** The session cookie a response sets: its token, null when it clears it, undefined when it says nothing of it. */
function sessionFrom(headers: RawAnswer['headers']): string | null | undefined {
  for (const line of headers['set-cookie'] ?? []) {
    const [pair = ''] = line.split(';');
    const at = pair.indexOf('=');
    if (pair.slice(0, at).trim() !== SESSION_COOKIE) continue;
    const value = pair.slice(at + 1).trim();
    const expired = /;\s*max-age=0\b/i.test(line) || /;\s*expires=Thu, 01 Jan 1970/i.test(line);
    return value === '' || expired ? null : decodeURIComponent(value);
  }
  return undefined;
}

const isJson = (headers: RawAnswer['headers']) => /^application\/json\b/i.test(headers['content-type'] ?? '');

export function createRemoteTransport(options: RemoteTransportOptions): RemoteTransport {
  const origin = parseServerAddress(options.baseUrl);
  const client = createHttpsClient({ origin, ...(options.ca ? { ca: options.ca } : {}), ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}), userAgent: DESKTOP_DEVICE });
  let token = options.token ?? null;
  const where = `The team server at ${origin.origin}`;
  const failure = (code: ErrorValue['code'], message: string): Result<never> => ({ ok: false, error: { code, message } });

  async function dispatch(name: string, input: unknown): Promise<Result<unknown>> {
    if (!Object.hasOwn(contract, name)) return failure('not_found', `Unknown operation "${name}"`);
    const op = contract[name as OperationName];
    const fields = input === undefined || input === null ? {} : input;
    if (typeof fields !== 'object' || Array.isArray(fields)) {
      const message = 'The input must be an object of named fields, like { "name": "Figma" }';
      return { ok: false, error: { code: 'validation', message, fields: { _: message } } };
    }
    const request = httpRequestOf(op, fields as Record<string, unknown>);
    let answer: RawAnswer;
    try {
      answer = await client.send(request, token ? { cookie: `${SESSION_COOKIE}=${encodeURIComponent(token)}` } : {});
    } catch (error) {
      if (error instanceof RemoteFailure) return failure('unavailable', `${where} is not reachable: ${error.message}`);
      throw error;
    }
    const session = sessionFrom(answer.headers);
    if (session !== undefined && session !== token) {
      token = session;
      options.onToken?.(session);
    }
    if (answer.status >= 300 && answer.status < 400) {
      return failure('bad_gateway', `${where} answered with a redirect to ${answer.headers.location ?? 'another address'}; enter the address it finally answers at`);
    }
    // A download answers the file itself; its failures are JSON like any other.
    if (op.download && answer.status >= 200 && answer.status < 300) {
      return { ok: true, data: fileOfHttpAnswer(op, answer.headers['content-type'], answer.headers['content-disposition'], new Uint8Array(answer.bytes)) };
    }
    let json: unknown;
    try {
      json = isJson(answer.headers) ? JSON.parse(answer.text) : undefined;
    } catch {
      json = undefined;
    }
    if (json === undefined) {
      return failure('bad_gateway', `${where} answered something that is not Spend Manager (HTTP ${answer.status}, ${answer.headers['content-type'] ?? 'no content type'}); check the address`);
    }
    const result = resultOfHttpAnswer(answer.status, json, typeof answer.headers['retry-after'] === 'string' ? answer.headers['retry-after'] : null);
    // The server's router knows no such route: it is older than this app's contract.
    if (!result.ok && (answer.status === 404 || answer.status === 405) && /^No such endpoint|is not allowed here/.test(result.error.message) && !result.error.fields) {
      return failure('bad_gateway', `${where} runs an older version of Spend Manager that cannot ${op.summary.charAt(0).toLowerCase()}${op.summary.slice(1).split(/[;(]/)[0]!.trim()} (${op.method} ${op.path}); update the server`);
    }
    return result;
  }

  return {
    origin: origin.origin,
    dispatch,
    invoke: <K extends OperationName>(name: K, input: InputOf<K>) => dispatch(name, input) as Promise<Result<OutputOf<K>>>,
    token: () => token,
    close: () => client.close(),
  };
}
