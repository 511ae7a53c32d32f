import type { Tone } from '../../components/Chip';

/** Red within 3 days, amber within a week: time enough to cancel is the point. */
export function daysLeftTone(days: number): Tone {
  if (days <= 3) return 'danger';
  if (days <= 7) return 'warning';
  return 'neutral';
}
