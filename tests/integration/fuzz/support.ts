import fc from 'fast-check';
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { expect } from 'vitest';
import { contract, type OperationName } from '../../../common/contract';
import { HTTP_STATUS, type ErrorCode } from '../../../common/errors';
import type { Database } from '../../../main/db/schema';

// Shared by the fuzz files: the seed, the generators of bad input, what a refusal must look like,
// and a checksum of everything one account owns.

/** FUZZ_SEED replays a failure; FUZZ_RUNS makes a longer campaign (the default keeps the suite fast). */
export function fuzzSettings(file: string): { seed: number; numRuns: number } {
  const seed = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : Date.now() % 2_147_483_647;
  const numRuns = process.env.FUZZ_RUNS ? Number(process.env.FUZZ_RUNS) : 15;
  console.log(`[fuzz] ${file}: seed ${seed}, ${numRuns} runs (replay with FUZZ_SEED=${seed})`);
  return { seed, numRuns };
}

/** The field names an operation's input schema declares (through refinements and transforms). */
export function fieldNames(name: OperationName): string[] {
  let schema: unknown = contract[name].input;
  for (let i = 0; i < 5; i += 1) {
    const def = (schema as { _zod?: { def?: { type?: string; shape?: Record<string, unknown>; in?: unknown } } })._zod?.def;
    if (def?.type === 'object' && def.shape) return Object.keys(def.shape);
    if (def?.type === 'pipe') schema = def.in;
    else break;
  }
  return [];
}

const LONE_SURROGATES = ['\ud800', '\udbff', '\udc00', '\udfff', 'a\ud83d', '\ude00b', 'x\ud800\ud800y'];
/** Strings no field of the contract accepts as they are: invalid Unicode, or longer than any field allows. */
export const poisonString = fc.oneof(
  fc.constantFrom(...LONE_SURROGATES),
  fc.tuple(fc.string({ unit: 'grapheme', maxLength: 8 }), fc.constantFrom(...LONE_SURROGATES), fc.string({ maxLength: 8 })).map(([a, s, b]) => a + s + b),
);

const BOUND_NUMBERS = [
  0, -0, -1, 1, 0.5, -0.5, 1e-7, 1e-300, 1.5, 7, 30, 31, 364, 365, 366, 999, 1000, 1001, 10_000, 10_001,
  999_999_999.99, 1_000_000_000, 1_000_000_000.01, 1e21, 1e308, -1e308, 2 ** 31, 2 ** 53 - 1, 2 ** 53, 2 ** 53 + 2, Number.MIN_VALUE, Number.EPSILON,
];
const BAD_ID_TEXT = ['0x1', '1.0', '+1', '01', '1e0', ' 1', '1 ', '-1', '0', '', 'abc', '9'.repeat(30), '1_0', 'NaN', 'Infinity', '١', '１'];
const DATE_TEXT = ['0001-01-01', '1899-12-31', '1900-01-01', '9999-12-31', '10000-01-01', '2026-02-29', '2026-13-01', '2026-04-31', '2026-4-1', '20260401', '2026-04-01T00:00:00Z', '1926-03-09'];
const AMOUNT_TEXT = ['1,234.50', '1.234,50', '1.234', '1e400', '1e-400', '-0', '.', '0x10', '١٢', '1'.repeat(41), '1000000000.0001', '999999999999999999999999', ' 12 ', '12,5', "1'234.5"];
const WORDS = ['monthly', 'weekly', 'yearly', 'daily', 'trial', 'active', 'paused', 'cancelled', 'USD', 'EUR', 'JPY', 'KWD', 'CLF', 'usd', 'XXX', 'en-US', 'de-DE', 'Europe/Berlin', '09:00', '24:00', 'asc', 'desc', 'name', 'amount', 'upcoming', 'past', 'https://x.example', 'javascript:alert(1)'];

