import type { ReviewLogAction } from '../../../../common/domain/renewal-review';

/** Each log entry's action in words (the Reviews screen's log and the dashboard's list of decisions). */
export const LOG_WORDS: Record<ReviewLogAction, string> = {
  keep: 'Kept',
  downgrade: 'Downgraded',
  cancel: 'Cancelled',
  negotiate: 'Negotiating',
  reopen: 'Reopened',
  renewed_without_review: 'Renewed without review',
};
