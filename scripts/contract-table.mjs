// The contract as the source defines it, for build steps (plain Node, no TypeScript loader): the
// preload's operation names and the renderer's route table are derived from it here.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build as esbuild } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export async function loadContract() {
  const out = await esbuild({
    entryPoints: [path.join(root, 'common/contract.ts')],
    bundle: true,
    format: 'esm',
    platform: 'node',
    write: false,
    logLevel: 'silent',
  });
  const url = `data:text/javascript;base64,${Buffer.from(out.outputFiles[0].text).toString('base64')}`;
  const { contract } = await import(url);
  return contract;
}

/** Each operation's HTTP method and path (and whether it sends or answers a file): all the renderer's HTTP client needs of the contract. */
export async function operationRoutes() {
  return Object.fromEntries(
    Object.entries(await loadContract()).map(([name, op]) => [
      name,
      { method: op.method, path: op.path, ...(op.upload ? { upload: { maxBytes: op.upload.maxBytes } } : {}), ...(op.download ? { download: op.download } : {}) },
    ]),
  );
}
