import type { Kysely } from 'kysely';
import { AppError } from '../../common/errors';
import {
  deleteExpiredThrottleStates,
  deleteThrottleState,
  findThrottleState,
  insertThrottleState,
  updateThrottleState,
  type ThrottleStateChange,
  type ThrottleStateRow,
} from '../db/repositories/throttle-state';
import type { Database } from '../db/schema';

// Counting attempts per key and refusing them for a while once a key has had too many.
// The state sits behind ThrottleStore, in the database: every server on it counts the same attempts.

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
 * Where counts live. `update` must be atomic per key (compare-and-set in the database store),
 * so concurrent attempts cannot all pass a check before any of them is counted. `change` may run
 * more than once (a retry after losing a race) and must not have other effects.
 */
export interface ThrottleStore {
  /** Applies change to the key's live entry (null when absent or expired); a null result deletes it. */
  update(key: string, now: number, change: (current: ThrottleEntry | null) => ThrottleEntry | null): Promise<ThrottleEntry | null>;
}

// ISO text keeps instants readable on both databases; past year 9999 it would stop sorting as text.
const LAST_INSTANT = Date.parse('9999-12-31T23:59:59.999Z');
const isoOf = (ms: number): string => new Date(Math.min(ms, LAST_INSTANT)).toISOString();

function entryOf(row: ThrottleStateRow): ThrottleEntry {
  return { count: row.count, blocked_until: row.blocked_until === null ? 0 : Date.parse(row.blocked_until), expires_at: Date.parse(row.expires_at) };
}

function changeOf(entry: ThrottleEntry): ThrottleStateChange {
  return { count: entry.count, blocked_until: entry.blocked_until > 0 ? isoOf(entry.blocked_until) : null, expires_at: isoOf(entry.expires_at) };
}

const sameEntry = (a: ThrottleEntry, b: ThrottleEntry): boolean => a.count === b.count && a.blocked_until === b.blocked_until && a.expires_at === b.expires_at;

export interface DatabaseThrottleOptions {
  /** Expired rows forgotten with each new key: the table holds the live keys and a backlog that only shrinks. */
  purgeBatch?: number;
  /** Compare-and-set rounds before giving up; each round at least one concurrent writer of the key wins. */
  maxRounds?: number;
}

/** The store shared by every process on the database: a row per key, written by compare-and-set on its version. */
export function databaseThrottleStore(db: Kysely<Database>, options: DatabaseThrottleOptions = {}): ThrottleStore {
  const purgeBatch = options.purgeBatch ?? 20;
  const maxRounds = options.maxRounds ?? 100;
  return {
    async update(key, now, change) {
      for (let round = 0; round < maxRounds; round += 1) {
        const row = await findThrottleState(db, key);
        const stored = row ? entryOf(row) : null;
        const current = stored && stored.expires_at > now ? stored : null;
        const next = change(current);
        if (!row) {
          if (next === null) return null;
          if (await insertThrottleState(db, key, changeOf(next))) {
            // Only new keys grow the table, so each one clears some stale rows.
            await deleteExpiredThrottleStates(db, isoOf(now), purgeBatch);
            return next;
          }
        } else if (next === null) {
          if (await deleteThrottleState(db, key, row.version)) return null;
        } else if (current && sameEntry(next, current)) {
          return next; // a refused attempt: nothing to write
        } else if (await updateThrottleState(db, key, row.version, changeOf(next))) {
          return next;
        }
      }
      // Fail closed: an attempt that could not be counted is not let through.
      throw new AppError('unavailable', 'Too many sign-in attempts at the same moment; try again in a few seconds.');
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
        refusedUntil = 0; // the store may call this again after losing a race: only the last call counts
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
