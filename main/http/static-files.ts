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
