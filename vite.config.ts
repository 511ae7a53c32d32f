import react from '@vitejs/plugin-react';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import { CONTENT_SECURITY_POLICY } from './common/csp.ts';
import { operationRoutes } from './scripts/contract-table.mjs';
import { analyzeBundle, budgetProblems, type BundleChunk } from './scripts/renderer-budget.ts';

// frame-ancestors is ignored (with a console warning) in a <meta> policy; the headers carry it.
const metaPolicy = CONTENT_SECURITY_POLICY.split('; ')
  .filter((d) => !d.startsWith('frame-ancestors'))
  .join('; ');

function contentSecurityPolicy(): Plugin {
  return {
    name: 'spend-csp',
    transformIndexHtml: (html) => html.replace('%SPEND_CSP%', metaPolicy),
  };
}

const ROUTES_ID = 'virtual:contract-routes';

/**
 * Each operation's HTTP method and path, read from the contract at build time: the renderer's client
 * needs only these, not the contract's zod schemas (which would put zod in the first chunk).
 */
function contractRoutes(): Plugin {
  return {
    name: 'spend-contract-routes',
    resolveId: (id) => (id === ROUTES_ID ? `\0${ROUTES_ID}` : undefined),
    load: async (id) => (id === `\0${ROUTES_ID}` ? `export const routes = ${JSON.stringify(await operationRoutes())};` : undefined),
  };
}

/**
 * Fails a production build when the first screen's JS grows past its budget or takes in charts or zod.
 * (Other builds, such as tests' under NODE_ENV=test, carry React's development code and are not measured.)
 */
function rendererBudget(): Plugin {
  let production = false;
  return {
    name: 'spend-renderer-budget',
    apply: 'build',
    configResolved(config) {
      production = config.isProduction;
    },
    generateBundle(_options, bundle) {
      if (!production) return;
      const chunks = Object.values(bundle).filter((o): o is Extract<typeof o, { type: 'chunk' }> => o.type === 'chunk') as unknown as BundleChunk[];
      const problems = budgetProblems(analyzeBundle(chunks, path.dirname(fileURLToPath(import.meta.url))));
      if (problems.length > 0) this.error(`renderer budget: ${problems.join('; ')}`);
    },
  };
}

export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react(), contentSecurityPolicy(), contractRoutes(), rendererBudget()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    target: 'es2022',
    // No inline scripts or styles: the CSP forbids them.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    chunkSizeWarningLimit: 1500,
  },
});
