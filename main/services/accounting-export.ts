import type { FileOut } from '../../common/contract/files';
import { cycleDatesBetween } from '../../common/domain/billing-cycles';
import { addDays, daysInMonth, formatIsoDate, isValidIsoDate, partsOf, todayIn, type IsoDate } from '../../common/domain/calendar-date';
import { minorToMajorString } from '../../common/domain/money';
import { AppError } from '../../common/errors';
import type { Ports } from '../core/context';
import type { Handlers } from '../core/handlers';
import { listCategories } from '../db/repositories/categories';
import { selectLiveExpenses } from '../db/repositories/expenses';
import { findWorkspace } from '../db/repositories/workspaces';
import { loadAccountSettings } from './account-settings';
import { fileSlug } from './backups';

// The accounting export (issue 11): every expected charge of a period as a bill line, in the bill-import columns
// of Xero ("Import bills" template: required columns marked with *) and of QuickBooks Online (bill import).
// Dates are DD/MM/YYYY, the form Xero's template documents (QuickBooks asks the file's date format on import:
// choose dd/MM/yyyy). Amounts are plain decimals in each charge's own currency.

export const XERO_COLUMNS = ['*ContactName', '*InvoiceNumber', '*InvoiceDate', '*DueDate', '*Description', '*Quantity', '*UnitAmount', '*AccountCode', '*TaxType', 'Currency'] as const;
export const QUICKBOOKS_COLUMNS = ['Bill No.', 'Supplier', 'Bill Date', 'Due Date', 'Account', 'Line Description', 'Line Amount', 'Currency'] as const;

/**
 * A spreadsheet would run a cell that starts with these as a formula: such a cell is prefixed with ' (and so is one
 * that already starts with ' before them, so an import, which takes one ' off, gets it back as it was).
 */
const FORMULA_START = /^'*[=+\-@\t\r]/;

export function csvCell(value: string): string {
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

const csvLine = (cells: readonly string[]) => cells.map(csvCell).join(',');
const ddmmyyyy = (date: IsoDate) => `${date.slice(8, 10)}/${date.slice(5, 7)}/${date.slice(0, 4)}`;

/** The calendar month after `today`'s: [first day, last day]. */
export function nextMonth(today: IsoDate): { from: IsoDate; to: IsoDate } {
  const { year, month } = partsOf(today);
  const y = month === 12 ? year + 1 : year;
  const m = month === 12 ? 1 : month + 1;
  return { from: formatIsoDate({ year: y, month: m, day: 1 }), to: formatIsoDate({ year: y, month: m, day: daysInMonth(y, m) }) };
}

const MAX_PERIOD_DAYS = 366 * 5;

export function accountingHandlers(ports: Ports): Pick<Handlers, 'exports.accounting'> {
  const { db, clock } = ports;
  return {
    async 'exports.accounting'(ctx, input) {
      for (const [field, value] of [['from', input.from], ['to', input.to]] as const) {
        if (value !== undefined && !isValidIsoDate(value)) throw new AppError('validation', `${field}: '${value}' is not a date`, { [field]: `'${value}' is not a date` });
      }
      const settings = await loadAccountSettings(db, clock, ctx);
      const fallback = nextMonth(todayIn(settings.timeZone, clock.now()));
      const from = input.from ?? fallback.from;
      const to = input.to ?? (input.from ? addDays(input.from, 30) : fallback.to);
      if (to < from) throw new AppError('validation', `The period ends (${to}) before it starts (${from})`, { to: 'Ends before the period starts' });
      if (addDays(from, MAX_PERIOD_DAYS) < to) throw new AppError('validation', 'The period is longer than 5 years, the most one export covers', { to: 'At most 5 years after the start' });
      const [expenses, categories] = await Promise.all([
        selectLiveExpenses(db, ctx.workspaceId).where('e.status', 'in', ['active', 'trial']).orderBy('e.name').orderBy('e.id').execute(),
        listCategories(db, ctx.workspaceId),
      ]);
      const codes = new Map(categories.map((c) => [c.id, c.account_code ?? '']));
      const lines: { date: IsoDate; cells: string[] }[] = [];
      for (const e of expenses) {
        const dates = cycleDatesBetween(e.renewal_date, { unit: e.cycle_unit, every: e.cycle_every }, e.anchor_day, from, addDays(to, 1));
        for (const date of dates) {
          const amount = minorToMajorString(e.amount_minor, e.currency);
          const number = `SM-${e.id}-${date.replace(/-/g, '')}`;
          const description = e.description ? `${e.name}: ${e.description}` : e.name;
          const account = codes.get(e.category_id) ?? '';
          const cells =
            input.format === 'xero'
              ? [e.name, number, ddmmyyyy(date), ddmmyyyy(date), description, '1', amount, account, '', e.currency]
              : [number, e.name, ddmmyyyy(date), ddmmyyyy(date), account, description, amount, e.currency];
          lines.push({ date, cells });
        }
      }
      lines.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
      const header = input.format === 'xero' ? XERO_COLUMNS : QUICKBOOKS_COLUMNS;
      const body = [csvLine(header), ...lines.map((l) => csvLine(l.cells))].join('\r\n') + '\r\n';
      const workspace = await findWorkspace(db, ctx.workspaceId);
      const file: FileOut = {
        name: `spend-manager-${input.format}-bills-${fileSlug(workspace?.name ?? 'workspace')}-${from}-to-${to}.csv`,
        type: 'text/csv; charset=utf-8',
        data: `\uFEFF${body}`,
      };
      return file;
    },
  };
}
