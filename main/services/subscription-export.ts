import type { FileOut } from '../../common/contract/files';
import { describeCycle, type BillingCycle } from '../../common/domain/billing-cycles';
import { minorToMajorString } from '../../common/domain/money';
import type { Ports } from '../core/context';
import type { Handlers } from '../core/handlers';
import { categoryNamesByIds, exportRowsByIds, liveExpenseIdsByName, liveNamesAfter, usernamesByIds, type ExpenseWithCategory } from '../db/repositories/expenses';
import { dialectOf } from '../db/sql-dialect';
import { findWorkspace } from '../db/repositories/workspaces';
import { createTimeSlice } from '../jobs/chunks';
import { csvCell } from './accounting-export';
import { idsByName, type NamedId } from './export-order';
import { fileSlug } from './backups';
import { SPEND_MANAGER_JSON_FORMAT } from './import/source';
import { EXPORT_COLUMNS, type ImportField } from './import/types';

// The subscriptions export (issue 11): CSV that opens in Excel (UTF-8 with BOM, formula-like cells escaped) in the
// columns the import recognises, and JSON with every field in its own type, versioned. Either imports back
// unchanged: the import reads these headers and keys, and takes the escaping apostrophe off again.

export const EXPORT_VERSION = 1;
/** Rows read per statement: a few milliseconds of SQLite, far below either database's parameter limit. */
const READ_CHUNK = 250;
/** Ids and names read per statement when SQLite's order is made here. */
const NAME_PAGE = 5000;

type ExportedExpense = Pick<
  ExpenseWithCategory,
  | 'id'
  | 'name'
  | 'amount_minor'
  | 'currency'
  | 'cycle_unit'
  | 'cycle_every'
  | 'renewal_date'
  | 'anchor_day'
  | 'description'
  | 'url'
  | 'payment_method'
  | 'status'
  | 'auto_renew'
  | 'notice_period_days'
  | 'trial_ends_on'
  | 'cost_centre'
  | 'seats'
  | 'seat_price_minor'
  | 'reminder_days'
  | 'category_name'
  | 'owner_name'
>;

type ExportValue = string | number | boolean | null | number[] | BillingCycle;

const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/**
 * Lines joined by `separator`, a block at a time: one join of 100k lines (40 MB of JSON) was one long turn; blocks
 * are concatenated (V8 keeps the parts until the text is read), so no step copies the whole.
 */
function createJoiner(separator: string) {
  let text: string | null = null;
  let pending: string[] = [];
  const flush = () => {
    if (pending.length === 0) return;
    const block = pending.join(separator);
    text = text === null ? block : text + separator + block;
    pending = [];
  };
  return {
    add(line: string): void {
      pending.push(line);
      if (pending.length >= 1000) flush();
    },
    get empty(): boolean {
      return text === null && pending.length === 0;
    },
    text(): string {
      flush();
      return text ?? '';
    },
  };
}

/** Each field of a subscription as its JSON value (the CSV writes the same values as text). */
function valuesOf(e: ExportedExpense): Record<ImportField, ExportValue> {
  const reminderDays = e.reminder_days === null ? null : (JSON.parse(e.reminder_days) as number[]);
  return {
    name: e.name,
    amount: minorToMajorString(e.amount_minor, e.currency),
    currency: e.currency,
    billing_cycle: { unit: e.cycle_unit, every: e.cycle_every },
    renewal_date: e.renewal_date,
    billing_day: e.anchor_day,
    category: e.category_name,
    description: e.description,
    url: e.url,
    payment_method: e.payment_method,
    status: e.status,
    auto_renew: e.auto_renew === 1,
    notice_period_days: e.notice_period_days,
    last_day_to_cancel: null,
    trial_ends_on: e.trial_ends_on,
    owner: e.owner_name,
    cost_centre: e.cost_centre,
    seats: e.seats,
    seat_price: e.seat_price_minor === null ? null : minorToMajorString(e.seat_price_minor, e.currency),
    reminder_days: reminderDays,
    reminders_enabled: reminderDays === null || reminderDays.length > 0,
  };
}

function cellText(value: ExportValue): string {
  if (value === null) return '';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (Array.isArray(value)) return value.length === 0 ? 'none' : value.join(', ');
  if (typeof value === 'object') return capitalised(describeCycle(value as BillingCycle));
  return String(value);
}

