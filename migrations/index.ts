import type { Migration } from 'kysely';
import * as m0001 from './0001_accounts';
import * as m0002 from './0002_subscriptions';
import * as m0003 from './0003_expense_indexes';
import * as m0004 from './0004_reminders';
import * as m0005 from './0005_session_ids';
import * as m0006 from './0006_reminder_restore';
import * as m0007 from './0007_trial_end_index';
import * as m0008 from './0008_upcoming_index';
import * as m0009 from './0009_reminder_plans';
import * as m0010 from './0010_throttle_state';
import * as m0012 from './0012_password_reset_two_factor';
import * as m0013 from './0013_workspaces';
import * as m0014 from './0014_seats_cost_centres';
import * as m0015 from './0015_imports';
import * as m0016 from './0016_account_codes';
import * as m0017 from './0017_calendar_feeds';
import * as m0018 from './0018_rate_sources';
import * as m0019 from './0019_renewal_reviews';
import * as m0020 from './0020_follow_up_reminders';
import * as m0021 from './0021_payments';
import * as m0022 from './0022_dashboard_aggregates';
import * as m0023 from './0023_price_change_alerts';
import * as m0024 from './0024_budgets';
import * as m0025 from './0025_contracts';
import * as m0026 from './0026_review_index';

// Listed statically: a bundled app cannot scan a folder. Names sort in the order they run.
export const migrations: Record<string, Migration> = {
  '0001_accounts': m0001,
  '0002_subscriptions': m0002,
  '0003_expense_indexes': m0003,
  '0004_reminders': m0004,
  '0005_session_ids': m0005,
  '0006_reminder_restore': m0006,
  '0007_trial_end_index': m0007,
  '0008_upcoming_index': m0008,
  '0009_reminder_plans': m0009,
  '0010_throttle_state': m0010,
  '0012_password_reset_two_factor': m0012,
  '0013_workspaces': m0013,
  '0014_seats_cost_centres': m0014,
  '0015_imports': m0015,
  '0016_account_codes': m0016,
  '0017_calendar_feeds': m0017,
  '0018_rate_sources': m0018,
  '0019_renewal_reviews': m0019,
  '0020_follow_up_reminders': m0020,
  '0021_payments': m0021,
  '0022_dashboard_aggregates': m0022,
  '0023_price_change_alerts': m0023,
  '0024_budgets': m0024,
  '0025_contracts': m0025,
  '0026_review_index': m0026,
};
