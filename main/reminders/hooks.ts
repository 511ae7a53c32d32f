import type { Kysely } from 'kysely';
import type { ReminderHooks } from '../core/context';
import { findMemberSettings } from '../db/repositories/member-settings';
import { listMembers } from '../db/repositories/workspace-members';
import type { Database } from '../db/schema';
import type { Clock } from '../ports';
import { effectiveTimeZone } from '../services/account-settings';
import { replanExpenses } from './planner';
import { replanNextChunk, requestReplan } from './replans';

/**
 * The ReminderHooks the services call, inside their transaction; re-arm after commit. A change of
 * reminder settings replans, per recipient, their first chunk of subscriptions right there (a typical
 * account entirely), and the re-arm that follows the commit replans the rest in chunks.
 */
export function createReminderHooks(clock: Clock, rearm: () => void): ReminderHooks {
  async function replanRecipient(trx: Kysely<Database>, userId: number): Promise<void> {
    const zone = effectiveTimeZone(await findMemberSettings(trx, userId), clock);
    await requestReplan(trx, userId, zone, 'settings', clock.now());
    await replanNextChunk(trx, clock, userId);
  }
  return {
    async expensesChanged(trx, workspaceId, expenseIds) {
      await replanExpenses(trx, clock, workspaceId, expenseIds);
    },
    async settingsChanged(trx, workspaceId) {
      // Every member may receive the workspace's reminders (owner of a subscription, or asked for all).
      for (const member of await listMembers(trx, workspaceId)) await replanRecipient(trx, member.user_id);
    },
    async memberChanged(trx, userId) {
      await replanRecipient(trx, userId);
    },
    rearm,
  };
}