/** Values at and past every bound the contract names, plus wrong types. */
export const edgeValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(...BOUND_NUMBERS),
  fc.constantFrom(...BAD_ID_TEXT, ...DATE_TEXT, ...AMOUNT_TEXT, ...WORDS),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.string({ maxLength: 30 }),
  fc.string({ unit: 'grapheme', maxLength: 30 }),
  fc.string({ minLength: 2001, maxLength: 3000 }),
  fc.array(fc.oneof(fc.integer({ min: -2, max: 400 }), fc.string({ maxLength: 4 })), { maxLength: 12 }),
  fc.dictionary(fc.string({ maxLength: 6 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 }),
  fc.record({ unit: fc.constantFrom('day', 'week', 'month', 'year', 'decade'), every: fc.constantFrom(0, 1, 1000, 1001, 1.5, '1') }),
  fc.array(fc.record({ currency: fc.constantFrom('EUR', 'JPY', 'KWD', 'USD', 'xx'), rate: fc.constantFrom('1.08', '0', '1000000', '1000000.1', '0.000001', '0.0000009', 1.1, '1e3') }), { maxLength: 3 }),
  fc.jsonValue({ maxDepth: 2 }),
);

const PROTOTYPE_KEYS = ['__proto__', 'constructor', 'prototype'];

/** Valid inputs to start from, so a few edge values reach the services' own checks (dates, money, locale). */
const VALID_EXAMPLES: Partial<Record<OperationName, Record<string, unknown>>> = {
  'expenses.create': { name: 'Fuzzed', amount: '12.50', currency: 'EUR', billing_cycle: 'monthly', renewal_date: '2027-02-01', status: 'trial', trial_ends_on: '2027-01-20' },
  'expenses.update': { name: 'Fuzzed', amount: 3, renewal_date: '2027-02-01' },
  'settings.update': { base_currency: 'EUR', rates: [{ currency: 'USD', rate: '0.92' }], locale: 'de-DE' },
  'categories.create': { name: 'Fuzzed' },
  'reminders.snooze': { days: 1 },
};

/** Input with each of the operation's fields maybe set to an edge value: sometimes valid, often not. */
export function looseInput(name: OperationName): fc.Arbitrary<Record<string, unknown>> {
  const fields = fieldNames(name);
  const changes = fc
    .array(fc.tuple(fc.constantFrom(...(fields.length > 0 ? fields : ['_'])), edgeValue), { maxLength: Math.max(1, fields.length) })
    .map((pairs) => Object.fromEntries(pairs.filter(([k]) => k !== '_')));
  const example = VALID_EXAMPLES[name];
  if (!example) return changes;
  const fewChanges = fc.array(fc.tuple(fc.constantFrom(...fields), edgeValue), { minLength: 1, maxLength: 2 }).map((pairs) => ({ ...example, ...Object.fromEntries(pairs) }));
  return fc.oneof(changes, fewChanges);
}

/** How an input is made certainly invalid: an unknown or prototype key, a lone surrogate, absurd nesting. */
const poison: fc.Arbitrary<(input: Record<string, unknown>, fields: string[]) => Record<string, unknown>> = fc.oneof(
  fc.tuple(fc.string({ minLength: 1, maxLength: 12 }), edgeValue).map(([key, value]) => (input: Record<string, unknown>, fields: string[]) => {
    const unknown = fields.includes(key) ? `${key}_not_a_field` : key;
    return { ...input, [unknown]: value };
  }),
  fc.tuple(fc.constantFrom(...PROTOTYPE_KEYS), fc.jsonValue({ maxDepth: 1 })).map(([key, value]) => (input: Record<string, unknown>) => {
    const out = { ...input };
    Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
    return out;
  }),
  poisonString.map((text) => (input: Record<string, unknown>, fields: string[]) => ({ ...input, [fields[0] ?? 'text']: text })),
  poisonString.map((text) => (input: Record<string, unknown>, fields: string[]) => ({ ...input, [fields[fields.length - 1] ?? 'list']: [{ deeper: [text] }] })),
  fc.integer({ min: 17, max: 60 }).map((depth) => (input: Record<string, unknown>, fields: string[]) => {
    let nested: unknown = 'bottom';
    for (let i = 0; i < depth; i += 1) nested = { n: nested };
    return { ...input, [fields[0] ?? 'deep']: nested };
  }),
);

