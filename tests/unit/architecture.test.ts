import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { OPERATION_NAMES } from '../../common/contract';

// House rules that a reader would otherwise have to check by eye (ARCHITECTURE.md): SQL has one home
// per table, and each contract group is served by a file named for it.

const ROOT = path.resolve(__dirname, '../..');

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const relative = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(relative);
    return /\.tsx?$/.test(entry.name) ? [relative] : [];
  });
}

/** Kysely's query builders and raw SQL: what only the db folder (repositories, dialect, migrator) may call. */
const QUERY_BUILDER = /\.(selectFrom|insertInto|updateTable|deleteFrom|replaceInto|mergeInto|selectNoFrom)\s*\(|\bsql\s*(<[^>]*>)?\s*`|\bsql\.(raw|ref|join|lit|table|id|val)\s*\(/;

/** Lines that build a query, as "file:line: code"; comments do not count. */
function queryLines(file: string, text: string): string[] {
  return text.split('\n').flatMap((line, i) => (QUERY_BUILDER.test(line) && !/^\s*(\/\/|\*)/.test(line) ? [`${file}:${i + 1}: ${line.trim()}`] : []));
}

describe('where SQL lives', () => {
  it('no service, handler, transport or reminder file outside main/db builds a query or writes SQL', () => {
    const files = [...sourceFiles('main'), ...sourceFiles('common'), ...sourceFiles('preload')].filter((f) => !f.startsWith(`main${path.sep}db${path.sep}`));
    expect(files.length).toBeGreaterThan(50);
    expect(files.flatMap((file) => queryLines(file, fs.readFileSync(path.join(ROOT, file), 'utf8')))).toEqual([]);
  });

  it('the check finds a query built outside the repositories (it is not blind)', () => {
    const text = ["const q = db.selectFrom('users').selectAll();", '// db.deleteFrom(x) in a comment is fine', 'await trx', "  .updateTable('expenses')", 'const k = sql<number>`+e.user_id`;'].join('\n');
    expect(queryLines('probe.ts', text)).toEqual(["probe.ts:1: const q = db.selectFrom('users').selectAll();", "probe.ts:4: .updateTable('expenses')", 'probe.ts:5: const k = sql<number>`+e.user_id`;']);
  });

  it('each table of the schema has a repository module in main/db/repositories', () => {
    const schema = fs.readFileSync(path.join(ROOT, 'main/db/schema.ts'), 'utf8');
    const body = /export interface Database \{([^}]*)\}/.exec(schema)![1]!;
    const tables = [...body.matchAll(/^\s*(\w+):/gm)].map((m) => m[1]!);
    expect(tables.length).toBeGreaterThan(5);
    const modules = fs.readdirSync(path.join(ROOT, 'main/db/repositories')).map((f) => f.replace(/\.ts$/, ''));
    for (const table of tables) expect(modules, `a repository for ${table}`).toContain(table.replace(/_/g, '-'));
  });
});

describe('file names follow the contract', () => {
  it('each contract group x.* is served by main/services/x.ts, which returns the handlers of that group', () => {
    const groups = [...new Set(OPERATION_NAMES.map((name) => name.split('.')[0]!))];
    expect(groups).toContain('auth');
    for (const group of groups) {
      const file = path.join(ROOT, 'main/services', `${group}.ts`);
      expect(fs.existsSync(file), `main/services/${group}.ts`).toBe(true);
      expect(fs.readFileSync(file, 'utf8')).toContain(`HandlersFor<'${group}'>`);
    }
  });
});
