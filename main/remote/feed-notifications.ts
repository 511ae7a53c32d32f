import type { ReminderFeedItem } from '../../common/contract';
import type { DesktopNotification } from '../ports';

// The OS notifications for reminders the team server sent: one per message (a subscription's reminders that
// went out together), or one summary when a poll brings many at once (back from a week away).

export const SUMMARY_FROM = 4;

function when(daysLeft: number): string {
  if (daysLeft === 0) return 'today';
  if (daysLeft === 1) return 'tomorrow';
  if (daysLeft < 0) return `${-daysLeft} day${daysLeft === -1 ? '' : 's'} ago`;
  return `in ${daysLeft} days`;
}

function money(amount: number, currency: string): string {
  try {
    return new Intl.NumberFormat(undefined, { style: 'currency', currency }).format(amount);
  } catch {
    return `${amount} ${currency}`;
  }
}

function titleOf(item: ReminderFeedItem): string {
  if (item.kind === 'price_change') {
    const change = item.price_change;
    if (!change) return `${item.expense_name}: its price changed`;
    return `${item.expense_name} went from ${money(change.expected_amount, change.currency)} to ${money(change.actual_amount, change.currency)}${change.percent ? ` (${change.percent})` : ''}`;
  }
  if (item.kind === 'notice') return `Last day to cancel ${item.expense_name}: ${when(item.days_left)}`;
  if (item.kind === 'follow_up') return `Follow up on ${item.expense_name}: ${when(item.days_left)}`;
  if (item.kind === 'trial') return `${item.expense_name}: trial ends ${when(item.days_left)}`;
  return `${item.expense_name} renews ${when(item.days_left)}`;
}

/** Items of one message (same Message-ID) together, in feed order. */
function messagesOf(items: readonly ReminderFeedItem[]): ReminderFeedItem[][] {
  const groups = new Map<string, ReminderFeedItem[]>();
  for (const item of items) {
    const key = item.message_id ?? `row ${item.id}`;
    groups.set(key, [...(groups.get(key) ?? []), item]);
  }
  return [...groups.values()];
}

export function feedNotifications(items: readonly ReminderFeedItem[]): DesktopNotification[] {
  const messages = messagesOf(items);
  if (messages.length >= SUMMARY_FROM) {
    const names = [...new Set(items.map((i) => i.expense_name))];
    const shown = names.slice(0, 5).join(', ') + (names.length > 5 ? ` and ${names.length - 5} more` : '');
    return [{ title: `${messages.length} reminders from your team`, body: shown }];
  }
  return messages.map((group) => {
    const first = group[0]!;
    const also = group.length > 1 ? ` (and ${group.length - 1} more date${group.length > 2 ? 's' : ''})` : '';
    return { title: titleOf(first) + also, body: `${money(first.amount, first.currency)} · ${first.workspace_name}`, expenseId: first.expense_id };
  });
}
