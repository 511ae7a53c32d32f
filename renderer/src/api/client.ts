import { routes } from 'virtual:contract-routes';
import type { InputOf, OperationName, OutputOf } from '../../../common/contract';
import type { SpendBridge } from '../../../common/bridge';
import { fileOfHttpAnswer, httpRequestOf, resultOfHttpAnswer } from '../../../common/contract/http-request';
import type { ErrorCode, ErrorValue, FieldErrors, Result } from '../../../common/errors';

export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly fields: FieldErrors;
  constructor(error: ErrorValue) {
    super(error.message);
    this.code = error.code;
    this.fields = error.fields ?? {};
  }
}

export type Transport = (name: OperationName, input: Record<string, unknown>) => Promise<Result<unknown>>;

/** Browser mode: the contract's method and path over fetch, session in an HttpOnly cookie. */
export function httpTransport(base = ''): Transport {
  return async (name, input) => {
    const op = routes[name];
    if (!op) return { ok: false, error: { code: 'internal', message: `The app does not know the operation "${name}"` } };
    const request = httpRequestOf(op, input);
    let response: Response;
    try {
      response = await fetch(base + request.target, {
        method: request.method,
        credentials: 'same-origin',
        headers: request.contentType === undefined ? {} : { 'Content-Type': request.contentType },
        body: request.body as BodyInit | undefined,
      });
    } catch {
      return { ok: false, error: { code: 'unavailable', message: 'Spend Manager is not reachable. Is it still running?' } };
    }
    // A download answers the file itself; its failures are JSON like any other answer.
    if (op.download && response.ok) {
      const bytes = new Uint8Array(await response.arrayBuffer());
      return { ok: true, data: fileOfHttpAnswer(op, response.headers.get('content-type'), response.headers.get('content-disposition'), bytes) };
    }
    const json: unknown = await response.json().catch(() => null);
    return resultOfHttpAnswer(response.status, json, response.headers.get('retry-after'));
  };
}

/** Desktop: the preload's named functions (window.spend). */
export function ipcTransport(bridge: SpendBridge): Transport {
  return (name, input) => (bridge[name] as (i: unknown) => Promise<Result<unknown>>)(input);
}

export type Api = <K extends OperationName>(name: K, input: InputOf<K>) => Promise<OutputOf<K>>;

export function createApi(transport: Transport): Api {
  return async (name, input) => {
    const result = await transport(name, (input ?? {}) as Record<string, unknown>);
    if (!result.ok) throw new ApiError(result.error);
    return result.data as OutputOf<typeof name>;
  };
}

declare global {
  interface Window {
    spend?: SpendBridge;
  }
}

export const bridge: SpendBridge | undefined = typeof window !== 'undefined' ? window.spend : undefined;
export const api: Api = createApi(bridge ? ipcTransport(bridge) : httpTransport());
