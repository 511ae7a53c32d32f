import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { contract, OPERATION_NAMES } from '../../common/contract';
import { parseInput } from '../../common/contract/validate';
import { AppError } from '../../common/errors';
import { createRouter } from '../../main/http/router';

describe('contract', () => {
  it('gives every operation its own method and path under /api', () => {
    const seen = new Set<string>();
    for (const name of OPERATION_NAMES) {
      const op = contract[name];
      expect(op.path.startsWith('/api/'), name).toBe(true);
      const key = `${op.method} ${op.path}`;
      expect(seen.has(key), `${key} is declared twice`).toBe(false);
      seen.add(key);
    }
  });

  it('derives the HTTP routes from the contract, path parameters included', () => {
    const match = createRouter();
    for (const name of OPERATION_NAMES) {
      const op = contract[name];
      const concrete = op.path.replace(/:(\w+)/g, '42');
      expect(match(op.method, concrete)).toMatchObject({ kind: 'found', name });
    }
  });

  it('reads a parameter with a literal suffix (the calendar feed /api/calendar/<token>.ics) as Fastify does', () => {
    const match = createRouter();
    expect(match('GET', '/api/calendar/Ab-_9.ics')).toEqual({ kind: 'found', name: 'calendar.feed', params: { token: 'Ab-_9' }, malformed: [] });
    expect(match('GET', '/api/calendar/token')).toMatchObject({ kind: 'found', name: 'calendar.status' });
    expect(match('GET', '/api/calendar/Ab-_9')).toEqual({ kind: 'not_found' });
    expect(match('POST', '/api/calendar/Ab-_9.ics')).toEqual({ kind: 'method_not_allowed', allow: ['GET'] });
  });

  it('refuses unknown fields in every input, so typos never pass silently', () => {
    for (const name of OPERATION_NAMES) {
      const raw = { surely_not_a_field: 1 };
      try {
        parseInput(contract[name].input, raw);
        throw new Error(`${name} accepted an unknown field`);
      } catch (error) {
        expect(error).toBeInstanceOf(AppError);
        expect((error as AppError).fields?.surely_not_a_field, name).toMatch(/Unknown field/);
      }
    }
  });

  it('common/ imports neither electron nor node built-ins (it runs in the renderer too)', () => {
    const dir = path.resolve(__dirname, '../../common');
    const files = fs.readdirSync(dir, { recursive: true }).map(String).filter((f) => f.endsWith('.ts'));
    expect(files.length).toBeGreaterThan(3);
    for (const file of files) {
      const text = fs.readFileSync(path.join(dir, file), 'utf8');
      expect(text, file).not.toMatch(/from ['"](electron|node:[^'"]+|fs|path|os|crypto)['"]/);
    }
  });
});

describe('the door (parseInput, shared by every operation and both transports)', () => {
  const fieldsOf = (name: keyof typeof contract, raw: unknown) => {
    try {
      parseInput(contract[name].input, raw);
    } catch (error) {
      expect(error).toBeInstanceOf(AppError);
      return (error as AppError).fields ?? {};
    }
    throw new Error(`${name} accepted ${JSON.stringify(raw)}`);
  };

  it.each(['0x1', '1.0', '+1', '01', '1e0', ' 1', '1 ', '-1', '1_000', ''])('refuses the id %j instead of reading it as 1, naming the field', (id) => {
    for (const name of OPERATION_NAMES.filter((n) => contract[n].path.includes(':id'))) {
      expect(Object.keys(fieldsOf(name, { id })), name).toContain('id');
    }
  });

  it('accepts an id as a JSON number or as plain digits', () => {
    expect(parseInput(contract['expenses.get'].input, { id: 1 })).toEqual({ id: 1 });
    expect(parseInput(contract['expenses.get'].input, { id: '12' })).toEqual({ id: 12 });
    expect(fieldsOf('expenses.get', { id: '9007199254740992' })).toEqual({ id: 'Is too large' });
    expect(fieldsOf('expenses.get', { id: 1.5 })).toEqual({ id: 'Must be a whole number' });
  });

  it('reads limit and offset canonically too: "010" and "1e3" are refused in words', () => {
    expect(fieldsOf('expenses.list', { limit: '010' })).toEqual({ limit: 'Limit must be written in plain digits (no sign, spaces, decimals, exponent or leading zeros), like 1' });
    expect(Object.keys(fieldsOf('reminders.list', { offset: '1e3' }))).toEqual(['offset']);
    expect(parseInput(contract['expenses.list'].input, { limit: '10', offset: '0' })).toEqual({ limit: 10, offset: 0 });
  });

  it('names __proto__ and constructor keys instead of answering "0 fields need attention"', () => {
    for (const name of OPERATION_NAMES) {
      for (const key of ['__proto__', 'constructor', 'prototype']) {
        const fields = fieldsOf(name, JSON.parse(`{"${key}": {"x": 1}}`));
        expect(fields[key], `${name} ${key}`).toBe(`Unknown field "${key}"`);
      }
    }
    expect(fieldsOf('expenses.update', JSON.parse('{"id": 1, "billing_cycle": {"__proto__": 1}}'))).toEqual({ 'billing_cycle.__proto__': 'Unknown field "__proto__"' });
  });

  it('refuses a lone UTF-16 surrogate in any string of any operation with a 400 naming the field, never storing it mangled', () => {
    for (const name of OPERATION_NAMES) {
      const fields = fieldsOf(name, { surely_text: 'a\ud800b' });
      expect(fields.surely_text, name).toMatch(/lone UTF-16 surrogate/);
    }
    expect(fieldsOf('expenses.create', { name: 'x\udc00', amount: 1, renewal_date: '2027-01-01' })).toEqual({ name: expect.stringMatching(/lone UTF-16 surrogate/) });
    expect(fieldsOf('settings.update', { rates: [{ currency: 'EUR', rate: '1\ud83d' }] })).toEqual({ 'rates.0.rate': expect.stringMatching(/lone UTF-16 surrogate/) });
    expect(parseInput(contract['categories.create'].input, { name: 'Design 🎨' })).toEqual({ name: 'Design 🎨' });
  });

  it('names an empty field name as "" instead of a blank field (found by the fuzzer)', () => {
    expect(fieldsOf('app.status', { '': false })).toEqual({ '""': 'Unknown field ""' });
    expect(fieldsOf('settings.update', { rates: [{ currency: 'EUR', rate: '1', '': 1 }] })).toEqual({ 'rates.0.""': 'Unknown field ""' });
  });

  it('refuses input nested deeper than any operation takes, without walking it recursively', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i += 1) deep = [deep];
    expect(Object.values(fieldsOf('expenses.create', { name: deep }))[0]).toMatch(/nested too deeply/);
  });

  it('takes an uploaded file\'s bytes whole instead of walking them key by key (a 8 MB import took minutes at the door)', () => {
    const bytes = new TextEncoder().encode('Name,Amount\nFigma,45\n');
    const entries = vi.spyOn(Object, 'entries');
    let parsed: unknown;
    let walked = true;
    try {
      parsed = parseInput(contract['imports.preview'].input, { file: bytes, name: 'a.csv' });
      walked = entries.mock.calls.some(([value]) => value === bytes);
    } finally {
      entries.mockRestore();
    }
    expect(walked).toBe(false);
    expect(parsed).toEqual({ file: bytes, name: 'a.csv' });
  });
});
