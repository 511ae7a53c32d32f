import type { FastifyRequest } from 'fastify';
import { AppError } from '../../common/errors';
import type { PublicUrl } from '../config/public-url';

const STATE_CHANGING = new Set(['POST', 'PUT', 'DELETE', 'PATCH']);

/** The path part of a request target (origin- or absolute-form), still percent-encoded. */
export function rawPathOf(url: string): string {
  const origin = url.startsWith('/') ? url : url.replace(/^[a-z][a-z\d+.-]*:\/\/[^/?#]*/i, '') || '/';
  const end = origin.search(/[?#]/);
  return end === -1 ? origin : origin.slice(0, end);
}

export function isApiPath(rawPath: string): boolean {
  return rawPath === '/api' || rawPath.startsWith('/api/');
}

// `.` and `..` (also %2e-spelled) name nothing here: resolving them would let one path pose as another.
function hasDotSegment(rawPath: string): boolean {
  return rawPath.split('/').some((segment) => {
    const dots = segment.replace(/%2e/gi, '.');
    return dots === '.' || dots === '..';
  });
}

/** Host, Origin and Sec-Fetch-Site checks, then the path's shape; throws the refusal. */
export function createRequestGuard(allowedHosts: () => ReadonlySet<string>, publicUrl: PublicUrl | null = null) {
  return function guard(request: FastifyRequest): void {
    const hosts = allowedHosts();
    const host = (request.headers.host ?? '').toLowerCase();
    // A page on another site resolving its name to 127.0.0.1 (DNS rebinding) carries a foreign Host.
    if (!hosts.has(host) && host !== publicUrl?.host) throw new AppError('forbidden', 'Unknown Host header');
    if (STATE_CHANGING.has(request.method)) {
      const origin = request.headers.origin;
      const site = request.headers['sec-fetch-site'];
      const ownOrigin =
        origin !== undefined &&
        // The public name counts with its own scheme only: http://spend.example.com is not https://spend.example.com.
        (origin === publicUrl?.origin || (origin.startsWith('http://') && hosts.has(origin.slice('http://'.length).toLowerCase())));
      if ((origin !== undefined && !ownOrigin) || site === 'cross-site' || site === 'same-site') {
        throw new AppError('forbidden', 'Cross-origin request refused');
      }
    }
    const path = rawPathOf(request.url);
    if (hasDotSegment(path)) throw new AppError('not_found', `${isApiPath(path) ? 'No such endpoint' : 'Not found'}: ${path}`);
  };
}
