// `node dist/main/serve.cjs`: runs the browser-mode server's bundle (serve-app.cjs, built from main/serve.ts)
// from V8's code cache when it has one (main/boot/code-cache.ts). SPEND_MANAGER_CODE_CACHE_DIR chooses the
// cache folder; set it empty to compile from source every time.
import path from 'node:path';
import { runBundle, userCacheDir } from './code-cache';
import { keepHeapNearLiveSet } from './heap-budget';

keepHeapNearLiveSet();
const chosen = process.env.SPEND_MANAGER_CODE_CACHE_DIR;
runBundle({
  file: path.join(__dirname, 'serve-app.cjs'),
  cacheDir: chosen === undefined ? userCacheDir() : chosen.trim() || null,
  onSaveError: (error) => console.warn(`Spend Manager could not save its code cache (the next start compiles again): ${error.message}`),
});