/** An unknown field: survives every transport, a query string included. */
const unknownField = fc.tuple(fc.string({ minLength: 1, maxLength: 12 }).filter((k) => !PROTOTYPE_KEYS.includes(k)), fc.oneof(fc.string({ maxLength: 10 }), fc.integer()));

/**
 * Input no operation can accept. `query`: what a query string can carry (text only; a URL cannot
 * hold a lone surrogate, and __proto__ query keys are the transport's, see http-transport.fuzz).
 */
export function invalidInput(name: OperationName, carrier: 'json' | 'query' = 'json'): fc.Arbitrary<Record<string, unknown>> {
  const fields = fieldNames(name);
  if (carrier === 'query') {
    return fc.tuple(looseInput(name), unknownField).map(([input, [key, value]]) => ({ ...input, [fields.includes(key) ? `${key}_x` : key]: value }));
  }
  return fc.tuple(looseInput(name), poison).map(([input, spoil]) => spoil(input, fields));
}

const CODES = Object.keys(HTTP_STATUS) as ErrorCode[];

export interface Refusal {
  code: string;
  message: string;
  fields?: Record<string, unknown>;
}

/** A refusal is typed: a known 4xx code, a message in words, and the fields named when it is a validation error. */
export function expectTypedRefusal(status: number, error: Refusal, label: string): void {
  expect(status, `${label}: ${JSON.stringify(error).slice(0, 300)}`).toBeGreaterThanOrEqual(400);
  expect(status, `${label}: ${JSON.stringify(error).slice(0, 300)}`).toBeLessThan(500);
  expect(CODES, label).toContain(error.code);
  expect(HTTP_STATUS[error.code as ErrorCode], label).toBe(status);
  expect(typeof error.message, label).toBe('string');
  expect(error.message.trim().length, label).toBeGreaterThan(0);
  expect(error.message, label).not.toMatch(/^0 fields/);
  if (error.code === 'validation') {
    const entries = Object.entries(error.fields ?? {});
    expect(entries.length, `${label}: a validation error names its fields`).toBeGreaterThan(0);
    for (const [field, message] of entries) {
      expect(field.length, label).toBeGreaterThan(0);
      expect(typeof message === 'string' && message.trim().length > 0, `${label}: ${field}`).toBe(true);
    }
  }
}

let tablesCache: Promise<string[]> | null = null;

/** Tables whose rows belong to one account (sessions left out: signing in and last-seen times are not account data). */
function accountTables(db: Kysely<Database>): Promise<string[]> {
  tablesCache ??= findAccountTables(db);
  return tablesCache;
}

async function findAccountTables(db: Kysely<Database>): Promise<string[]> {
  // Kysely's introspection reads either database's catalogue.
  const tables = await db.introspection.getTables();
  return tables
    .filter((t) => !t.name.includes('session') && t.columns.some((c) => c.name === 'user_id'))
    .map((t) => t.name)
    .sort();
}

/** Every row the account owns, every column, in a stable order: equal text means nothing changed. */
export async function accountChecksum(db: Kysely<Database>, userId: number): Promise<string> {
  const parts: string[] = [];
  const user = await sql`select * from users where id = ${userId}`.execute(db);
  parts.push(JSON.stringify(user.rows));
  for (const table of await accountTables(db)) {
    const rows = await sql`select * from ${sql.table(table)} where user_id = ${userId}`.execute(db);
    // Sorted here: neither database promises an order without one, and PostgreSQL has no rowid.
    parts.push(`${table}:${rows.rows.map((r) => JSON.stringify(r)).sort().join(',')}`);
  }
  return parts.join('\n');
}

/** Operations whose valid calls only read or change the account's own data (never the session). */
export function isAccountDataOperation(name: OperationName): boolean {
  return /^(expenses|categories|settings|dashboard|reminders)\./.test(name);
}
