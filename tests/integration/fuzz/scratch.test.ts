import { it } from 'vitest';
import { signedInCaller, startTestCore } from '../../support/core';
import { testClock } from '../../support/clock';

it('scratch', async () => {
  const core = await startTestCore({ clock: testClock('2026-03-10T09:00:00Z', 'UTC'), reminders: true });
  const a = await signedInCaller(core, 'alice');
  const show = async (n: string, i: unknown) => console.log(n, JSON.stringify(i).slice(0,100), JSON.stringify(await a.result(n, i)).slice(0, 400));
  await show('expenses.create', { name: 'x', amount: 1, renewal_date: '0001-01-01' });
  await show('expenses.create', { name: 'x', amount: 1, renewal_date: '1920-01-01' });
  await show('expenses.create', { name: 'x', amount: 1, renewal_date: '2026-04-01', status: 'trial', trial_ends_on: '0001-01-01' });
  await show('settings.update', { rates: [{ currency: 'EUR', rate: '999999999999999999999999' }] });
  await show('settings.update', { base_currency: 'CLF', rates: [{ currency: 'KWD', rate: '1000000' }] });
  await show('expenses.create', { name: 'x', amount: 1000000000, currency: 'KWD', billing_cycle: 'daily', renewal_date: '2026-04-01' });
  await show('expenses.create', { name: 'x', amount: 1000000000, currency: 'CLF', billing_cycle: 'daily', renewal_date: '2026-04-01' });
  await show('settings.update', { base_currency: 'CLF', rates: [{ currency: 'KWD', rate: '1' }] });
  await show('expenses.create', { name: 'x', amount: 1000000000, currency: 'KWD', billing_cycle: 'daily', renewal_date: '2026-04-01' });
  await show('settings.update', { base_currency: 'CLF', rates: [{ currency: 'KWD', rate: '1000' }] });
  await show('expenses.list', {});
  await show('dashboard.stats', {});
  await core.close();
});
