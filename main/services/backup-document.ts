import { z } from 'zod';
import { isValidIsoDate } from '../../common/domain/calendar-date';
import { MAX_CYCLE_EVERY } from '../../common/domain/billing-cycles';
import { CONTRACT_END_ACTIONS, MAX_RENEW_MONTHS, MAX_TERM_MONTHS } from '../../common/domain/contracts';
import { rateText } from '../../common/contract/settings';
import { AppError } from '../../common/errors';
import { migrations } from '../../migrations/index';

// The workspace backup file: its versioned shape, and the checks a file passes before it may replace anything.

export const BACKUP_FORMAT = 'spend-manager/workspace-backup';
export const BACKUP_VERSION = 1;
/** The newest migration this app knows: a backup names the schema it was taken at. */
export const LATEST_SCHEMA = Object.keys(migrations).sort().at(-1)!;

const text = z.string();
const maybe = <T extends z.ZodType>(schema: T) => schema.nullable();
const whole = (least: number, most = Number.MAX_SAFE_INTEGER) => z.number().int('must be a whole number').min(least, `must be at least ${least}`).max(most, `must be at most ${most}`);
const date = z.string().refine((d) => isValidIsoDate(d), 'must be a date as YYYY-MM-DD');
const flag = z.union([z.literal(0), z.literal(1)], { error: 'must be 0 or 1' });

export const categorySchema = z.object({
  id: whole(1),
  name: text.trim().min(1, 'is empty').max(60, 'is longer than 60 characters'),
  is_default: flag,
  account_code: maybe(text.max(30, 'is longer than 30 characters')),
  created_at: text,
  updated_at: text,
});

export const subscriptionSchema = z.object({
  id: whole(1),
  category_id: whole(1),
  owner: text,
  name: text.trim().min(1, 'is empty').max(200, 'is longer than 200 characters'),
  amount_minor: whole(0),
  currency: text.regex(/^[A-Z]{3}$/, 'must be a three-letter currency code'),
  cycle_unit: z.enum(['day', 'week', 'month', 'year'], { error: 'must be day, week, month or year' }),
  cycle_every: whole(1, MAX_CYCLE_EVERY),
  anchor_day: whole(1, 31),
  renewal_date: date,
  description: maybe(text),
  status: z.enum(['active', 'trial', 'paused', 'cancelled'], { error: 'must be active, trial, paused or cancelled' }),
  trial_ends_on: maybe(date),
  notice_period_days: maybe(whole(0, 3650)),
  auto_renew: flag,
  payment_method: maybe(text),
  url: maybe(text),
  reminder_days: maybe(text),
  reminder_sent: flag,
  seats: maybe(whole(1)),
  seat_price_minor: maybe(whole(0)),
  cost_centre: maybe(text),
  cancelled_at: maybe(text),
  deleted_at: maybe(text),
  created_at: text,
  updated_at: text,
});

export const reminderSchema = z.object({
  subscription_id: whole(1),
  kind: z.enum(['renewal', 'notice', 'trial', 'follow_up', 'price_change'], { error: 'must be renewal, notice, trial, follow_up or price_change' }),
  target_date: date,
  lead_days: whole(0, 3650),
  due_at: text,
  state: z.enum(['sent', 'failed', 'missed', 'snoozed', 'dismissed'], { error: 'must be sent, failed, missed, snoozed or dismissed' }),
  snoozed_until: maybe(text),
  sent_at: maybe(text),
  dismissed_from: maybe(z.enum(['pending', 'sent', 'failed', 'missed', 'snoozed'])),
  created_at: text,
  updated_at: text,
});

export const rateSchema = z.object({
  currency: text.regex(/^[A-Z]{3}$/, 'must be a three-letter currency code'),
  // The rules of a rate typed in Settings: a positive decimal in the range a rate can have.
  rate: rateText,
  updated_at: text,
  source: z.enum(['manual', 'ecb'], { error: 'must be manual or ecb' }),
  rate_date: maybe(date),
});

