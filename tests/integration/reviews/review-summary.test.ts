import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../../common/domain/calendar-date';
import { contractAnchorDay, derivedEnd } from '../../../common/domain/contracts';
import { parseMajorAmount } from '../../../common/domain/money';
import { ONE, type Rational, fromDecimalString, roundToInteger } from '../../../common/domain/rational';
import { monthlyEquivalent } from '../../../common/domain/monthly-equivalent';
import { convertMinor, bigMinorToMajor } from '../../../common/domain/money';
import { currentCycle } from '../../../main/services/current-cycle';
import { ExactSum } from '../../../main/services/exact-sum';
import { signedInCaller, startTestCore, type TestCaller, type TestCore } from '../../support/core';
import { testClock, type TestClock } from '../../support/clock';

// The dashboard's "N renewals to review, $X a year at stake" counts most plans by group in SQL and looks at the rest
// one by one (reviews.summary), while the Reviews screen decides every plan one by one (reviews.list). On any mix of
// statuses, trials, renewals the sweep has not rolled, notice periods, lead days, currencies with and without rates,
// thresholds, decisions, fixed-term contracts and times of day, the two must agree exactly: the count, the yearly total (summed exactly,
// rounded once) and the reviews without a rate.

const RATES: Record<string, string> = { EUR: '1.08', JPY: '0.0067', KWD: '3.25' };
const CURRENCIES = ['USD', 'EUR', 'JPY', 'KWD', 'BRL'] as const;
const CYCLES = [['month', 1], ['month', 3], ['month', 12], ['year', 1], ['week', 1], ['week', 52], ['day', 365], ['day', 30]] as const;
const NOTICES = [null, 0, 1, 3, 7, 8, 14, 30, 31, 45, 90, 91, 200, 365, 400] as const;
const LEAD_DAYS = [null, '[14,3]', '[1]', '[3]', '[7]', '[30]', '[]', 'not json'] as const;
const ACTIONS = ['keep', 'downgrade', 'cancel', 'negotiate', 'reopen'] as const;
const TODAY = '2026-06-15';

const plan = fc.record({
  currency: fc.constantFrom(...CURRENCIES),
  cycle: fc.constantFrom(...CYCLES),
  // Around the 100.00 threshold in each currency's minor units, and anything else.
  amount: fc.oneof(fc.integer({ min: 9_000, max: 11_000 }), fc.integer({ min: 0, max: 3_000_000 })),
  status: fc.constantFrom('active', 'active', 'active', 'trial', 'paused', 'cancelled'),
  autoRenew: fc.constantFrom(true, true, true, false),
  trialEnds: fc.option(fc.integer({ min: -10, max: 20 }), { nil: null }),
  // Mostly near the review's days (the last day to cancel ± a week), else anywhere, passed renewals included.
  renewalIn: fc.oneof({ arbitrary: fc.integer({ min: -2, max: 10 }).map((k) => ({ nearLastDay: k })), weight: 3 }, { arbitrary: fc.integer({ min: -45, max: 420 }).map((days) => ({ days })), weight: 1 }),
  notice: fc.constantFrom(...NOTICES),
  leadDays: fc.constantFrom(...LEAD_DAYS),
  deleted: fc.constantFrom(false, false, false, false, true),
  // A fixed-term contract: its end (not each renewal) is what gets reviewed while it runs.
  contract: fc.option(
    fc.record({ startIn: fc.integer({ min: -400, max: 30 }), term: fc.constantFrom(1, 3, 12, 13, 24), action: fc.constantFrom('renew', 'monthly', 'end'), ended: fc.constantFrom(false, false, false, true) }),
    { nil: null, freq: 3 },
  ),
  decision: fc.option(fc.record({ action: fc.constantFrom(...ACTIONS), onCurrent: fc.boolean(), second: fc.option(fc.constantFrom(...ACTIONS), { nil: null }) }), { nil: null }),
});

const scenario = fc.record({
  plans: fc.array(plan, { minLength: 15, maxLength: 40 }),
  threshold: fc.constantFrom(null, '0', '50.00', '100.00', '250.00'),
  dayOffset: fc.integer({ min: 0, max: 3 }),
  time: fc.constantFrom('00:00:00', '08:59:59', '09:00:00', '13:30:00', '23:59:59'),
});

