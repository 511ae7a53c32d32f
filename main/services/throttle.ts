import { AppError } from '../../common/errors';

// Counting attempts per key and refusing them for a while once a key has had too many.
// The state sits behind ThrottleStore: memory for one process now, a table when servers share it.

/** How many attempts a key gets, and how long it waits after that. */
export interface ThrottleRule {
  /** Attempts that pass freely; the one that reaches this count starts the first block. */
  free: number;
  /** The first block; each further attempt doubles it, up to maxBlockMs. */
  blockMs: number;
  maxBlockMs: number;
  /** The count is forgotten this long after the last attempt (or the end of its block). */
  forgetMs: number;
}

/** One key's state; instants in epoch milliseconds. */
export interface ThrottleEntry {
  count: number;
  /** No attempt passes before this instant (0: not blocked). */
  blocked_until: number;
  /** The entry may be dropped after this instant. */
  expires_at: number;
}

/**
 * Where counts live. `update` must be atomic per key (a transaction in a database store),
 * so concurrent attempts cannot all pass a check before any of them is counted.
 */
export interface ThrottleStore {
  /** Applies change to the key's live entry (null when absent or expired); a null result deletes it. */
  update(key: string, now: number, change: (current: ThrottleEntry | null) => ThrottleEntry | null): Promise<ThrottleEntry | null>;
}

/** The store for one process: a bounded map, oldest entries dropped first when it is full. */
export function memoryThrottleStore(maxEntries = 100_000): ThrottleStore {
  const entries = new Map<string, ThrottleEntry>();
  function prune(now: number): void {
    for (const [key, entry] of entries) if (entry.expires_at <= now) entries.delete(key);
    while (entries.size >= maxEntries) entries.delete(entries.keys().next().value!);
  }
  return {
    async update(key, now, change) {
      const stored = entries.get(key);
      const current = stored && stored.expires_at > now ? stored : null;
      const next = change(current);
      entries.delete(key); // re-inserted last: the map stays ordered by last use
      if (next) {
        if (entries.size >= maxEntries) prune(now);
        entries.set(key, next);
      }
      return next;
    },
  };
}

/** "1 second", "2 minutes and 5 seconds", "1 hour": exact, in words. */
export function durationInWords(totalSeconds: number): string {
  const parts: string[] = [];
  const units: [number, string][] = [
    [3600, 'hour'],
    [60, 'minute'],
    [1, 'second'],
  ];
  let rest = Math.max(1, Math.ceil(totalSeconds));
  for (const [size, name] of units) {
    const n = Math.floor(rest / size);
    rest -= n * size;
    if (n > 0) parts.push(`${n} ${name}${n === 1 ? '' : 's'}`);
  }
  return parts.length > 1 ? `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)!}` : parts[0]!;
}

export interface Throttle {
  /** Counts one attempt, or throws rate_limited (with retryAfter) while the key is blocked. */
  attempt(key: string): Promise<void>;
  /** Takes back an attempt that turned out not to count (a sign-in that succeeded). */
  refund(key: string): Promise<void>;
  /** Forgets the key (the right password: its earlier misses no longer matter). */
  reset(key: string): Promise<void>;
}

/** `refusal` words the 429 for people; it is followed by "Try again in …". */
export function createThrottle(rule: ThrottleRule, store: ThrottleStore, now: () => number, refusal: string): Throttle {
  function blockFor(count: number): number {
    if (count < rule.free) return 0;
    return Math.min(rule.blockMs * 2 ** Math.min(count - rule.free, 30), rule.maxBlockMs);
  }
  return {
    async attempt(key) {
      const at = now();
      let refusedUntil = 0;
      await store.update(key, at, (current) => {
        if (current && current.blocked_until > at) {
          refusedUntil = current.blocked_until;
          return current; // a refused attempt is not counted: waiting out the block is enough
        }
        const count = (current?.count ?? 0) + 1;
        const block = blockFor(count);
        const blockedUntil = block > 0 ? at + block : 0;
        return { count, blocked_until: blockedUntil, expires_at: Math.max(at, blockedUntil) + rule.forgetMs };
      });
      if (refusedUntil > 0) {
        const seconds = Math.ceil((refusedUntil - at) / 1000);
        throw new AppError('rate_limited', `${refusal} Try again in ${durationInWords(seconds)}.`, undefined, { retryAfter: seconds });
      }
    },
    async refund(key) {
      await store.update(key, now(), (current) => {
        if (!current) return null;
        const count = current.count - 1;
        if (count <= 0) return null;
        return { ...current, count, blocked_until: count < rule.free ? 0 : current.blocked_until };
      });
    },
    async reset(key) {
      await store.update(key, now(), () => null);
    },
  };
}