export const reviewDecisionSchema = z.object({
  subscription_id: whole(1, Number.MAX_SAFE_INTEGER),
  renewal_date: date,
  last_day: date,
  /** Who decided, by username; null for the app's own entries or an account that is gone. */
  decided_by: maybe(text),
  action: z.enum(['keep', 'downgrade', 'cancel', 'negotiate', 'reopen', 'renewed_without_review'], { error: 'must be keep, downgrade, cancel, negotiate, reopen or renewed_without_review' }),
  note: maybe(text),
  follow_up_on: maybe(date),
  currency: text.regex(/^[A-Z]{3}$/, 'must be a three-letter currency code'),
  amount_before_minor: whole(0, Number.MAX_SAFE_INTEGER),
  amount_after_minor: whole(0, Number.MAX_SAFE_INTEGER),
  seats_before: maybe(whole(0, 1_000_000)),
  seats_after: maybe(whole(0, 1_000_000)),
  seat_price_after_minor: maybe(whole(0, Number.MAX_SAFE_INTEGER)),
  saving_minor: z.number().int('must be a whole number').min(-Number.MAX_SAFE_INTEGER).max(Number.MAX_SAFE_INTEGER),
  effective_on: maybe(date),
  applied_at: maybe(text),
  created_at: text,
});

export const paymentSchema = z.object({
  subscription_id: whole(1, Number.MAX_SAFE_INTEGER),
  renewal_date: date,
  currency: text.regex(/^[A-Z]{3}$/, 'must be a three-letter currency code'),
  expected_minor: whole(0, Number.MAX_SAFE_INTEGER),
  actual_minor: whole(0, Number.MAX_SAFE_INTEGER),
  paid_on: date,
  transaction_id: maybe(whole(1, Number.MAX_SAFE_INTEGER)),
  /** Who recorded the actual amount, by username; null while it is the expected one, or an account that is gone. */
  recorded_by: maybe(text),
  recorded_at: maybe(text),
  created_at: text,
  updated_at: text,
});

const cycleUnit = z.enum(['day', 'week', 'month', 'year'], { error: 'must be day, week, month or year' });
export const priceChangeSchema = z.object({
  subscription_id: whole(1, Number.MAX_SAFE_INTEGER),
  effective_on: date,
  source: z.enum(['update', 'downgrade'], { error: 'must be update or downgrade' }),
  /** Who changed it, by username; null for an account that is gone. */
  changed_by: maybe(text),
  currency_before: text.regex(/^[A-Z]{3}$/, 'must be a three-letter currency code'),
  currency_after: text.regex(/^[A-Z]{3}$/, 'must be a three-letter currency code'),
  amount_before_minor: whole(0, Number.MAX_SAFE_INTEGER),
  amount_after_minor: whole(0, Number.MAX_SAFE_INTEGER),
  seats_before: maybe(whole(0, 1_000_000)),
  seats_after: maybe(whole(0, 1_000_000)),
  cycle_unit_before: cycleUnit,
  cycle_unit_after: cycleUnit,
  cycle_every_before: whole(1, 1000),
  cycle_every_after: whole(1, 1000),
  created_at: text,
});

