import { routes } from 'virtual:contract-routes';
import type { InputOf, OperationName, OutputOf } from '../../../common/contract';
import type { SpendBridge } from '../../../common/bridge';
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

function toQuery(values: Record<string, unknown>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(values)) {
    if (value === undefined || value === null) continue;
    for (const v of Array.isArray(value) ? value : [value]) params.append(key, String(v));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** Browser mode: the contract's method and path over fetch, session in an HttpOnly cookie. */
export function httpTransport(base = ''): Transport {
  return async (name, input) => {
    const op = routes[name];
    if (!op) return { ok: false, error: { code: 'internal', message: `The app does not know the operation "${name}"` } };
    const rest: Record<string, unknown> = { ...input };
    const path = op.path.replace(/:(\w+)/g, (_, key: string) => {
      const value = rest[key];
      delete rest[key];
      return encodeURIComponent(String(value));
    });
    const hasBody = op.method === 'POST' || op.method === 'PUT';
    let response: Response;
    try {
      response = await fetch(base + path + (hasBody ? '' : toQuery(rest)), {
        method: op.method,
        credentials: 'same-origin',
        headers: hasBody ? { 'Content-Type': 'application/json' } : {},
        body: hasBody ? JSON.stringify(rest) : undefined,
      });
    } catch {
      return { ok: false, error: { code: 'unavailable', message: 'Spend Manager is not reachable. Is it still running?' } };
    }
    const json = (await response.json().catch(() => null)) as Record<string, unknown> | null;
    if (response.ok) return { ok: true, data: json };
    return {
      ok: false,
      error: {
        code: (json?.code as ErrorCode) ?? 'internal',
        message: typeof json?.error === 'string' ? json.error : `The request failed (HTTP ${response.status})`,
        fields: (json?.fields as FieldErrors) ?? undefined,
      },
    };
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
