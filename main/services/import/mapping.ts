import { EXPORT_COLUMNS, IMPORT_FIELDS, type ColumnMapping, type DateOrder, type ImportField, type SourceTable } from './types';

// Which column holds which field, guessed from the headers; the user can remap any of it in the preview.

/** Lower case, punctuation and spaces folded: "Next-Payment " → "next payment". */
export const foldHeader = (header: string): string =>
  header
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();

const SYNONYMS: Record<ImportField, string[]> = {
  name: ['name', 'service', 'vendor', 'subscription', 'subscription name', 'service name', 'product', 'tool', 'app', 'dienst', 'anbieter', 'nom', 'nombre', 'servicio', 'naam'],
  amount: ['amount', 'price', 'cost', 'fee', 'charge', 'total', 'betrag', 'preis', 'kosten', 'montant', 'prix', 'importe', 'precio', 'bedrag', 'prijs'],
  currency: ['currency', 'currency code', 'währung', 'devise', 'monnaie', 'moneda', 'valuta'],
  billing_cycle: ['cycle', 'billing cycle', 'frequency', 'billing', 'period', 'billing period', 'payment cycle', 'interval', 'recurrence', 'zyklus', 'intervall', 'abrechnungszeitraum', 'fréquence', 'périodicité', 'frecuencia', 'periodo'],
  renewal_date: ['renewal date', 'next payment', 'next billing date', 'next renewal', 'next payment date', 'renews on', 'next charge', 'due date', 'nächste zahlung', 'verlängerung', 'nächste verlängerung', 'prochain paiement', 'date de renouvellement', 'próximo pago', 'fecha de renovación', 'volgende betaling'],
  billing_day: ['billing day', 'anchor day', 'day of month', 'bills on day'],
  category: ['category', 'group', 'type', 'kategorie', 'catégorie', 'categoría', 'categorie'],
  description: ['description', 'notes', 'note', 'comment', 'comments', 'beschreibung', 'notizen', 'notiz', 'bemerkung', 'remarques', 'notas', 'descripción'],
  url: ['url', 'website', 'link', 'web', 'site'],
  payment_method: ['payment method', 'payment', 'card', 'paid with', 'zahlungsmethode', 'zahlungsart', 'moyen de paiement', 'método de pago'],
  status: ['status', 'state'],
  auto_renew: ['auto renew', 'autorenew', 'auto renewal', 'automatic renewal'],
  notice_period_days: ['notice period', 'notice period days', 'notice days', 'notice'],
  last_day_to_cancel: ['cancellation date', 'last day to cancel', 'cancel by', 'cancellation deadline'],
  trial_ends_on: ['trial ends', 'trial end', 'trial ends on', 'trial end date'],
  owner: ['owner', 'paid by', 'payer', 'responsible', 'user'],
  cost_centre: ['cost centre', 'cost center', 'department'],
  seats: ['seats', 'licenses', 'licences', 'users count'],
  seat_price: ['price per seat', 'seat price', 'per seat'],
  reminder_days: ['reminder days', 'reminders', 'remind days'],
  reminders_enabled: ['notifications', 'notify', 'reminders enabled'],
};

const BY_PHRASE = new Map<string, ImportField>();
for (const field of IMPORT_FIELDS) {
  BY_PHRASE.set(field.replace(/_/g, ' '), field);
  for (const phrase of SYNONYMS[field]) if (!BY_PHRASE.has(phrase)) BY_PHRASE.set(phrase, field);
}
const EXPORT_HEADERS = new Map(EXPORT_COLUMNS.map((c) => [c.header, c.field]));
// Wallos's keys, exactly (its "Active" says what "State" says: one of them is enough).
const WALLOS: Record<string, ImportField> = {
  Name: 'name',
  'Payment Cycle': 'billing_cycle',
  'Next Payment': 'renewal_date',
  Renewal: 'auto_renew',
  Category: 'category',
  'Payment Method': 'payment_method',
  'Paid By': 'owner',
  Price: 'amount',
  Notes: 'description',
  URL: 'url',
  State: 'status',
  Notifications: 'reminders_enabled',
  'Cancellation Date': 'last_day_to_cancel',
  Active: 'status',
};

const AUTO_RENEW_WORDS = /^(automatic|manual|auto|yes|no|true|false|on|off|1|0)$/i;

