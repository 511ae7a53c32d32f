// What the renderer's first screen costs to download, from the bundle Vite writes: the initial JS (the
// entry chunk and every chunk it imports statically, which index.html preloads) and the dashboard
// route (the initial JS plus the lazy chunks the dashboard loads). The build fails when either is over
// its budget, or when the initial JS holds the charting library or zod (vite.config.ts runs the check).
import zlib from 'node:zlib';

export const BUDGET = {
  initialGzipKb: 120,
  dashboardRouteGzipKb: 250,
};

/** Packages that belong to lazy chunks only: charts (recharts and the d3 code under it) and zod's parsers. */
export const NOT_IN_INITIAL = ['recharts', 'victory-vendor', 'd3-*', 'zod'];

/** Modules the dashboard imports lazily; each must be its own chunk, counted in the route. */
export const DASHBOARD_LAZY_MODULES = ['renderer/src/features/dashboard/DashboardCharts.tsx'];

/** The parts of a Rollup/Rolldown output chunk this needs. */
export interface BundleChunk {
  fileName: string;
  isEntry: boolean;
  facadeModuleId: string | null;
  imports: string[];
  moduleIds: string[];
  code: string;
}

export interface ChunkSet {
  files: string[];
  gzipBytes: number;
}

export interface BundleReport {
  initial: ChunkSet;
  dashboardRoute: ChunkSet;
  /** Packages from NOT_IN_INITIAL found in the initial JS. */
  forbiddenInInitial: string[];
  /** DASHBOARD_LAZY_MODULES that are no chunk of their own (bundled into another). */
  missingLazy: string[];
}

/** "…/node_modules/@scope/name/dist/x.js" → "@scope/name"; null outside node_modules. */
export function packageOf(moduleId: string): string | null {
  const at = moduleId.replace(/\\/g, '/').lastIndexOf('/node_modules/');
  if (at === -1) return null;
  const [first, second] = moduleId.slice(at + '/node_modules/'.length).split('/');
  return first?.startsWith('@') ? `${first}/${second}` : (first ?? null);
}

const matches = (pkg: string, pattern: string): boolean => (pattern.endsWith('*') ? pkg.startsWith(pattern.slice(0, -1)) : pkg === pattern);

export function analyzeBundle(chunks: BundleChunk[], root: string): BundleReport {
  const byFile = new Map(chunks.map((c) => [c.fileName, c]));
  const gzip = new Map(chunks.map((c) => [c.fileName, zlib.gzipSync(c.code, { level: 9 }).length]));
  const closure = (starts: BundleChunk[]): BundleChunk[] => {
    const seen = new Map<string, BundleChunk>();
    const visit = (c: BundleChunk) => {
      if (seen.has(c.fileName)) return;
      seen.set(c.fileName, c);
      for (const f of c.imports) {
        const next = byFile.get(f);
        if (next) visit(next);
      }
    };
    starts.forEach(visit);
    return [...seen.values()];
  };
  const set = (cs: BundleChunk[]): ChunkSet => ({ files: cs.map((c) => c.fileName), gzipBytes: cs.reduce((n, c) => n + gzip.get(c.fileName)!, 0) });
  const relative = (id: string | null) => (id ?? '').replace(/\\/g, '/').replace(`${root.replace(/\\/g, '/')}/`, '');

  const initial = closure(chunks.filter((c) => c.isEntry));
  const lazy = DASHBOARD_LAZY_MODULES.map((m) => chunks.find((c) => !c.isEntry && relative(c.facadeModuleId) === m));
  const packages = new Set(initial.flatMap((c) => c.moduleIds.map(packageOf)).filter((p): p is string => p !== null));
  return {
    initial: set(initial),
    dashboardRoute: set(closure([...initial, ...lazy.filter((c): c is BundleChunk => c !== undefined)])),
    forbiddenInInitial: [...packages].filter((p) => NOT_IN_INITIAL.some((pattern) => matches(p, pattern))).sort(),
    missingLazy: DASHBOARD_LAZY_MODULES.filter((_, i) => lazy[i] === undefined),
  };
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

/** Each way the bundle breaks its budget, in words; empty when it keeps it. */
export function budgetProblems(report: BundleReport): string[] {
  const problems: string[] = [];
  if (report.forbiddenInInitial.length > 0) problems.push(`the initial JS contains ${report.forbiddenInInitial.join(', ')}: import it from a lazy chunk (React.lazy or import())`);
  for (const m of report.missingLazy) problems.push(`${m} is not a lazy chunk of its own: the dashboard must load it with import()`);
  if (report.initial.gzipBytes > BUDGET.initialGzipKb * 1024) problems.push(`the initial JS is ${kb(report.initial.gzipBytes)} gzipped, over its budget of ${BUDGET.initialGzipKb} KB (${report.initial.files.join(', ')})`);
  if (report.dashboardRoute.gzipBytes > BUDGET.dashboardRouteGzipKb * 1024) problems.push(`the dashboard route's JS is ${kb(report.dashboardRoute.gzipBytes)} gzipped, over its budget of ${BUDGET.dashboardRouteGzipKb} KB`);
  return problems;
}

export function describeBundle(report: BundleReport): string {
  return `initial JS ${kb(report.initial.gzipBytes)} gzipped (budget ${BUDGET.initialGzipKb} KB), dashboard route ${kb(report.dashboardRoute.gzipBytes)} (budget ${BUDGET.dashboardRouteGzipKb} KB)`;
}