export const budgetSchema = z.object({
  scope: z.enum(['workspace', 'category', 'cost_centre'], { error: 'must be workspace, category or cost_centre' }),
  /** The backup's id of its category (scope 'category'). */
  category_id: maybe(whole(1)),
  cost_centre: maybe(text.trim().min(1, 'is empty').max(80, 'is longer than 80 characters')),
  amount_minor: whole(1, Number.MAX_SAFE_INTEGER),
  currency: text.regex(/^[A-Z]{3}$/, 'must be a three-letter currency code'),
  created_at: text,
  updated_at: text,
});
export const contractSchema = z
  .object({
    subscription_id: whole(1, Number.MAX_SAFE_INTEGER),
    start_date: date,
    term_months: whole(1, MAX_TERM_MONTHS),
    end_date: date,
    anchor_day: whole(1, 31),
    end_action: z.enum(CONTRACT_END_ACTIONS, { error: 'must be renew, monthly or end' }),
    renew_months: maybe(whole(1, MAX_RENEW_MONTHS)),
    ended_on: maybe(date),
    created_at: text,
    updated_at: text,
  })
  .refine((c) => c.end_date > c.start_date, { path: ['end_date'], message: 'must be after start_date' })
  .refine((c) => (c.end_action === 'renew') === (c.renew_months !== null), { path: ['renew_months'], message: 'is required for a contract that renews, and only for one' });

export const reviewsSchema = z.object({
  threshold_minor: maybe(whole(0, Number.MAX_SAFE_INTEGER)),
  decisions: z.array(z.unknown()),
});

export const settingsSchema = z.object({
  base_currency: text.regex(/^[A-Z]{3}$/, 'must be a three-letter currency code'),
  reminder_days_default: text,
  reminder_time: text.regex(/^\d{2}:\d{2}$/, 'must be HH:MM'),
  reminders_paused_until: maybe(text),
  smtp_host: maybe(text),
  smtp_port: maybe(whole(1, 65535)),
  smtp_security: maybe(z.enum(['none', 'starttls', 'tls'])),
  smtp_username: maybe(text),
  smtp_from: maybe(text),
  /** Absent in a backup that predates the daily ECB update: it stays as it is. */
  rates_daily: z.union([z.literal(0), z.literal(1)], { error: 'must be 0 or 1' }).optional(),
});

export type BackupCategory = z.infer<typeof categorySchema>;
export type BackupSubscription = z.infer<typeof subscriptionSchema>;
export type BackupReminder = z.infer<typeof reminderSchema>;
export type BackupSettings = z.infer<typeof settingsSchema>;
export type BackupRate = z.infer<typeof rateSchema>;
export type BackupReviewDecision = z.infer<typeof reviewDecisionSchema>;
export type BackupPayment = z.infer<typeof paymentSchema>;
export type BackupPriceChange = z.infer<typeof priceChangeSchema>;
export type BackupBudget = z.infer<typeof budgetSchema>;
export type BackupContract = z.infer<typeof contractSchema>;

export interface WorkspaceBackup {
  format: typeof BACKUP_FORMAT;
  version: typeof BACKUP_VERSION;
  schema: string;
  created_at: string;
  workspace: { id: number; name: string };
  settings: BackupSettings | null;
  /** Absent in a backup made before rates were kept: the workspace's rates then stay as they are. */
  rates?: BackupRate[];
  /** The renewal-review log and threshold; absent in a backup made before reviews: the workspace's stay. */
  reviews?: { threshold_minor: number | null; decisions: BackupReviewDecision[] };
  /** A payment per past renewal; absent in a backup made before payments: the restored subscriptions have none yet. */
  payments?: BackupPayment[];
  /** The subscriptions' price history; absent in a backup made before it was kept. */
  price_changes?: BackupPriceChange[];
  /** Monthly budgets; absent in a backup made before budgets: the workspace's (but those of replaced categories) stay. */
  budgets?: BackupBudget[];
  /** The subscriptions' fixed-term contracts; absent in a backup made before contracts: the restored subscriptions have none. */
  contracts?: BackupContract[];
  categories: BackupCategory[];
  subscriptions: BackupSubscription[];
  reminders: BackupReminder[];
  members: { username: string; role: string }[];
}

