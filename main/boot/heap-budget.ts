import v8 from 'node:v8';

// Between two full collections V8 lets the old generation grow to a multiple of what was live after the last one —
// up to 4× while the program allocates fast. A long job (the catch-up, an import) promotes its short-lived rows,
// so the heap climbed from ~27 MB live to ~100 MB before V8 collected: at 100k subscriptions most of the resident
// memory the catch-up added was garbage waiting (issue 9: peak RSS ≤ 200 MB). Growing by half the live set
// instead keeps the heap near what is used; the full collections this adds are incremental and cost a few ms each.
// It is one of V8's heuristics read at every collection, so it can be set as the process starts, before the bundle
// loads (a flag fixed when the heap was made, like the young generation's size, cannot).

export const HEAP_GROWING_PERCENT = 50;

export function keepHeapNearLiveSet(setFlags: (flags: string) => void = v8.setFlagsFromString): void {
  setFlags(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}
