import { FEED_CURSOR } from '../../common/contract/reminders';
import { todayIn } from '../../common/domain/calendar-date';
import type { Ports } from '../core/context';
import type { Handler } from '../core/handlers';
import { earliestOpenClaim, feedRows, type FeedPosition } from '../db/repositories/reminder-feed';
import { findMemberSettings } from '../db/repositories/member-settings';
import { isTwoFactorEnabled } from './two-factor';
import { sentWithOf, toReminder } from './reminder-view';

const DEFAULT_LIMIT = 50;
/**
 * How far behind the present the feed stays: a row's sent_at is the sweep's instant, written when its
 * transaction commits; this margin covers a claim still committing and servers whose clocks differ a little.
 */
export const FEED_SETTLE_MS = 30_000;

const cursorOf = (position: FeedPosition): string => `${Date.parse(position.sentAt)}-${position.id}`;

function positionOf(cursor: string): FeedPosition {
  // The contract's schema has checked the shape and range already.
  const [, ms, id] = FEED_CURSOR.exec(cursor)!;
  return { sentAt: new Date(Number(ms)).toISOString(), id: Number(id) };
}

const later = (a: FeedPosition, b: FeedPosition): FeedPosition => (a.sentAt > b.sentAt || (a.sentAt === b.sentAt && a.id >= b.id) ? a : b);

/**
 * reminders.feed: the cursor is the (sent_at, id) of a row, so any server answers the same for it and a read
 * writes nothing. The feed ends before the earliest of the member's reminders being sent now (which will be
 * stamped at or after its claim) and a settle margin back, so no row can appear behind a cursor already given.
 */
export function reminderFeedHandler(ports: Ports): Handler<'reminders.feed'> {
  const { db, clock } = ports;
  return async (ctx, input) => {
    const now = clock.now();
    const settled = new Date(now.getTime() - FEED_SETTLE_MS).toISOString();
    const claim = await earliestOpenClaim(db, ctx.userId);
    const before = claim !== null && claim < settled ? claim : settled;
    const end: FeedPosition = { sentAt: before, id: 0 };
    if (input.after === undefined) return { items: [], next: cursorOf(end), more: false };

    const after = positionOf(input.after);
    const limit = input.limit ?? DEFAULT_LIMIT;
    // A workspace that requires two-factor shows nothing to a member who has it off, as its door would refuse them.
    const skipTwoFactorWorkspaces = !(await isTwoFactorEnabled(db, ctx.userId));
    const rows = await feedRows(db, ctx.userId, { after, before, skipTwoFactorWorkspaces }, limit + 1);
    const more = rows.length > limit;
    const page = rows.slice(0, limit);
    const zone = (await findMemberSettings(db, ctx.userId))?.time_zone ?? clock.timeZone();
    const today = todayIn(zone, now);
    const sentWith = await sentWithOf(db, page);
    const items = page.map((row) => ({ ...toReminder(row, today, sentWith.get(row.id)), workspace_id: row.workspace_id, workspace_name: row.workspace_name }));
    const last = page.at(-1);
    // A full page ends at its last item; otherwise everything up to the end was read, and the cursor moves there.
    const next = more && last ? { sentAt: last.sent_at!, id: last.id } : later(end, after);
    return { items, next: cursorOf(next), more };
  };
}
