import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { FileOut } from '../../common/contract/files';
import { AppError } from '../../common/errors';
import type { Ports } from '../core/context';
import { TWO_FACTOR_REQUIRED } from '../core/workspace-access';
import type { HandlersFor } from '../core/handlers';
import { findLiveCalendarFeed, findServableCalendarFeed, insertCalendarFeed, lockMemberFeeds, revokeCalendarFeed } from '../db/repositories/calendar-feeds';
import { selectLiveExpenses } from '../db/repositories/expenses';
import { findWorkspace } from '../db/repositories/workspaces';
import type { Database } from '../db/schema';
import type { Clock } from '../ports';
import { loadAccount } from './account-settings';
import { fileSlug } from './backups';
import { calendarIcs } from './calendar-ics';
import { isTwoFactorEnabled } from './two-factor';

// calendar.*: the workspace's calendar as a download, and a member's secret feed URL of it. The feed's token
// (32 random bytes, base64url) is its only key: shown once, stored as its SHA-256. A feed is served while its
// member is still in the workspace; regenerating or revoking it ends the old address at once.

export const CALENDAR_TYPE = 'text/calendar; charset=utf-8';
export const FEED_PATH = '/api/calendar/';
/** A token as calendar.token makes it: 32 bytes in base64url. */
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

export const NO_SUCH_FEED = 'No calendar feed at this address: it was revoked or replaced by a new one, or never existed. Make a new feed URL in Settings → Calendar';

export function feedTokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** The token of a feed path (/api/calendar/<token>.ics gives "<token>"; a caller over IPC may pass "<token>.ics"). */
export function feedToken(param: string): string | null {
  const token = param.endsWith('.ics') ? param.slice(0, -'.ics'.length) : param;
  return TOKEN_SHAPE.test(token) ? token : null;
}

/** The .ics of a workspace as a member sees it: their zone's today, their locale's amounts. */
export async function workspaceCalendar(db: Kysely<Database>, clock: Clock, workspaceId: number, userId: number): Promise<{ name: string; text: string }> {
  const [account, workspace, expenses] = await Promise.all([
    loadAccount(db, clock, { workspaceId, userId }),
    findWorkspace(db, workspaceId),
    selectLiveExpenses(db, workspaceId).where('e.status', 'in', ['active', 'trial']).orderBy('e.name').orderBy('e.id').execute(),
  ]);
  const name = workspace?.name ?? 'Spend Manager';
  const text = calendarIcs({ name, expenses, defaultDays: account.defaultDays, timeOfDay: account.timeOfDay, locale: account.emailLocale, today: account.today, now: account.now });
  return { name, text };
}

export interface CalendarLinks {
  /** The server's public address (PUBLIC_URL, or where it listens); null: the feed URL is a path. */
  baseUrl(): string | null;
}

export function calendarHandlers(ports: Ports, links: CalendarLinks): HandlersFor<'calendar'> {
  const { db, clock } = ports;
  return {
    async 'calendar.ics'(ctx) {
      const { name, text } = await workspaceCalendar(db, clock, ctx.workspaceId, ctx.userId);
      const file: FileOut = { name: `spend-manager-${fileSlug(name)}.ics`, type: CALENDAR_TYPE, data: text };
      return file;
    },

    async 'calendar.feed'(_ctx, input) {
      const token = feedToken(input.token);
      const feed = token === null ? undefined : await findServableCalendarFeed(db, feedTokenHash(token));
      if (!feed) throw new AppError('not_found', NO_SUCH_FEED);
      // The door's rule, where no session passes the door: a workspace that requires two-factor sign-in shows its
      // data only to members who have it on, by any way in.
      if (feed.require_two_factor === 1 && !(await isTwoFactorEnabled(db, feed.user_id))) throw new AppError('forbidden', TWO_FACTOR_REQUIRED);
      const { name, text } = await workspaceCalendar(db, clock, feed.workspace_id, feed.user_id);
      const file: FileOut = { name: `spend-manager-${fileSlug(name)}.ics`, type: CALENDAR_TYPE, data: text };
      return file;
    },

    async 'calendar.token'(ctx) {
      const token = randomBytes(32).toString('base64url');
      const createdAt = clock.now().toISOString();
      await db.transaction().execute(async (trx) => {
        await lockMemberFeeds(trx, ctx.workspaceId, ctx.userId);
        await revokeCalendarFeed(trx, ctx.workspaceId, ctx.userId, createdAt);
        await insertCalendarFeed(trx, { workspace_id: ctx.workspaceId, user_id: ctx.userId, token_hash: feedTokenHash(token), created_at: createdAt, revoked_at: null });
      });
      const base = links.baseUrl()?.replace(/\/+$/, '') ?? '';
      return { url: `${base}${FEED_PATH}${token}.ics`, created_at: createdAt };
    },

    async 'calendar.status'(ctx) {
      const feed = await findLiveCalendarFeed(db, ctx.workspaceId, ctx.userId);
      return { active: feed !== undefined, created_at: feed?.created_at ?? null };
    },

    async 'calendar.revoke'(ctx) {
      return { revoked: await revokeCalendarFeed(db, ctx.workspaceId, ctx.userId, clock.now().toISOString()) };
    },
  };
}
