import type { Reminder } from '../../common/contract';
import { PAST_REMINDER_STATES, UPCOMING_REMINDER_STATES, type ReminderState } from '../../common/contract/reminders';
import { addDays, todayIn } from '../../common/domain/calendar-date';
import { lastDayToSend } from '../../common/domain/reminder-plan';
import { zonedTimeToInstant, zoneOffsetAt } from '../../common/domain/zoned-time';
import { AppError } from '../../common/errors';
import type { Ports } from '../core/context';
import type { HandlersFor } from '../core/handlers';
import {
  type RecipientScope,
  type ReminderWithExpense,
  findOwnReminder,
  findReminderState,
  listReminders,
  releaseHeldReminders,
  updateDismissedReminder,
  updateReminderUnlessSending,
} from '../db/repositories/reminders';
import { findSettings, upsertSettings } from '../db/repositories/settings';
import { loadAccountSettings } from './account-settings';
import { reminderFeedHandler } from './reminder-feed';
import { dateWordOf, restoredStateOf, sentWithOf, toReminder } from './reminder-view';

const DEFAULT_PAGE = 200;
/** A pause longer than this is almost certainly a typo; "turn reminders off" is dismiss or settings. */
const MAX_PAUSE_MS = 366 * 24 * 60 * 60 * 1000;

/** "HH:MM" the wall clock in `zone` shows at `now`. */
function wallTimeOf(now: Date, zone: string): string {
  const wall = new Date(now.getTime() + zoneOffsetAt(zone, now.getTime()));
  return `${String(wall.getUTCHours()).padStart(2, '0')}:${String(wall.getUTCMinutes()).padStart(2, '0')}`;
}