export function subscriptionExportHandlers(ports: Ports): Pick<Handlers, 'exports.subscriptions'> {
  const { db, clock } = ports;
  /**
   * The live ids by name, then id. PostgreSQL orders them by its collation (while the event loop runs on);
   * SQLite's BINARY order is made in slices from pages of names (export-order.ts).
   */
  async function orderedIds(workspaceId: number, slice: ReturnType<typeof createTimeSlice>): Promise<number[]> {
    if (dialectOf(db) === 'postgres') return liveExpenseIdsByName(db, workspaceId);
    const rows: NamedId[] = [];
    for (let after = 0; ; ) {
      const page = await liveNamesAfter(db, workspaceId, after, NAME_PAGE);
      for (const r of page) rows.push(r);
      await slice.pause();
      if (page.length < NAME_PAGE) break;
      after = page[page.length - 1]!.id;
    }
    return idsByName(rows, slice);
  }
  return {
    async 'exports.subscriptions'(ctx, input) {
      const slice = createTimeSlice();
      const workspace = await findWorkspace(db, ctx.workspaceId);
      const ids = await orderedIds(ctx.workspaceId, slice);
      const now = clock.now().toISOString();
      const base = `spend-manager-subscriptions-${fileSlug(workspace?.name ?? 'workspace')}-${now.slice(0, 10)}`;
      /** The rows in the export's order, a chunk at a time, the event loop turning between chunks. */
      const categories = new Map<number, string>();
      const owners = new Map<number, string>();
      /** Adds the names `known` lacks of these ids. */
      const learn = async (known: Map<number, string>, wanted: Iterable<number>, read: (ids: number[]) => Promise<Map<number, string>>) => {
        const missing = [...new Set(wanted)].filter((id) => !known.has(id));
        for (const [id, name] of await read(missing)) known.set(id, name);
      };
      async function* expenses(): AsyncGenerator<ExportedExpense> {
        for (let at = 0; at < ids.length; at += READ_CHUNK) {
          const chunk = ids.slice(at, at + READ_CHUNK);
          const rows = await exportRowsByIds(db, ctx.workspaceId, chunk);
          await learn(categories, rows.map((r) => r.category_id), (missing) => categoryNamesByIds(db, missing));
          await learn(owners, rows.map((r) => r.user_id), (missing) => usernamesByIds(db, missing));
          const byId = new Map<number, ExportedExpense>();
          // Every row has both (foreign keys), as the join it replaces required.
          for (const row of rows) byId.set(row.id, { ...row, category_name: categories.get(row.category_id)!, owner_name: owners.get(row.user_id)! });
          // A row deleted since the ids were read is left out, as it would have been a moment later.
          for (const id of chunk) {
            const row = byId.get(id);
            if (row) yield row;
          }
          await slice.pause();
        }
      }
      if (input.format === 'json') {
        // One subscription per line, each stringified on its own: one JSON.stringify of 100k would be one long turn.
        const lines = createJoiner(',\n');
        for await (const e of expenses()) {
          const values = valuesOf(e);
          const item: Record<string, ExportValue> = {};
          for (const { field } of EXPORT_COLUMNS) item[field] = values[field];
          lines.add(JSON.stringify(item));
          await slice.pause();
        }
        const head = JSON.stringify({ format: SPEND_MANAGER_JSON_FORMAT, version: EXPORT_VERSION, exported_at: now, workspace: workspace?.name ?? '' }).slice(0, -1);
        const data = `${head},"subscriptions":[${lines.empty ? '' : `\n${lines.text()}\n`}]}\n`;
        const file: FileOut = { name: `${base}.json`, type: 'application/json; charset=utf-8', data };
        return file;
      }
      const lines = createJoiner('\r\n');
      lines.add(EXPORT_COLUMNS.map((c) => csvCell(c.header)).join(','));
      for await (const e of expenses()) {
        const values = valuesOf(e);
        lines.add(EXPORT_COLUMNS.map((c) => csvCell(cellText(values[c.field]))).join(','));
        await slice.pause();
      }
      const file: FileOut = { name: `${base}.csv`, type: 'text/csv; charset=utf-8', data: `\uFEFF${lines.text()}\r\n` };
      return file;
    },
  };
}
