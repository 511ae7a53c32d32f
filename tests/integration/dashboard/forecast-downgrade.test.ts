import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { signedInCaller, startTestCore, type TestCaller, type TestCore } from '../../support/core';
import { testClock } from '../../support/clock';

// A downgrade decided in a renewal review (issue 13) takes effect on the renewal date: the forecast shows the
// new price from that charge on, and the old one again if the review is reopened.

let core: TestCore;
let alice: TestCaller;
beforeEach(async () => {
  core = await startTestCore({ clock: testClock('2026-06-15T09:00:00Z', 'UTC') });
  alice = await signedInCaller(core, 'alice');
});
afterEach(async () => {
  await core.close();
});

const months = async (...wanted: string[]) => {
  const { forecast } = await alice.call('dashboard.stats');
  return wanted.map((m) => forecast.find((f) => f.month === m)?.total);
};

describe('forecast with a pending downgrade', () => {
  it('charges the new amount from the renewal date on, for a yearly and a monthly plan, and the old one after a reopen', async () => {
    const { expense: zoom } = await alice.call('expenses.create', { name: 'Zoom', amount: 80, billing_cycle: 'yearly', renewal_date: '2026-06-22' });
    const { expense: slack } = await alice.call('expenses.create', { name: 'Slack', amount: 150, renewal_date: '2026-06-20' });
    expect(await months('2026-06', '2026-07', '2026-08')).toEqual([230, 150, 150]);

    await alice.call('reviews.decide', { id: zoom.id, renewal_date: '2026-06-22', action: 'downgrade', amount: '60.00' });
    await alice.call('reviews.decide', { id: slack.id, renewal_date: '2026-06-20', action: 'downgrade', amount: '100.00' });
    expect(await months('2026-06', '2026-07', '2026-08', '2027-05')).toEqual([160, 100, 100, 100]);
    // The cards keep today's price until the change is applied on the renewal date.
    expect((await alice.call('dashboard.stats')).monthly_spend).toBeCloseTo(150 + 80 / 12, 2);

    await alice.call('reviews.reopen', { id: slack.id, renewal_date: '2026-06-20' });
    expect(await months('2026-06', '2026-07')).toEqual([210, 150]);
  });
});