export function reminderHandlers(ports: Ports): HandlersFor<'reminders'> {
  const { db, clock } = ports;

  /** Another account's reminder, or one of a deleted subscription, does not exist for this caller. */
  async function ownReminder(scope: RecipientScope, id: number): Promise<ReminderWithExpense> {
    const row = await findOwnReminder(db, scope, id);
    if (!row) throw new AppError('not_found', `Reminder ${id} not found`);
    return row;
  }

  async function view(scope: RecipientScope, id: number): Promise<Reminder> {
    const account = await loadAccountSettings(db, clock, scope);
    const row = await ownReminder(scope, id);
    return toReminder(row, todayIn(account.timeZone, clock.now()), (await sentWithOf(db, [row])).get(row.id));
  }

  return {
    'reminders.feed': reminderFeedHandler(ports),

    async 'reminders.list'(ctx, input) {
      const account = await loadAccountSettings(db, clock, ctx);
      const today = todayIn(account.timeZone, clock.now());
      const limit = input.limit ?? DEFAULT_PAGE;
      const offset = input.offset ?? 0;
      let states: readonly ReminderState[] | null = input.state && input.state.length > 0 ? input.state : null;
      if (input.when) {
        const side: readonly ReminderState[] = input.when === 'upcoming' ? UPCOMING_REMINDER_STATES : PAST_REMINDER_STATES;
        states = states ? states.filter((s) => side.includes(s)) : side;
      }
      if (states && states.length === 0) return { reminders: [], total: 0, limit, offset };

      // Upcoming first (soonest next), then the past (latest first).
      const { rows, total } = await listReminders(db, ctx, { states, expenseId: input.expense_id }, { limit, offset });
      const sentWith = await sentWithOf(db, rows);
      return { reminders: rows.map((r) => toReminder(r, today, sentWith.get(r.id))), total, limit, offset };
    },

    async 'reminders.snooze'(ctx, input) {
      const row = await ownReminder(ctx, input.id);
      if (row.state === 'sending') throw new AppError('conflict', 'This reminder is being sent right now; try again in a moment');
      const account = await loadAccountSettings(db, clock, ctx);
      const now = clock.now();
      const today = todayIn(account.timeZone, now);
      const dateWord = dateWordOf(row.kind);
      const lastDay = lastDayToSend(row);
      if (lastDay < today) {
        throw new AppError('conflict', `Its ${dateWord} (${lastDay}) has passed; there is nothing left to remind about`);
      }
      // Snoozing never brings a reminder forward: it counts from when it is due, if that is later than now.
      const dueMs = Date.parse(row.next_attempt_at ?? row.due_at);
      const from = new Date(Math.max(now.getTime(), dueMs));
      const fromText = `${todayIn(account.timeZone, from)} at ${wallTimeOf(from, account.timeZone)}`;
      let until: Date;
      if (input.until !== undefined) {
        if (input.until > lastDay) {
          throw new AppError('validation', `until: Pick a date on or before the ${dateWord}, ${lastDay}`, {
            until: `Pick a date on or before the ${dateWord}, ${lastDay}`,
          });
        }
        until = zonedTimeToInstant(input.until, account.timeOfDay, account.timeZone);
        if (until.getTime() <= now.getTime()) {
          const message = `The reminder time (${account.timeOfDay}) on ${input.until} has already passed; pick a later date`;
          throw new AppError('validation', `until: ${message}`, { until: message });
        }
        if (until.getTime() <= dueMs) {
          const message = `This reminder is already due on ${fromText}; pick a later date to snooze it`;
          throw new AppError('validation', `until: ${message}`, { until: message });
        }
      } else {
        const days = input.days!;
        const date = addDays(todayIn(account.timeZone, from), days);
        if (date > lastDay) {
          const counted = dueMs > now.getTime() ? ` after it is due (${fromText})` : '';
          const message = `Snoozing ${days} day${days === 1 ? '' : 's'}${counted} would pass the ${dateWord} (${lastDay}); pick fewer days or dismiss it`;
          throw new AppError('validation', `days: ${message}`, { days: message });
        }
        until = zonedTimeToInstant(date, wallTimeOf(from, account.timeZone), account.timeZone);
      }
      const nowIso = now.toISOString();
      const untilIso = until.toISOString();
      const snoozed = await updateReminderUnlessSending(db, ctx, row.id, {
        state: 'snoozed',
        snoozed_until: untilIso,
        next_attempt_at: untilIso,
        attempts: 0,
        last_error: null,
        last_error_summary: null,
        dismissed_from: null,
        // A snoozed reminder is a new delivery: new channels, a new Message-ID.
        message_id: null,
        notification: null,
        notified_at: null,
        email: null,
        email_to: null,
        emailed_at: null,
        updated_at: nowIso,
      });
      if (!snoozed) throw new AppError('conflict', 'This reminder is being sent right now; try again in a moment');
      ports.reminders.rearm();
      return { reminder: await view(ctx, row.id) };
    },

    async 'reminders.dismiss'(ctx, input) {
      const row = await ownReminder(ctx, input.id);
      if (row.state === 'sending') throw new AppError('conflict', 'This reminder is being sent right now; try again in a moment');
      if (row.state !== 'dismissed') {
        // What it was is kept, so Undo and Restore put it back exactly.
        const dismissed = await updateReminderUnlessSending(db, ctx, row.id, { state: 'dismissed', dismissed_from: row.state, next_attempt_at: null, updated_at: clock.now().toISOString() });
        if (!dismissed) throw new AppError('conflict', 'This reminder is being sent right now; try again in a moment');
        ports.reminders.rearm();
      }
      return { reminder: await view(ctx, row.id) };
    },

    async 'reminders.restore'(ctx, input) {
      const row = await ownReminder(ctx, input.id);
      // Restoring what is not dismissed changes nothing, like dismissing twice.
      if (row.state !== 'dismissed') return { reminder: await view(ctx, row.id) };
      const back = restoredStateOf(row);
      const upcoming = back === 'pending' || back === 'snoozed';
      const account = await loadAccountSettings(db, clock, ctx);
      const now = clock.now();
      if (upcoming && lastDayToSend(row) < todayIn(account.timeZone, now)) {
        throw new AppError('conflict', `Its ${dateWordOf(row.kind)} (${lastDayToSend(row)}) has passed; there is nothing left to remind about`);
      }
      const nowIso = now.toISOString();
      await db.transaction().execute(async (trx) => {
        const restored = await updateDismissedReminder(trx, ctx, row.id, {
          state: back,
          dismissed_from: null,
          // Due again at its own time (or its snooze); one whose time passed while dismissed goes out now.
          next_attempt_at: back === 'snoozed' ? (row.snoozed_until ?? row.due_at) : back === 'pending' ? row.due_at : null,
          updated_at: nowIso,
        });
        if (!restored) throw new AppError('conflict', 'This reminder changed meanwhile; reload and try again');
        if (!upcoming) return;
        // The subscription may have changed since: the planner drops an occurrence it no longer has.
        await ports.reminders.expensesChanged(trx, ctx.workspaceId, [row.expense_id]);
        const still = await findReminderState(trx, row.id);
        if (still !== 'pending' && still !== 'snoozed') {
          throw new AppError('conflict', 'This reminder is no longer planned: its subscription changed after it was dismissed');
        }
      });
      if (upcoming) ports.reminders.rearm();
      return { reminder: await view(ctx, row.id) };
    },

    async 'reminders.pause'(ctx, input) {
      const now = clock.now();
      const nowIso = now.toISOString();
      let until: string | null = null;
      if (input.until !== null) {
        const at = new Date(input.until);
        if (at.getTime() <= now.getTime()) {
          throw new AppError('validation', 'until: Must be in the future (or null to resume now)', { until: 'Must be in the future (or null to resume now)' });
        }
        if (at.getTime() - now.getTime() > MAX_PAUSE_MS) {
          throw new AppError('validation', 'until: A pause can last at most a year', { until: 'A pause can last at most a year' });
        }
        until = at.toISOString();
      }
      await db.transaction().execute(async (trx) => {
        const old = (await findSettings(trx, ctx.workspaceId))?.reminders_paused_until;
        await upsertSettings(trx, ctx.workspaceId, { reminders_paused_until: until, updated_at: nowIso });
        // Rows held for the old pause are due again now; the next sweep holds them anew if still paused.
        if (old) await releaseHeldReminders(trx, ctx.workspaceId, old, nowIso);
      });
      ports.reminders.rearm();
      return { paused_until: until };
    },
  };
}
