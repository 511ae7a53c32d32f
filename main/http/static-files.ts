import fs from 'node:fs';
import path from 'node:path';
import mime from 'mime';

/** The Content-Type for a file, from the maintained `mime` table; text types are sent as UTF-8. */
export function contentType(file: string): string {
  const type = mime.getType(file);
  if (!type) return 'application/octet-stream';
  return type.startsWith('text/') ? `${type}; charset=utf-8` : type;
}

/**
 * Maps a URL path to a file inside root, or null. Refuses anything that would leave root
 * (`..`, encoded separators, absolute paths, NUL) instead of trying to clean it up.
 */
export function resolveStaticPath(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const segments = decoded.split('/').filter(Boolean);
  if (segments.some((s) => s === '..' || s === '.')) return null;
  const absoluteRoot = path.resolve(root);
  const candidate = path.resolve(absoluteRoot, ...segments);
  if (candidate !== absoluteRoot && !candidate.startsWith(absoluteRoot + path.sep)) return null;
  return candidate;
}

/** The file to serve for a GET: the asset itself, or index.html for app routes (no extension). */
export function pickStaticFile(root: string, urlPath: string): string | null {
  const resolved = resolveStaticPath(root, urlPath);
  if (!resolved) return null;
  try {
    if (fs.statSync(resolved).isFile()) return resolved;
  } catch {
    // fall through to the app shell
  }
  if (path.extname(resolved) === '') {
    const index = path.join(path.resolve(root), 'index.html');
    return fs.existsSync(index) ? index : null;
  }
  return null;
}

/** The build's precompressed copies of an asset (scripts/precompress.mjs), in the order they are preferred. */
const PRECOMPRESSED = [
  { encoding: 'br', suffix: '.br' },
  { encoding: 'gzip', suffix: '.gz' },
] as const;

export type PrecompressedEncoding = (typeof PRECOMPRESSED)[number]['encoding'];

/** The codings an Accept-Encoding header takes ("gzip, br;q=0.5, *;q=0"): each named with q > 0. */
export function acceptedEncodings(header: string | undefined): Set<string> {
  const accepted = new Set<string>();
  for (const part of (header ?? '').split(',')) {
    const [name = '', ...params] = part.split(';').map((s) => s.trim().toLowerCase());
    const q = params.find((p) => p.startsWith('q='));
    if (name && (q === undefined || Number(q.slice(2)) > 0)) accepted.add(name);
  }
  return accepted;
}

/** Which precompressed copy of `file` to send for this Accept-Encoding, or null (none fits, or none was built). */
export function precompressedFile(file: string, acceptEncoding: string | undefined): { file: string; encoding: PrecompressedEncoding } | null {
  const accepted = acceptedEncodings(acceptEncoding);
  for (const { encoding, suffix } of PRECOMPRESSED) {
    if (!accepted.has(encoding) && !accepted.has('*')) continue;
    if (fs.existsSync(file + suffix)) return { file: file + suffix, encoding };
  }
  return null;
}
