import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { Clock } from '../ports';

const LIFETIME_DAYS = { web: 30, desktop: 365 } as const;
export type SessionKind = keyof typeof LIFETIME_DAYS;

// Only a hash of the token is stored: a copied database file signs nobody in.
function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export interface Sessions {
  create(userId: number, kind: SessionKind): Promise<string>;
  /** The account a token belongs to, or null when unknown or expired. */
  resolve(token: string | null | undefined): Promise<number | null>;
  revoke(token: string | null | undefined): Promise<void>;
}

export function createSessions(db: Kysely<Database>, clock: Clock): Sessions {
  return {
    async create(userId, kind) {
      const token = randomBytes(32).toString('base64url');
      const now = clock.now();
      const expires = new Date(now.getTime() + LIFETIME_DAYS[kind] * 86_400_000);
      await db
        .insertInto('sessions')
        .values({ token_hash: hashToken(token), user_id: userId, kind, created_at: now.toISOString(), expires_at: expires.toISOString() })
        .execute();
      return token;
    },
    async resolve(token) {
      if (!token || token.length > 200) return null;
      const row = await db
        .selectFrom('sessions')
        .select(['user_id', 'expires_at'])
        .where('token_hash', '=', hashToken(token))
        .executeTakeFirst();
      if (!row) return null;
      if (row.expires_at <= clock.now().toISOString()) {
        await db.deleteFrom('sessions').where('token_hash', '=', hashToken(token)).execute();
        return null;
      }
      return row.user_id;
    },
    async revoke(token) {
      if (!token) return;
      await db.deleteFrom('sessions').where('token_hash', '=', hashToken(token)).execute();
    },
  };
}