const envelope = z.object({
  format: z.literal(BACKUP_FORMAT),
  version: z.number(),
  schema: z.string(),
  created_at: z.string(),
  workspace: z.object({ id: z.number(), name: z.string() }),
  settings: z.unknown(),
  rates: z.array(z.unknown()).optional(),
  reviews: z.unknown().optional(),
  payments: z.array(z.unknown()).optional(),
  price_changes: z.array(z.unknown()).optional(),
  budgets: z.array(z.unknown()).optional(),
  contracts: z.array(z.unknown()).optional(),
  categories: z.array(z.unknown()),
  subscriptions: z.array(z.unknown()),
  reminders: z.array(z.unknown()),
  members: z.array(z.object({ username: z.string(), role: z.string() })),
});

function refuse(message: string): AppError {
  return new AppError('validation', message, { file: message });
}

/** Reads the file's envelope (not yet its rows): JSON, the format, a version and schema this app knows. */
export function readBackupEnvelope(bytes: Uint8Array): z.infer<typeof envelope> {
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    throw refuse('This file is not a Spend Manager backup: it is not readable JSON (cut short, or another kind of file)');
  }
  if (typeof json !== 'object' || json === null || (json as { format?: unknown }).format !== BACKUP_FORMAT) {
    throw refuse(`This file is not a Spend Manager backup: it does not say "format": "${BACKUP_FORMAT}"`);
  }
  const { version, schema } = json as { version?: unknown; schema?: unknown };
  if (typeof version === 'number' && version > BACKUP_VERSION) {
    throw refuse(`This backup is version ${version}, made by a newer Spend Manager; this app reads version ${BACKUP_VERSION}: update the app to restore it`);
  }
  if (typeof schema === 'string' && schema > LATEST_SCHEMA) {
    throw refuse(`This backup was taken at database version ${schema}, newer than this app's ${LATEST_SCHEMA}: update the app to restore it`);
  }
  const parsed = envelope.safeParse(json);
  if (!parsed.success || parsed.data.version !== BACKUP_VERSION) {
    const where = parsed.success ? 'version' : parsed.error.issues[0]!.path.join('.');
    throw refuse(`This backup cannot be restored: its ${where || 'contents'} is missing or not as a version ${BACKUP_VERSION} backup has it`);
  }
  return parsed.data;
}

