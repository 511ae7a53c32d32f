import path from 'node:path';
import { build, type Rolldown } from 'vite';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeBundle, BUDGET, budgetProblems, DASHBOARD_LAZY_MODULES, packageOf, type BundleChunk } from '../../scripts/renderer-budget';

const ROOT = path.resolve(__dirname, '../..');
const chunk = (fileName: string, over: Partial<BundleChunk> = {}): BundleChunk => ({ fileName, isEntry: false, facadeModuleId: null, imports: [], moduleIds: [], code: 'x', ...over });
const mod = (pkg: string) => `${ROOT}/node_modules/${pkg}/dist/index.js`;
const charts = chunk('assets/DashboardCharts.js', { facadeModuleId: `${ROOT}/${DASHBOARD_LAZY_MODULES[0]}` });
// Random text of 90 symbols barely compresses: `kb` KB of it gzip to about 0.8 × `kb` KB.
const incompressible = (kb: number) => Array.from({ length: kb * 1024 }, () => String.fromCharCode(33 + Math.floor(Math.random() * 90))).join('');

describe('the renderer budget check', () => {
  it('names recharts, d3 and zod found in the entry chunk or a chunk it imports statically', () => {
    const vendor = chunk('assets/vendor.js', { moduleIds: [mod('zod'), mod('d3-shape'), mod('react')] });
    const entry = chunk('assets/index.js', { isEntry: true, imports: ['assets/vendor.js'], moduleIds: [mod('recharts'), `${ROOT}/renderer/src/main.tsx`] });
    const report = analyzeBundle([entry, vendor, charts], ROOT);
    expect(report.forbiddenInInitial).toEqual(['d3-shape', 'recharts', 'zod']);
    expect(budgetProblems(report)).toEqual(['the initial JS contains d3-shape, recharts, zod: import it from a lazy chunk (React.lazy or import())']);
  });

  it('passes charts and zod in lazy chunks, and counts the charts chunk in the dashboard route only', () => {
    const entry = chunk('assets/index.js', { isEntry: true, moduleIds: [mod('react-dom')] });
    const lazyCharts = { ...charts, moduleIds: [mod('recharts')], imports: ['assets/shared.js'] };
    const shared = chunk('assets/shared.js', { moduleIds: [mod('d3-scale')] });
    const settings = chunk('assets/SettingsScreen.js', { moduleIds: [mod('zod')] });
    const report = analyzeBundle([entry, lazyCharts, shared, settings], ROOT);
    expect(report.forbiddenInInitial).toEqual([]);
    expect(report.initial.files).toEqual(['assets/index.js']);
    expect(report.dashboardRoute.files.sort()).toEqual(['assets/DashboardCharts.js', 'assets/index.js', 'assets/shared.js']);
    expect(budgetProblems(report)).toEqual([]);
  });

  it('refuses an initial JS over its gzipped budget, and charts bundled into the entry instead of their own chunk', () => {
    const entry = chunk('assets/index.js', { isEntry: true, code: incompressible(200) });
    const problems = budgetProblems(analyzeBundle([entry], ROOT));
    expect(problems).toHaveLength(2);
    expect(problems[0]).toBe(`${DASHBOARD_LAZY_MODULES[0]} is not a lazy chunk of its own: the dashboard must load it with import()`);
    expect(problems[1]).toMatch(new RegExp(`^the initial JS is 1\\d\\d\\.\\d KB gzipped, over its budget of ${BUDGET.initialGzipKb} KB`));
  });

  it('reads package names from module ids, scoped ones included', () => {
    expect(packageOf('/p/node_modules/@tanstack/react-query/build/modern/index.js')).toBe('@tanstack/react-query');
    expect(packageOf('/p/node_modules/a/node_modules/zod/v4/index.js')).toBe('zod');
    expect(packageOf('/p/renderer/src/main.tsx')).toBeNull();
  });
});

describe('the production renderer build', () => {
  let chunks: BundleChunk[];
  beforeAll(async () => {
    // What scripts/build.mjs ships: React's production build (vitest itself runs with NODE_ENV=test).
    const before = process.env.NODE_ENV;
    process.env.NODE_ENV = 'production';
    try {
      const out = (await build({ configFile: path.join(ROOT, 'vite.config.ts'), logLevel: 'silent', build: { write: false } })) as Rolldown.RolldownOutput;
      chunks = out.output.filter((o): o is Rolldown.OutputChunk => o.type === 'chunk') as unknown as BundleChunk[];
    } finally {
      process.env.NODE_ENV = before;
    }
  }, 180_000);

  it('keeps recharts and zod out of the first screen\'s JS, within its gzipped budgets', () => {
    const report = analyzeBundle(chunks, ROOT);
    expect(report.forbiddenInInitial).toEqual([]);
    expect(report.missingLazy).toEqual([]);
    expect(report.initial.gzipBytes).toBeLessThanOrEqual(BUDGET.initialGzipKb * 1024);
    expect(report.dashboardRoute.gzipBytes).toBeLessThanOrEqual(BUDGET.dashboardRouteGzipKb * 1024);
    expect(budgetProblems(report)).toEqual([]);
  });

  it('builds Subscriptions, Reminders, Settings and the register form as chunks of their own, outside the first screen\'s JS', () => {
    const report = analyzeBundle(chunks, ROOT);
    const facades = chunks.filter((c) => !c.isEntry).map((c) => path.relative(ROOT, c.facadeModuleId ?? ''));
    for (const lazy of ['features/subscriptions/SubscriptionsScreen.tsx', 'features/reminders/RemindersScreen.tsx', 'features/settings/SettingsScreen.tsx', 'features/auth/RegisterForm.tsx']) {
      const file = chunks.find((c) => path.relative(ROOT, c.facadeModuleId ?? '') === `renderer/src/${lazy}`)?.fileName;
      expect(file, `${lazy} among ${facades.join(', ')}`).toBeDefined();
      expect(report.initial.files).not.toContain(file);
    }
  });
});