function fieldOf(table: SourceTable, column: number): ImportField | undefined {
  const header = table.headers[column] ?? '';
  if (table.format === 'wallos-json' || table.format === 'wallos-csv') return WALLOS[header];
  if (table.format === 'spend-manager-json' && (IMPORT_FIELDS as readonly string[]).includes(header)) return header as ImportField;
  const exported = EXPORT_HEADERS.get(header);
  if (exported) return exported;
  const folded = foldHeader(header);
  // "Renewal" is a date in most sheets and Wallos's Automatic/Manual: the cells decide.
  if (folded === 'renewal' || folded === 'renews') {
    const values = table.rows.slice(0, 20).map((r) => (r.cells[column] ?? '').trim()).filter((v) => v !== '');
    return values.length > 0 && values.every((v) => AUTO_RENEW_WORDS.test(v)) ? 'auto_renew' : 'renewal_date';
  }
  return BY_PHRASE.get(folded);
}

/** Each field from the first column whose header names it. */
export function guessMapping(table: SourceTable): ColumnMapping {
  const mapping: ColumnMapping = {};
  table.headers.forEach((_, column) => {
    const field = fieldOf(table, column);
    if (field !== undefined && mapping[field] === undefined) mapping[field] = column;
  });
  return mapping;
}

/** Why nothing can be imported with this mapping, in words; null when a name or an amount has a column. */
export function mappingProblem(table: SourceTable, mapping: ColumnMapping): string | null {
  if (mapping.name !== undefined || mapping.amount !== undefined || mapping.seat_price !== undefined) return null;
  const found = table.headers.slice(0, 10).map((h) => `'${h}'`).join(', ');
  return `No column is recognisable as a name or an amount: found ${found}${table.headers.length > 10 ? ', …' : ''}. Choose which column holds what.`;
}

const NUMERIC_DATE = /^(\d{1,4})([/.-])(\d{1,2})\2(\d{1,4})$/;

/** The order of the file's numeric dates; 'ambiguous' when no date has a part above 12 to tell. */
export function detectDateOrder(table: SourceTable, mapping: ColumnMapping): DateOrder | 'ambiguous' {
  const columns = (['renewal_date', 'trial_ends_on', 'last_day_to_cancel'] as const).map((f) => mapping[f]).filter((c): c is number => c !== undefined);
  let iso = 0;
  let dots = 0;
  let dayFirst = false;
  let monthFirst = false;
  let undecided = 0;
  for (const { cells } of table.rows) {
    for (const column of columns) {
      const match = NUMERIC_DATE.exec((cells[column] ?? '').trim());
      if (!match) continue;
      const [, a, mark, b] = match as unknown as [string, string, string, string];
      if (a.length === 4) {
        iso += 1;
        continue;
      }
      if (mark === '.') dots += 1;
      const first = Number(a);
      const second = Number(b);
      if (first > 12) dayFirst = true;
      else if (second > 12) monthFirst = true;
      else undecided += 1;
    }
    if (dayFirst && monthFirst) break;
  }
  if (dayFirst && !monthFirst) return 'dmy';
  if (monthFirst && !dayFirst) return 'mdy';
  if (dayFirst && monthFirst) return 'ambiguous';
  // No country writes month.day.year: dotted dates are day first.
  if (undecided > 0) return dots === undecided ? 'dmy' : 'ambiguous';
  return iso >= 0 ? 'ymd' : 'ambiguous';
}

/** Amounts that only one decimal mark reads: "1,50" and "1.234,56" (comma), "1.50" and "1,234.56" (point); "1,234" tells nothing. */
const COMMA_DECIMAL = /^\d{1,3}(\.\d{3})+,\d+$|^\d+,\d{1,2}$/;
const POINT_DECIMAL = /^\d{1,3}(,\d{3})+\.\d+$|^\d+\.\d{1,2}$/;

/** How the file writes its amounts, from the amounts that can only be read one way; 'ambiguous' when none or both. */
export function detectDecimalMark(table: SourceTable, mapping: ColumnMapping): 'point' | 'comma' | 'ambiguous' {
  const columns = (['amount', 'seat_price'] as const).map((f) => mapping[f]).filter((c): c is number => c !== undefined);
  let comma = 0;
  let point = 0;
  for (const { cells } of table.rows.slice(0, 5000)) {
    for (const column of columns) {
      const digits = (cells[column] ?? '').replace(/[^\d.,]/g, '');
      if (COMMA_DECIMAL.test(digits)) comma += 1;
      else if (POINT_DECIMAL.test(digits)) point += 1;
    }
  }
  if (comma > 0 && point === 0) return 'comma';
  if (point > 0 && comma === 0) return 'point';
  return 'ambiguous';
}
