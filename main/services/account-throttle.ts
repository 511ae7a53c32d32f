import type { RequestContext } from '../core/context';
import type { Clock } from '../ports';
import { createThrottle, type Throttle, type ThrottleRule, type ThrottleStore } from './throttle';

// Which attempts of the auth operations are counted, per what key, and how many are allowed.

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

export interface AuthLimits {
  /** Wrong passwords per account (sign-in by username or email, change password, delete account). */
  loginPerAccount: ThrottleRule;
  /** Failed sign-ins per client, whatever the account: password spraying. */
  loginPerClient: ThrottleRule;
  /** Registrations and "this email/username is taken" answers per client: mass sign-up, enumeration. */
  registerPerClient: ThrottleRule;
  /** Reset emails asked for per account (or per unknown name): nobody's inbox is flooded. */
  resetPerAccount: ThrottleRule;
  /** Reset emails asked for per client, whatever the account: probing many names. */
  resetPerClient: ThrottleRule;
  /** Wrong two-factor codes per account: six digits are guessed quickly otherwise. */
  twoFactorPerAccount: ThrottleRule;
}

export const DEFAULT_AUTH_LIMITS: AuthLimits = {
  // 5 misses, then 1 s, 2 s, 4 s … up to 15 min between guesses; forgotten after an hour of quiet.
  loginPerAccount: { free: 5, blockMs: SECOND, maxBlockMs: 15 * MINUTE, forgetMs: HOUR },
  // 20 misses from one client, then 1 min, 2 min … up to 1 h; forgotten after 15 min of quiet.
  loginPerClient: { free: 20, blockMs: MINUTE, maxBlockMs: HOUR, forgetMs: 15 * MINUTE },
  // 10 registrations (or taken answers) from one client, then 5 min, 10 min … up to 1 h; forgotten after an hour.
  registerPerClient: { free: 10, blockMs: 5 * MINUTE, maxBlockMs: HOUR, forgetMs: HOUR },
  // 3 emails per account, then 5 min, 10 min … up to 1 h between them; forgotten after an hour.
  resetPerAccount: { free: 3, blockMs: 5 * MINUTE, maxBlockMs: HOUR, forgetMs: HOUR },
  // 10 requests from one client, then 5 min, 10 min … up to 1 h; forgotten after an hour.
  resetPerClient: { free: 10, blockMs: 5 * MINUTE, maxBlockMs: HOUR, forgetMs: HOUR },
  // 5 wrong codes, then 30 s, 1 min … up to 15 min between guesses; forgotten after an hour.
  twoFactorPerAccount: { free: 5, blockMs: 30 * SECOND, maxBlockMs: 15 * MINUTE, forgetMs: HOUR },
};

export interface AuthThrottleOptions {
  /** Rules to use instead of the defaults (tests that are not about throttling relax them). */
  limits?: Partial<AuthLimits>;
}

export interface AuthThrottle {
  loginPerAccount: Throttle;
  loginPerClient: Throttle;
  registerPerClient: Throttle;
  resetPerAccount: Throttle;
  resetPerClient: Throttle;
  twoFactorPerAccount: Throttle;
}

/** `store`: where counts live (createCore: the database, so every server on it counts together). */
export function createAuthThrottle(clock: Clock, store: ThrottleStore, options: AuthThrottleOptions = {}): AuthThrottle {
  const limits = { ...DEFAULT_AUTH_LIMITS, ...options.limits };
  const now = () => clock.now().getTime();
  return {
    loginPerAccount: createThrottle(limits.loginPerAccount, store, now, 'Too many failed sign-ins for this account.'),
    loginPerClient: createThrottle(limits.loginPerClient, store, now, 'Too many failed sign-ins from this device or network.'),
    registerPerClient: createThrottle(limits.registerPerClient, store, now, 'Too many sign-up attempts from this device or network.'),
    resetPerAccount: createThrottle(limits.resetPerAccount, store, now, 'Too many password reset emails for this account.'),
    resetPerClient: createThrottle(limits.resetPerClient, store, now, 'Too many password reset requests from this device or network.'),
    twoFactorPerAccount: createThrottle(limits.twoFactorPerAccount, store, now, 'Too many wrong two-factor codes for this account.'),
  };
}

/** The key for an account's wrong passwords: its id once known, so its username and email share one count. */
export function accountKey(userId: number | null, identifier: string): string {
  return userId !== null ? `login:account:${userId}` : `login:name:${identifier}`;
}

/**
 * The key for a client. Browser mode: its address, IPv6 by its /64 (one host owns a whole /64).
 * In-process callers (the desktop window, the tray, tests) have no address and share one key:
 * they are one user at one machine, and a fixed key keeps them throttled like any single client.
 */
export function clientKey(kind: 'login' | 'register' | 'reset', ctx: RequestContext): string {
  const address = ctx.client?.address ?? null;
  return `${kind}:client:${address === null ? 'in-process' : addressKey(address)}`;
}

function addressKey(address: string): string {
  const plain = address.toLowerCase().replace(/%.*$/, '').replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, '');
  if (!plain.includes(':')) return plain;
  const [head = '', tail] = plain.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = tail === undefined ? left : [...left, ...Array<string>(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right];
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}