let core: TestCore;
let alice: TestCaller;
let clock: TestClock;
let workspaceId: number;
let categoryId: number;

beforeAll(async () => {
  clock = testClock(`${TODAY}T09:00:00Z`);
  core = await startTestCore({ clock });
  alice = await signedInCaller(core, 'alice');
  await alice.call('settings.update', { rates: Object.entries(RATES).map(([currency, rate]) => ({ currency, rate })) });
  workspaceId = (await alice.call('workspaces.list', {})).workspaces.find((w) => w.kind === 'personal')!.id;
  categoryId = (await alice.call('categories.list', {})).categories[0]!.id;
});
afterAll(async () => {
  await core.close();
});

const rates = new Map<string, Rational>([...Object.entries(RATES).map(([c, r]) => [c, fromDecimalString(r)] as const), ['USD', ONE]]);

/** What the summary must say, from the Reviews screen's list: exact yearly cost in USD, summed then rounded once. */
function expectedFromList(reviews: { amount: number; currency: string; billing_cycle: { unit: string; every: number } }[]) {
  const sum = new ExactSum();
  let unconverted = 0;
  for (const r of reviews) {
    const rate = rates.get(r.currency);
    if (!rate) {
      unconverted += 1;
      continue;
    }
    const parsed = parseMajorAmount(String(r.amount), r.currency);
    if (!parsed.ok) throw new Error(`unparsable amount ${r.amount}`);
    const cycle = r.billing_cycle as { unit: 'day' | 'week' | 'month' | 'year'; every: number };
    sum.add(BigInt(parsed.minor), `${r.currency}:${cycle.unit}:${cycle.every}`, convertMinor(monthlyEquivalent(1, cycle), r.currency, 'USD', rate));
  }
  return { due_count: reviews.length, yearly_at_stake: bigMinorToMajor(roundToInteger(sum.times(12)), 'USD'), unconverted_count: unconverted };
}

