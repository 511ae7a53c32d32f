import BetterSqlite3 from 'better-sqlite3';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createTimeSlice } from '../../../main/jobs/chunks';
import { compareBinary, idsByName } from '../../../main/services/export-order';

// The export's order made in JavaScript must be SQLite's own ORDER BY name, id (BINARY collation).

const sqlite = new BetterSqlite3(':memory:');
sqlite.exec('create table t (id integer primary key, name text not null)');
function sqliteOrder(names: string[]): number[] {
  sqlite.exec('delete from t');
  const insert = sqlite.prepare('insert into t (id, name) values (?, ?)');
  names.forEach((name, i) => insert.run(i + 1, name));
  return (sqlite.prepare('select id from t order by name, id').all() as Array<{ id: number }>).map((r) => r.id);
}

const name = fc.string({ maxLength: 6, unit: fc.constantFrom('a', 'B', 'b', ' ', 'é', 'Z', '\u00ff', '\ue000', '\uffee', '😀', '𝄞', '1', '-') });

describe('the export order', () => {
  it('compares as SQLite’s BINARY collation, astral characters and the U+E000–U+FFFF block included', () => {
    fc.assert(
      fc.property(fc.array(name, { maxLength: 40 }), (names) => {
        const rows = names.map((n, i) => ({ id: i + 1, name: n }));
        const ours = [...rows].sort((a, b) => compareBinary(a.name, b.name) || a.id - b.id).map((r) => r.id);
        expect(ours).toEqual(sqliteOrder(names));
      }),
      { numRuns: 300 },
    );
  });

  it('orders ids across many runs and merges, as SQLite would', async () => {
    const names = Array.from({ length: 20_000 }, (_, i) => ['Same', `Tool ${(i * 7919) % 20_000}`, '😀 emoji', '\uffeewide'][i % 7 === 0 ? 0 : i % 11 === 0 ? 2 : i % 13 === 0 ? 3 : 1]!);
    const rows = names.map((n, i) => ({ id: i + 1, name: n }));
    expect(await idsByName(rows, createTimeSlice())).toEqual(sqliteOrder(names));
  });
});
