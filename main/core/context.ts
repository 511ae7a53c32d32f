import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { Clock, Logger, Notifier, Secrets } from '../ports';

/** What a transport (HTTP cookie, desktop session) lets a handler do with the caller's session. */
export interface SessionControl {
  signIn(userId: number): Promise<void>;
  signOut(): Promise<void>;
}

export interface RequestContext {
  userId: number | null;
  session: SessionControl;
}

export interface SignedInContext extends RequestContext {
  userId: number;
}

/** The ports services receive (ARCHITECTURE rule 3). */
export interface Ports {
  db: Kysely<Database>;
  clock: Clock;
  secrets: Secrets;
  notifier: Notifier;
  logger: Logger;
}
