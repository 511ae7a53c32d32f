import type { Slice } from './import/source';

// SQLite's BINARY order of text (its ORDER BY name), in JavaScript and in slices: one ORDER BY over 100k rows is a
// single statement the event loop waits out (~50 ms idle, 200 ms on a busy machine); read in pages by id and put in
// order here, no turn of the loop is longer than a slice.

/** A UTF-16 code unit's place in code point order (= UTF-8 byte order): surrogates sort above U+E000–U+FFFF. */
const codePointRank = (unit: number) => (unit >= 0xe000 ? unit - 0x800 : unit >= 0xd800 ? unit + 0x2000 : unit);

/** Compares as SQLite's BINARY collation does (memcmp of UTF-8), which `<` on strings does not for astral characters. */
export function compareBinary(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return x < 0xd800 && y < 0xd800 ? x - y : codePointRank(x) - codePointRank(y);
  }
  return a.length - b.length;
}

export interface NamedId {
  id: number;
  name: string;
}

const byNameThenId = (a: NamedId, b: NamedId) => compareBinary(a.name, b.name) || a.id - b.id;
/** Items sorted per step: a few milliseconds. */
const RUN = 4096;

/** The ids ordered by name (BINARY), then id: sorted runs, then merged pairwise, pausing between steps. */
export async function idsByName(rows: NamedId[], slice: Slice): Promise<number[]> {
  let runs: NamedId[][] = [];
  for (let at = 0; at < rows.length; at += RUN) {
    runs.push(rows.slice(at, at + RUN).sort(byNameThenId));
    await slice.pause();
  }
  while (runs.length > 1) {
    const next: NamedId[][] = [];
    for (let r = 0; r < runs.length; r += 2) {
      const a = runs[r]!;
      const b = runs[r + 1];
      if (!b) {
        next.push(a);
        continue;
      }
      const merged: NamedId[] = new Array(a.length + b.length);
      let i = 0;
      let j = 0;
      let k = 0;
      while (i < a.length && j < b.length) {
        merged[k++] = byNameThenId(a[i]!, b[j]!) <= 0 ? a[i++]! : b[j++]!;
        if ((k & 4095) === 0) await slice.pause();
      }
      while (i < a.length) merged[k++] = a[i++]!;
      while (j < b.length) merged[k++] = b[j++]!;
      next.push(merged);
      await slice.pause();
    }
    runs = next;
  }
  return (runs[0] ?? []).map((r) => r.id);
}
