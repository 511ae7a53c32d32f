import type { Kysely } from 'kysely';
import { anchorDayOf } from '../../../common/domain/billing-cycles';
import type { Database, ExpenseRow, ReminderRow } from '../../../main/db/schema';
import type { DesktopNotification } from '../../../main/ports';
import { createSmtpMailer } from '../../../main/reminders/mailer';
import { SMTP_POOL_CONNECTIONS, type SmtpTransport } from '../../../main/reminders/smtp-account';
import type { TestSmtpServer } from '../../support/smtp-server';
import type { TestCore } from '../../support/core';
import { personalWorkspaceId } from '../../support/workspaces';

// Subscriptions written the way the subscriptions service does (row + replan in one transaction,
// re-arm after commit), so these tests do not depend on its input handling.

export interface SubscriptionFields {
  name?: string;
  amount_minor?: number;
  currency?: string;
  cycle_unit?: ExpenseRow['cycle_unit'];
  cycle_every?: number;
  renewal_date: string;
  status?: ExpenseRow['status'];
  trial_ends_on?: string | null;
  notice_period_days?: number | null;
  auto_renew?: boolean;
  url?: string | null;
  reminder_days?: number[] | null;
}

async function categoryId(db: Kysely<Database>, userId: number, workspaceId: number, now: string): Promise<number> {
  const found = await db.selectFrom('categories').select('id').where('workspace_id', '=', workspaceId).where('name', '=', 'Design').executeTakeFirst();
  if (found) return found.id;
  const row = await db
    .insertInto('categories')
    .values({ user_id: userId, workspace_id: workspaceId, name: 'Design', created_at: now, updated_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

function reminders(core: TestCore) {
  if (!core.reminders) throw new Error('start the test core with { reminders: ... }');
  return core.reminders;
}

export async function addSubscriptions(core: TestCore, userId: number, list: SubscriptionFields[]): Promise<number[]> {
  const now = core.clock.now().toISOString();
  const workspaceId = await personalWorkspaceId(core.ports.db, userId);
  const ids = await core.ports.db.transaction().execute(async (trx) => {
    const category = await categoryId(trx, userId, workspaceId, now);
    const ids: number[] = [];
    for (let i = 0; i < list.length; i += 200) {
      const rows = list.slice(i, i + 200).map((f) => ({
        user_id: userId,
        workspace_id: workspaceId,
        category_id: category,
        name: f.name ?? 'Figma',
        amount_minor: f.amount_minor ?? 4500,
        currency: f.currency ?? 'USD',
        cycle_unit: f.cycle_unit ?? 'month',
        cycle_every: f.cycle_every ?? 1,
        anchor_day: anchorDayOf(f.renewal_date),
        renewal_date: f.renewal_date,
        description: null,
        status: f.status ?? 'active',
        trial_ends_on: f.trial_ends_on ?? null,
        notice_period_days: f.notice_period_days ?? null,
        auto_renew: f.auto_renew === false ? 0 : 1,
        payment_method: null,
        url: f.url === undefined ? 'https://www.figma.com/settings' : f.url,
        reminder_days: f.reminder_days ? JSON.stringify(f.reminder_days) : null,
        reminder_sent: 0,
        cancelled_at: null,
        deleted_at: null,
        created_at: now,
        updated_at: now,
      }));
      const inserted = await trx.insertInto('expenses').values(rows).returning('id').execute();
      ids.push(...inserted.map((r) => r.id));
    }
    await reminders(core).hooks.expensesChanged(trx, workspaceId, ids);
    return ids;
  });
  reminders(core).hooks.rearm();
  return ids;
}

export async function addSubscription(core: TestCore, userId: number, fields: SubscriptionFields): Promise<number> {
  const [id] = await addSubscriptions(core, userId, [fields]);
  return id!;
}

export async function editSubscription(core: TestCore, userId: number, id: number, change: Partial<SubscriptionFields> & { deleted?: boolean }): Promise<void> {
  const now = core.clock.now().toISOString();
  const workspaceId = await personalWorkspaceId(core.ports.db, userId);
  await core.ports.db.transaction().execute(async (trx) => {
    const { reminder_days, auto_renew, deleted, ...rest } = change;
    await trx
      .updateTable('expenses')
      .set({
        ...rest,
        ...(change.renewal_date ? { anchor_day: anchorDayOf(change.renewal_date), reminder_sent: 0 } : {}),
        ...(reminder_days !== undefined ? { reminder_days: reminder_days ? JSON.stringify(reminder_days) : null } : {}),
        ...(auto_renew !== undefined ? { auto_renew: auto_renew ? 1 : 0 } : {}),
        ...(deleted !== undefined ? { deleted_at: deleted ? now : null } : {}),
        updated_at: now,
      })
      .where('id', '=', id)
      .where('workspace_id', '=', workspaceId)
      .execute();
    await reminders(core).hooks.expensesChanged(trx, workspaceId, [id]);
  });
  reminders(core).hooks.rearm();
}

export async function setAccountSettings(
  core: TestCore,
  userId: number,
  values: { time_zone?: string | null; reminder_time?: string; reminder_days_default?: number[] },
): Promise<void> {
  const now = core.clock.now().toISOString();
  const workspaceId = await personalWorkspaceId(core.ports.db, userId);
  const row = {
    ...(values.reminder_time !== undefined ? { reminder_time: values.reminder_time } : {}),
    ...(values.reminder_days_default !== undefined ? { reminder_days_default: JSON.stringify(values.reminder_days_default) } : {}),
    updated_at: now,
  };
  await core.ports.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('settings')
      .values({ workspace_id: workspaceId, ...row })
      .onConflict((oc) => oc.column('workspace_id').doUpdateSet(row))
      .execute();
    if (values.time_zone !== undefined) {
      const zone = { time_zone: values.time_zone, updated_at: now };
      await trx
        .insertInto('member_settings')
        .values({ user_id: userId, locale: null, ...zone })
        .onConflict((oc) => oc.column('user_id').doUpdateSet(zone))
        .execute();
    }
    await reminders(core).hooks.settingsChanged(trx, workspaceId);
  });
  reminders(core).hooks.rearm();
}

export async function reminderRows(core: TestCore, where: { userId?: number; expenseId?: number } = {}): Promise<ReminderRow[]> {
  let query = core.ports.db.selectFrom('reminders').selectAll();
  if (where.userId !== undefined) query = query.where('user_id', '=', where.userId);
  if (where.expenseId !== undefined) query = query.where('expense_id', '=', where.expenseId);
  return query.orderBy('due_at').orderBy('id').execute();
}

/** Lets the scheduler do everything that is due on the test clock: fire, sweep, re-arm, repeat. */
export async function runDue(core: TestCore): Promise<void> {
  const system = reminders(core);
  await system.scheduler.idle();
  for (let i = 0; i < 100 && core.jobs.fireIfDue(); i++) await system.scheduler.idle();
}

/** Moves the test clock to `iso` the way time passes: every job armed on the way fires at its time. */
export async function advanceTo(core: TestCore, iso: string): Promise<void> {
  const target = new Date(iso).getTime();
  await reminders(core).scheduler.idle();
  for (let i = 0; i < 10_000; i++) {
    const next = core.jobs.armedAt();
    if (!next || next.getTime() > target) break;
    core.clock.set(next);
    await runDue(core);
  }
  core.clock.set(new Date(target));
  await runDue(core);
}

/** SMTP through a loopback test server, trusting its certificate. */
export function loopbackSmtp(server: TestSmtpServer): SmtpTransport {
  return {
    environment: null,
    createMailer: (settings, password) => createSmtpMailer(settings, password, { ca: server.ca, poolConnections: SMTP_POOL_CONNECTIONS }),
  };
}

export function recordingNotifier() {
  const shown: DesktopNotification[] = [];
  return { shown, notify: (n: DesktopNotification) => (shown.push(n), true) };
}

export const SMTP_USER = 'reminders@company.test';
export const SMTP_PASS = 'correct horse ✓ battery';