/** The whole file, every row through the rules; throws the first problem in words. */
export function readBackup(bytes: Uint8Array): WorkspaceBackup {
  const raw = readBackupEnvelope(bytes);
  const categories = raw.categories.map((row, i) => checkRowSync(categorySchema, 'categories', i, row));
  const categoryIds = new Set(categories.map((c) => c.id));
  const subscriptions = raw.subscriptions.map((row, i) => {
    const s = checkRowSync(subscriptionSchema, 'subscriptions', i, row);
    if (!categoryIds.has(s.category_id)) throw refuse(`This backup cannot be restored: subscriptions, row ${i + 1} ('${s.name}'), category_id: no category ${s.category_id} in the backup`);
    return s;
  });
  const subscriptionIds = new Set(subscriptions.map((s) => s.id));
  const reminders = raw.reminders.map((row, i) => {
    const r = checkRowSync(reminderSchema, 'reminders', i, row);
    if (!subscriptionIds.has(r.subscription_id)) throw refuse(`This backup cannot be restored: reminders, row ${i + 1}, subscription_id: no subscription ${r.subscription_id} in the backup`);
    return r;
  });
  const settings = raw.settings === null ? null : checkRowSync(settingsSchema, 'settings', 0, raw.settings);
  const rates = raw.rates?.map((row, i) => checkRowSync(rateSchema, 'rates', i, row));
  if (rates && new Set(rates.map((r) => r.currency)).size !== rates.length) throw refuse('This backup cannot be restored: rates lists a currency twice');
  let reviews: WorkspaceBackup['reviews'];
  if (raw.reviews !== undefined) {
    const { threshold_minor, decisions } = checkRowSync(reviewsSchema, 'reviews', 0, raw.reviews);
    reviews = {
      threshold_minor,
      decisions: decisions.map((row, i) => {
        const d = checkRowSync(reviewDecisionSchema, 'review decisions', i, row);
        if (!subscriptionIds.has(d.subscription_id)) throw refuse(`This backup cannot be restored: review decisions, row ${i + 1}, subscription_id: no subscription ${d.subscription_id} in the backup`);
        return d;
      }),
    };
  }
  const paid = new Set<string>();
  const payments = raw.payments?.map((row, i) => {
    const p = checkRowSync(paymentSchema, 'payments', i, row);
    if (!subscriptionIds.has(p.subscription_id)) throw refuse(`This backup cannot be restored: payments, row ${i + 1}, subscription_id: no subscription ${p.subscription_id} in the backup`);
    const key = `${p.subscription_id}|${p.renewal_date}`;
    if (paid.has(key)) throw refuse(`This backup cannot be restored: payments, row ${i + 1}, renewal_date: subscription ${p.subscription_id} has another payment for ${p.renewal_date}`);
    paid.add(key);
    return p;
  });
  const priceChanges = raw.price_changes?.map((row, i) => {
    const c = checkRowSync(priceChangeSchema, 'price changes', i, row);
    if (!subscriptionIds.has(c.subscription_id)) throw refuse(`This backup cannot be restored: price changes, row ${i + 1}, subscription_id: no subscription ${c.subscription_id} in the backup`);
    return c;
  });
  const scopes = new Set<string>();
  const budgets = raw.budgets?.map((row, i) => {
    const b = checkRowSync(budgetSchema, 'budgets', i, row);
    const where = `This backup cannot be restored: budgets, row ${i + 1}`;
    if (b.scope === 'category' && (b.category_id === null || !categoryIds.has(b.category_id))) throw refuse(`${where}, category_id: no category ${b.category_id} in the backup`);
    if (b.scope === 'cost_centre' && b.cost_centre === null) throw refuse(`${where}, cost_centre: is missing`);
    if (b.scope !== 'category' && b.category_id !== null) throw refuse(`${where}, category_id: only a category budget has one`);
    if (b.scope !== 'cost_centre' && b.cost_centre !== null) throw refuse(`${where}, cost_centre: only a cost-centre budget has one`);
    const key = b.scope === 'category' ? `c${b.category_id}` : b.scope === 'cost_centre' ? `k${b.cost_centre!.toLowerCase()}` : 'w';
    if (scopes.has(key)) throw refuse(`${where}, scope: another budget of the backup has the same scope`);
    scopes.add(key);
    return b;
  });
  const bound = new Set<number>();
  const contracts = raw.contracts?.map((row, i) => {
    const c = checkRowSync(contractSchema, 'contracts', i, row);
    if (!subscriptionIds.has(c.subscription_id)) throw refuse(`This backup cannot be restored: contracts, row ${i + 1}, subscription_id: no subscription ${c.subscription_id} in the backup`);
    if (bound.has(c.subscription_id)) throw refuse(`This backup cannot be restored: contracts, row ${i + 1}, subscription_id: subscription ${c.subscription_id} has another contract`);
    bound.add(c.subscription_id);
    return c;
  });
  return { ...raw, format: BACKUP_FORMAT, version: BACKUP_VERSION, settings, rates, reviews, payments, price_changes: priceChanges, budgets, contracts, categories, subscriptions, reminders };
}

/** The first problem of one row, in words: "subscriptions, row 3 ('Figma'), amount_minor: must be a whole number". */
export function checkRowSync<T>(schema: z.ZodType<T>, list: string, index: number, row: unknown): T {
  const parsed = schema.safeParse(row);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const name = typeof row === 'object' && row !== null && typeof (row as { name?: unknown }).name === 'string' ? ` ('${(row as { name: string }).name}')` : '';
  const field = issue.path.join('.') || 'row';
  const reason = issue.code === 'invalid_type' && issue.input === undefined ? 'is missing' : issue.message;
  throw refuse(`This backup cannot be restored: ${list}, row ${index + 1}${name}, ${field}: ${reason}`);
}
