// The fields an import maps columns to, without zod: the renderer's Import screen lists them.

/** What a column can be mapped to (main/services/import/ reads and maps these). */
export const IMPORT_FIELD_NAMES = [
  'name',
  'amount',
  'currency',
  'billing_cycle',
  'renewal_date',
  'billing_day',
  'category',
  'description',
  'url',
  'payment_method',
  'status',
  'auto_renew',
  'notice_period_days',
  'last_day_to_cancel',
  'trial_ends_on',
  'owner',
  'cost_centre',
  'seats',
  'seat_price',
  'reminder_days',
  'reminders_enabled',
] as const;
export type ImportFieldName = (typeof IMPORT_FIELD_NAMES)[number];
