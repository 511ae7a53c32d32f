import { contract, type HttpMethod, type OperationName } from '../../common/contract';

interface Route {
  name: OperationName;
  method: HttpMethod;
  pattern: RegExp;
  params: string[];
}

export type RouteMatch =
  | { kind: 'found'; name: OperationName; params: Record<string, string>; /** Params whose %-escapes cannot be decoded. */ malformed: string[] }
  | { kind: 'method_not_allowed'; allow: HttpMethod[] }
  | { kind: 'not_found' };

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function compile(name: OperationName, method: HttpMethod, path: string): Route {
  const params: string[] = [];
  const source = path
    .split('/')
    .map((segment) => {
      if (segment.startsWith(':')) {
        // ":token.ics": the name ends at the first non-word character; what follows is a literal suffix, as in
        // Fastify's own router.
        const [, param = '', suffix = ''] = /^:(\w+)(.*)$/.exec(segment) ?? [];
        params.push(param);
        return `([^/]+?)${escape(suffix)}`;
      }
      return escape(segment);
    })
    .join('/');
  return { name, method, pattern: new RegExp(`^${source}/?$`), params };
}

/**
 * The contract's routes, matched against a raw (undecoded) path. Fastify routes the requests;
 * this answers what its router cannot say: which methods a path allows (405 + Allow) and which
 * path parameter holds a malformed %-escape. Nothing here names an operation.
 */
export function createRouter() {
  const routes = (Object.keys(contract) as OperationName[]).map((name) => compile(name, contract[name].method, contract[name].path));

  return function match(method: string, pathname: string): RouteMatch {
    const allow: HttpMethod[] = [];
    for (const route of routes) {
      const m = route.pattern.exec(pathname);
      if (!m) continue;
      if (route.method !== method) {
        allow.push(route.method);
        continue;
      }
      const params: Record<string, string> = {};
      const malformed: string[] = [];
      route.params.forEach((param, i) => {
        const raw = m[i + 1] ?? '';
        try {
          params[param] = decodeURIComponent(raw);
        } catch {
          params[param] = raw;
          malformed.push(param);
        }
      });
      return { kind: 'found', name: route.name, params, malformed };
    }
    return allow.length > 0 ? { kind: 'method_not_allowed', allow } : { kind: 'not_found' };
  };
}
