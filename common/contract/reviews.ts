import { z } from 'zod';
import type { BillingCycle } from '../domain/billing-cycles';
import type { IsoDate } from '../domain/calendar-date';
import { MAX_AMOUNT_TEXT, MAX_MAJOR_AMOUNT } from '../domain/money';
import { REVIEW_ACTIONS, type ReviewLogAction } from '../domain/renewal-review';
import { operation } from './define';
import { MAX_SEATS, isoDateField } from './expenses';
import { idParam, intQuery } from './fields';

// Renewal reviews (issue 13): a decision before each renewal that matters, made by the subscription's owner or an
// admin, logged with what it saved. Amounts are major units; `currency` is the subscription's, `_base` fields the
// workspace's base currency (null without a rate).

/** A renewal due for a decision. */
export interface RenewalReview {
  expense_id: number;
  name: string;
  owner_id: number;
  owner_name: string;
  renewal_date: IsoDate;
  /** The last day to cancel before it: the review's deadline. */
  last_day: IsoDate;
  opens_on: IsoDate;
  /** The instant the review opened (its opening day at the reminders' time of day, in the caller's zone). */
  opens_at: string;
  days_left: number;
  amount: number;
  currency: string;
  billing_cycle: BillingCycle;
  seats: number | null;
  seat_price: number | null;
  yearly_cost: number;
  yearly_cost_base: number | null;
  url: string | null;
  /** 'negotiating': a negotiation is under way, its note and follow-up date below. */
  state: 'open' | 'negotiating';
  note: string | null;
  follow_up_on: IsoDate | null;
  /** Whether the caller may decide it (its owner, or an admin). */
  can_decide: boolean;
}

/** One entry of the log. */
export interface ReviewLogEntry {
  id: number;
  expense_id: number;
  name: string;
  renewal_date: IsoDate;
  last_day: IsoDate;
  action: ReviewLogAction;
  /** Who: null for the app's own entries ("renewed without review"). */
  user_id: number | null;
  user_name: string | null;
  note: string | null;
  follow_up_on: IsoDate | null;
  amount_before: number;
  amount_after: number;
  seats_before: number | null;
  seats_after: number | null;
  currency: string;
  /** Over the 12 months from the decision, in the subscription's currency. */
  saving: number;
  saving_base: number | null;
  /** When a downgrade or cancellation takes effect (the renewal date); null for the others or once reopened. */
  effective_on: IsoDate | null;
  applied: boolean;
  /** false once a later entry of the same renewal (a reopen) replaced it: its saving no longer counts. */
  current: boolean;
  created_at: string;
}

export interface ReviewsSummary {
  base_currency: string;
  /** Renewals due for a decision now. */
  due_count: number;
  /** Their yearly cost in the base currency (those with a rate), exact and rounded once. */
  yearly_at_stake: number;
  /** Due reviews left out of yearly_at_stake for want of a rate. */
  unconverted_count: number;
  /** The calendar year the savings are of (the caller's zone). */
  year: number;
  /** Realised savings from decisions made this year, in the base currency (those with a rate). */
  saved_this_year: number;
  /** The decisions behind saved_this_year, newest first. */
  decisions: ReviewLogEntry[];
  /** The amount from which any renewal is reviewed, in the base currency. */
  threshold: number;
}

const note = z
  .string({ error: 'Note must be text' })
  .trim()
  .max(2000, 'Note must be at most 2000 characters')
  .nullish()
  .transform((v) => (v ? v : null));

/** Money as a number or decimal text, read in the subscription's (or base) currency by the service. */
const money = (label: string) =>
  z.union(
    [
      z.number({ error: `${label} must be a number` }).min(0, `${label} cannot be negative`).max(MAX_MAJOR_AMOUNT, `${label} must be at most 1,000,000,000`),
      z.string().trim().min(1, `${label} is required`).max(MAX_AMOUNT_TEXT, `${label} must be at most ${MAX_AMOUNT_TEXT} characters`),
    ],
    { error: `${label} must be a number` },
  );

const reviewKey = {
  /** The subscription. */
  id: idParam,
  /** The renewal the caller saw: a review of another renewal is refused (409) rather than decided. */
  renewal_date: isoDateField('Renewal date'),
};

/**
 * One object for every action (so a bad id is named like everywhere else); which of amount, seats and follow_up_on
 * an action takes is checked with the subscription in hand: keep and cancel take a note only, downgrade a new amount
 * and/or seats, negotiate a note and a follow-up date.
 */
export const reviewDecideInput = z.strictObject({
  ...reviewKey,
  action: z.enum(REVIEW_ACTIONS, { error: 'Action must be keep, downgrade, cancel or negotiate' }),
  note,
  /** The new amount per renewal (number or decimal text, read like a subscription's amount). */
  amount: money('New amount')
    .optional(),
  seats: z
    .number({ error: 'Seats must be a whole number' })
    .int('Seats must be a whole number')
    .min(1, 'Seats must be at least 1')
    .max(MAX_SEATS, `Seats must be at most ${MAX_SEATS.toLocaleString('en-US')}`)
    .optional(),
  follow_up_on: isoDateField('Follow-up date').optional(),
});
export type ReviewDecideInput = z.output<typeof reviewDecideInput>;

export const reviewOperations = {
  'reviews.list': operation<{ reviews: RenewalReview[]; base_currency: string }>()({
    method: 'GET',
    path: '/api/reviews',
    auth: true,
    role: 'viewer',
    input: z.strictObject({}),
    summary: 'The renewals due for a decision, by last day to act',
  }),
  'reviews.summary': operation<ReviewsSummary>()({
    method: 'GET',
    path: '/api/reviews/summary',
    auth: true,
    role: 'viewer',
    input: z.strictObject({}),
    summary: 'Renewals to review, what is at stake, and what decisions saved this year',
  }),
  'reviews.log': operation<{ entries: ReviewLogEntry[] }>()({
    method: 'GET',
    path: '/api/reviews/log',
    auth: true,
    role: 'viewer',
    input: z.strictObject({ limit: intQuery('Limit', 1, 1000).optional() }),
    summary: 'Every review decision, newest first',
  }),
  'reviews.decide': operation<{ entry: ReviewLogEntry }>()({
    method: 'POST',
    path: '/api/reviews/:id/decision',
    status: 201,
    auth: true,
    role: 'member',
    input: reviewDecideInput,
    summary: 'Decide a renewal review (keep, downgrade, cancel or negotiate)',
  }),
  'reviews.setThreshold': operation<{ threshold: number; base_currency: string }>()({
    method: 'PUT',
    path: '/api/reviews/settings',
    auth: true,
    role: 'admin',
    input: z.strictObject({
      /** In the base currency (number or decimal text); null: back to the default, 100. */
      threshold: money('Review amount')
        .nullable(),
    }),
    summary: 'Set the amount from which any renewal is reviewed (yearly plans always are)',
  }),
  'reviews.reopen': operation<{ entry: ReviewLogEntry }>()({
    method: 'POST',
    path: '/api/reviews/:id/reopen',
    status: 201,
    auth: true,
    role: 'member',
    input: z.strictObject(reviewKey),
    summary: 'Reopen a decided renewal review (its change is withdrawn)',
  }),
};