describe('the dashboard review summary against the Reviews screen', () => {
  it('counts and sums exactly the reviews the list shows, on any mix of plans, decisions, thresholds and times', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async ({ plans, threshold, dayOffset, time }) => {
        const db = core.database.db;
        await db.deleteFrom('review_decisions').where('workspace_id', '=', workspaceId).execute();
        await db.deleteFrom('expenses').where('workspace_id', '=', workspaceId).execute();
        clock.set(`${TODAY}T09:00:00Z`);
        await alice.call('reviews.setThreshold', { threshold });
        const today = addDays(TODAY, dayOffset);
        for (const [i, p] of plans.entries()) {
          const renewal = addDays(TODAY, 'days' in p.renewalIn ? p.renewalIn.days : Math.max(p.notice ?? 0, 1) + p.renewalIn.nearLastDay);
          const row = {
            user_id: alice.userId!,
            workspace_id: workspaceId,
            category_id: categoryId,
            name: `Plan ${i}`,
            amount_minor: p.amount,
            currency: p.currency,
            cycle_unit: p.cycle[0],
            cycle_every: p.cycle[1],
            anchor_day: Number(renewal.slice(8, 10)),
            renewal_date: renewal,
            status: p.status,
            trial_ends_on: p.status === 'trial' && p.trialEnds !== null ? addDays(TODAY, p.trialEnds) : null,
            auto_renew: p.autoRenew ? 1 : 0,
            notice_period_days: p.notice,
            reminder_days: p.leadDays,
            reminder_sent: 0,
            deleted_at: p.deleted ? `${TODAY}T08:00:00.000Z` : null,
            created_at: `${TODAY}T08:00:00.000Z`,
            updated_at: `${TODAY}T08:00:00.000Z`,
          } as const;
          const { id } = await db.insertInto('expenses').values(row).returning('id').executeTakeFirstOrThrow();
          if (p.contract !== null) {
            const start = addDays(TODAY, p.contract.startIn);
            const end = derivedEnd(start, p.contract.term)!;
            await db
              .insertInto('contracts')
              .values({ expense_id: Number(id), start_date: start, term_months: p.contract.term, end_date: end, anchor_day: contractAnchorDay(start, p.contract.term, end), end_action: p.contract.action, renew_months: p.contract.action === 'renew' ? 12 : null, ended_on: p.contract.ended ? end : null, created_at: row.created_at, updated_at: row.updated_at })
              .execute();
          }
          if (p.decision === null) continue;
          // A decision on the renewal the plan stands on today (rolled forward when the sweep has not), or on an older one.
          const current = currentCycle({ ...row, cancelled_at: null }, today, `${today}T00:00:00.000Z`).renewal_date;
          // Under a contract, a decision on its end (the renewal its review is about).
          const decided = p.contract === null ? current : derivedEnd(addDays(TODAY, p.contract.startIn), p.contract.term)!;
          const renewalDate = p.decision.onCurrent ? decided : addDays(decided, -30);
          for (const [k, action] of [p.decision.action, p.decision.second].filter((a) => a !== null).entries()) {
            await db
              .insertInto('review_decisions')
              .values({ workspace_id: workspaceId, expense_id: Number(id), renewal_date: renewalDate, last_day: addDays(renewalDate, -1), user_id: alice.userId!, action: action!, currency: p.currency, amount_before_minor: p.amount, amount_after_minor: p.amount, created_at: `${TODAY}T08:0${k}:00.000Z` })
              .execute();
          }
        }
        clock.set(`${today}T${time}Z`);
        const { reviews } = await alice.call('reviews.list', {});
        const summary = await alice.call('reviews.summary', {});
        expect({ due_count: summary.due_count, yearly_at_stake: summary.yearly_at_stake, unconverted_count: summary.unconverted_count }).toEqual(expectedFromList(reviews));
      }),
      { numRuns: 60 },
    );
  }, 120_000);

  it('counts the plans the grouping leaves to one-by-one: a trial running on, a negotiation, renewals the sweep has not rolled', async () => {
    const db = core.database.db;
    await db.deleteFrom('review_decisions').where('workspace_id', '=', workspaceId).execute();
    await db.deleteFrom('expenses').where('workspace_id', '=', workspaceId).execute();
    await alice.call('reviews.setThreshold', { threshold: null });
    clock.set(`${TODAY}T09:00:00Z`);
    // Each 150.00 monthly (1,800 a year) renewing Jun 20 with no notice: last day Jun 19, open from Jun 12.
    const plan = { category: 'Communication', amount: 150, renewal_date: '2026-06-20' };
    await alice.call('expenses.create', { ...plan, name: 'Slack' });
    await alice.call('expenses.create', { ...plan, name: 'Trial', status: 'trial', trial_ends_on: '2026-06-30' });
    const { expense: { id: negotiated } } = await alice.call('expenses.create', { ...plan, name: 'Zoom' });
    await alice.call('reviews.decide', { id: negotiated, renewal_date: '2026-06-20', action: 'negotiate', note: 'asking for 10 %', follow_up_on: '2026-06-18' });
    const { expense: { id: kept } } = await alice.call('expenses.create', { ...plan, name: 'Kept' });
    await alice.call('reviews.decide', { id: kept, renewal_date: '2026-06-20', action: 'keep' });
    expect((await alice.call('reviews.list', {})).reviews.map((r) => r.name)).toEqual(['Slack', 'Trial', 'Zoom']);
    expect(await alice.call('reviews.summary', {})).toMatchObject({ due_count: 3, yearly_at_stake: 5400 });
    // Jul 15, no sweep run: every stored renewal (Jun 20) has passed and the trial has ended; each now renews Jul 20,
    // open from Jul 12, and the decisions were about June's renewal.
    clock.set('2026-07-15T09:00:00Z');
    expect((await alice.call('reviews.list', {})).reviews.map((r) => r.name)).toEqual(['Kept', 'Slack', 'Trial', 'Zoom']);
    expect(await alice.call('reviews.summary', {})).toMatchObject({ due_count: 4, yearly_at_stake: 7200 });
  });
});
