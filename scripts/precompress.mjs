// Brotli and gzip copies of the built UI's hashed scripts and style sheets, compressed once at the highest
// levels: browser mode sends them as they are (main/http/fallback-routes.ts) instead of compressing every answer.
import fs from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import zlib from 'node:zlib';

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);

/** Writes `<file>.br` and `<file>.gz` beside each .js and .css file in `dir`. */
export async function precompressAssets(dir) {
  const files = (await fs.readdir(dir)).filter((f) => /\.(js|css)$/.test(f));
  await Promise.all(
    files.map(async (f) => {
      const body = await fs.readFile(path.join(dir, f));
      const params = { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: body.length };
      await fs.writeFile(path.join(dir, `${f}.br`), await brotli(body, { params }));
      await fs.writeFile(path.join(dir, `${f}.gz`), await gzip(body, { level: 9 }));
    }),
  );
}
