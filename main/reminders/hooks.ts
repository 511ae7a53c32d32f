import type { ReminderHooks } from '../core/context';
import type { Clock } from '../ports';
import { loadAccountSettings } from '../services/account-settings';
import { replanExpenses } from './planner';
import { replanNextChunk, requestReplan } from './replans';

/**
 * The ReminderHooks the services call, inside their transaction; re-arm after commit. A change of
 * the account's reminder settings replans its first chunk of subscriptions right there (a typical
 * account entirely), and the re-arm that follows the commit replans the rest in chunks.
 */
export function createReminderHooks(clock: Clock, rearm: () => void): ReminderHooks {
  return {
    async expensesChanged(trx, userId, expenseIds) {
      await replanExpenses(trx, clock, userId, expenseIds);
    },
    async settingsChanged(trx, userId) {
      const { timeZone } = await loadAccountSettings(trx, clock, userId);
      await requestReplan(trx, userId, timeZone, 'settings', clock.now());
      await replanNextChunk(trx, clock, userId);
    },
    rearm,
  };
}
