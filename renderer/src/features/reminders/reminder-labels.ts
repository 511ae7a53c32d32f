import type { Reminder } from '../../../../common/contract';
import { UPCOMING_REMINDER_STATES } from '../../../../common/contract/reminders';

// Words for a reminder row: what it is about, where it stands, how each channel went.

export type Tone = 'neutral' | 'accent' | 'success' | 'warning' | 'danger';

export const KIND_LABEL: Record<Reminder['kind'], string> = {
  renewal: 'Renewal',
  notice: 'Last day to cancel',
  trial: 'Trial ends',
  follow_up: 'Negotiation follow-up',
  price_change: 'Price change',
};

export const STATE_LABEL: Record<Reminder['state'], { label: string; tone: Tone }> = {
  pending: { label: 'Scheduled', tone: 'accent' },
  sending: { label: 'Sending', tone: 'accent' },
  snoozed: { label: 'Snoozed', tone: 'warning' },
  sent: { label: 'Sent', tone: 'success' },
  failed: { label: 'Failed', tone: 'danger' },
  missed: { label: 'Missed', tone: 'warning' },
  dismissed: { label: 'Dismissed', tone: 'neutral' },
};

export const RETRYING: { label: string; tone: Tone } = { label: 'Retrying', tone: 'warning' };

/** When it goes out relative to its date; a price change goes out once the payment is recorded. */
export function leadLabel(days: number, kind: Reminder['kind'] = 'renewal'): string {
  if (kind === 'price_change') return 'when recorded';
  if (days === 0) return 'on the day';
  return days === 1 ? '1 day before' : `${days} days before`;
}

const EMAIL: Record<NonNullable<Reminder['channels']['email']>, { label: string; tone: Tone }> = {
  sent: { label: 'sent', tone: 'success' },
  retrying: { label: 'retrying', tone: 'warning' },
  failed: { label: 'failed', tone: 'danger' },
  not_configured: { label: 'SMTP not set up', tone: 'neutral' },
  no_address: { label: 'no address', tone: 'neutral' },
};

const NOTIFICATION: Record<NonNullable<Reminder['channels']['notification']>, { label: string; tone: Tone }> = {
  shown: { label: 'shown', tone: 'success' },
  unavailable: { label: 'not available', tone: 'neutral' },
};

export interface ChannelResult {
  channel: 'Notification' | 'Email';
  label: string;
  tone: Tone;
}

/** One entry per channel that has been tried; none before the reminder fires. */
export function channelResults(reminder: Reminder): ChannelResult[] {
  const results: ChannelResult[] = [];
  const { notification, email } = reminder.channels;
  if (notification) results.push({ channel: 'Notification', ...NOTIFICATION[notification] });
  if (email) results.push({ channel: 'Email', ...EMAIL[email] });
  return results;
}

export function isUpcoming(reminder: Reminder): boolean {
  return (UPCOMING_REMINDER_STATES as readonly string[]).includes(reminder.state);
}
