import fs from 'node:fs';
import path from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

export function contentType(file: string): string {
  return TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
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
