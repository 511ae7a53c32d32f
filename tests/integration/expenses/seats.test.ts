import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { refusalOf, signedInCaller, startTestCore, type TestCaller, type TestCore } from '../../support/core';
import { testClock } from '../../support/clock';

// A subscription priced per seat: amount = seats × price per seat, in exact minor units, computed by the
// service; the pair is stored together or not at all, and a refusal changes nothing.

let core: TestCore;
let alice: TestCaller;
beforeEach(async () => {
  core = await startTestCore({ clock: testClock('2026-03-10T09:00:00Z', 'UTC') });
  alice = await signedInCaller(core, 'alice');
});
afterEach(async () => {
  await core.close();
});

const figma = { name: 'Figma', renewal_date: '2026-03-20' };
const storedRows = () => core.database.db.selectFrom('expenses').select(['id', 'amount_minor', 'seats', 'seat_price_minor', 'cost_centre', 'currency']).orderBy('id').execute();

describe('seats × price per seat', () => {
  it('derives the amount exactly: 7 seats at 0.10 are 0.70, not 0.7000000000000001', async () => {
    const { expense } = await alice.call('expenses.create', { ...figma, seats: 7, seat_price: 0.1 });
    expect([expense.amount, expense.seats, expense.seat_price]).toEqual([0.7, 7, 0.1]);
    expect(await storedRows()).toMatchObject([{ amount_minor: 70, seats: 7, seat_price_minor: 10 }]);
    // The monthly figures follow the derived amount.
    expect(expense.monthly_cost).toBe(0.7);
  });

  it('reads a typed price per seat the account’s way and in the subscription’s currency (JPY has no decimals)', async () => {
    const { expense } = await alice.call('expenses.create', { ...figma, currency: 'JPY', seats: 3, seat_price: '1500' });
    expect([expense.amount, expense.seat_price, expense.currency]).toEqual([4500, 1500, 'JPY']);
    const refusal = await refusalOf(alice, 'expenses.create', { ...figma, currency: 'JPY', seats: 3, seat_price: '15.5' });
    expect(refusal.fields).toEqual({ seat_price: 'JPY has no decimal places' });
  });

  it('accepts an amount sent along when it agrees, and refuses one that disagrees, saying what it should be', async () => {
    expect((await alice.call('expenses.create', { ...figma, seats: 4, seat_price: 12.5, amount: 50 })).expense.amount).toBe(50);
    const refusal = await refusalOf(alice, 'expenses.create', { ...figma, seats: 4, seat_price: 12.5, amount: 49.99 });
    expect(refusal).toMatchObject({ code: 'validation' });
    expect(refusal.fields?.amount).toBe('Amount must equal seats × price per seat (4 × 12.50 USD = 50.00), or be left out; to enter the amount yourself, clear seats');
    expect(await storedRows()).toHaveLength(1);
  });

  it('refuses seats without a price per seat, and a price per seat without seats, naming the missing field', async () => {
    expect((await refusalOf(alice, 'expenses.create', { ...figma, seats: 4 })).fields).toEqual({ seat_price: 'Price per seat is required with seats: send seats and price per seat together, or neither' });
    expect((await refusalOf(alice, 'expenses.create', { ...figma, seat_price: 4 })).fields).toEqual({ seats: 'Seats are required with a price per seat: send seats and price per seat together, or neither' });
    expect((await refusalOf(alice, 'expenses.create', { ...figma, amount: 10, seats: 4, seat_price: null })).fields).toEqual({ seats: 'Seats need a price per seat: send seats and price per seat together, or neither' });
    expect((await refusalOf(alice, 'expenses.create', figma)).fields).toEqual({ amount: 'Amount is required (or seats and a price per seat)' });
    expect(await storedRows()).toEqual([]);
  });

  it('refuses seats that are not a whole number from 1 to 100,000, and a negative or non-numeric price per seat', async () => {
    for (const [seats, message] of [
      [0, 'Seats must be at least 1'],
      [100_001, 'Seats must be at most 100,000'],
      [2.5, 'Seats must be a whole number'],
      ['3', 'Seats must be a whole number'],
    ] as const) {
      expect((await refusalOf(alice, 'expenses.create', { ...figma, seats, seat_price: 1 })).fields, String(seats)).toEqual({ seats: message });
    }
    expect((await refusalOf(alice, 'expenses.create', { ...figma, seats: 2, seat_price: -1 })).fields).toEqual({ seat_price: 'Price per seat cannot be negative' });
    expect((await refusalOf(alice, 'expenses.create', { ...figma, seats: 2, seat_price: 'ten' })).fields?.seat_price).toMatch(/^Price per seat must be a number/);
    expect((await refusalOf(alice, 'expenses.create', { ...figma, seats: 2, seat_price: 1_000_000_001 })).fields).toEqual({ seat_price: 'Price per seat must be at most 1,000,000,000' });
    expect(await storedRows()).toEqual([]);
  });

  it('refuses, naming seat_price, a product past the amount limit: 100,000 seats × 10,000.01 is more than 1,000,000,000', async () => {
    const refusal = await refusalOf(alice, 'expenses.create', { ...figma, seats: 100_000, seat_price: 10_000.01 });
    expect(refusal.fields).toEqual({ seat_price: 'Seats × price per seat must be at most 1,000,000,000 (100,000 × 10000.01 USD is more)' });
    // Exactly at the limit is fine.
    expect((await alice.call('expenses.create', { ...figma, seats: 100_000, seat_price: 10_000 })).expense.amount).toBe(1_000_000_000);
  });

  it('refuses, naming seat_price, a product whose base-currency figures could not be counted exactly', async () => {
    await alice.call('settings.update', { base_currency: 'EUR', rates: [{ currency: 'USD', rate: '1000000' }] });
    const refusal = await refusalOf(alice, 'expenses.create', { ...figma, currency: 'USD', seats: 100_000, seat_price: 10_000 });
    expect(Object.keys(refusal.fields ?? {})).toEqual(['seat_price']);
    expect(refusal.fields?.seat_price).toMatch(/^Seats × price per seat is too large for this plan: at this exchange rate its cost in EUR would pass/);
  });
});

describe('editing seats', () => {
  it('recomputes the amount when seats change, and when the price per seat changes', async () => {
    const { expense } = await alice.call('expenses.create', { ...figma, seats: 5, seat_price: 12 });
    expect((await alice.call('expenses.update', { id: expense.id, seats: 6 })).expense).toMatchObject({ amount: 72, seats: 6, seat_price: 12 });
    expect((await alice.call('expenses.update', { id: expense.id, seat_price: '12.50' })).expense).toMatchObject({ amount: 75, seats: 6, seat_price: 12.5 });
    expect((await alice.call('expenses.update', { id: expense.id, name: 'Figma Pro' })).expense).toMatchObject({ amount: 75, seats: 6 });
  });

  it('keeps the amount as entered when seats are cleared (null), and then lets the amount be edited freely', async () => {
    const { expense } = await alice.call('expenses.create', { ...figma, seats: 5, seat_price: 12 });
    expect((await alice.call('expenses.update', { id: expense.id, seats: null })).expense).toMatchObject({ amount: 60, seats: null, seat_price: null });
    expect(await storedRows()).toMatchObject([{ amount_minor: 6000, seats: null, seat_price_minor: null }]);
    expect((await alice.call('expenses.update', { id: expense.id, amount: 61 })).expense.amount).toBe(61);
  });

  it('refuses an amount alone that disagrees with the stored seats, and changes nothing', async () => {
    const { expense } = await alice.call('expenses.create', { ...figma, seats: 5, seat_price: 12 });
    const before = await storedRows();
    const refusal = await refusalOf(alice, 'expenses.update', { id: expense.id, amount: 61 });
    expect(refusal.fields?.amount).toMatch(/^Amount must equal seats × price per seat \(5 × 12\.00 USD = 60\.00\)/);
    expect(await storedRows()).toEqual(before);
  });

  it('turns an entered amount into seat pricing when both are sent, and refuses seats alone on a plan without a price per seat', async () => {
    const { expense } = await alice.call('expenses.create', { ...figma, amount: 99 });
    expect((await refusalOf(alice, 'expenses.update', { id: expense.id, seats: 3 })).fields).toEqual({ seat_price: 'Price per seat is required with seats: send seats and price per seat together, or neither' });
    expect((await alice.call('expenses.update', { id: expense.id, seats: 3, seat_price: 33 })).expense).toMatchObject({ amount: 99, seats: 3, seat_price: 33 });
  });

  it('keeps the price per seat in major units across a currency change, and refuses one that does not fit the new currency', async () => {
    const { expense } = await alice.call('expenses.create', { ...figma, seats: 2, seat_price: 12 });
    expect((await alice.call('expenses.update', { id: expense.id, currency: 'EUR' })).expense).toMatchObject({ amount: 24, seat_price: 12, currency: 'EUR' });
    await alice.call('expenses.update', { id: expense.id, seat_price: 12.5 });
    const refusal = await refusalOf(alice, 'expenses.update', { id: expense.id, currency: 'JPY' });
    expect(refusal.fields).toEqual({ seat_price: '12.5 does not fit JPY: JPY has no decimal places' });
    expect(await storedRows()).toMatchObject([{ currency: 'EUR', amount_minor: 2500, seat_price_minor: 1250 }]);
  });
});

describe('cost centre text', () => {
  it('is trimmed, empty becomes none, at most 80 characters, one line', async () => {
    const { expense } = await alice.call('expenses.create', { ...figma, amount: 1, cost_centre: '  Marketing  ' });
    expect(expense.cost_centre).toBe('Marketing');
    expect((await alice.call('expenses.update', { id: expense.id, cost_centre: '   ' })).expense.cost_centre).toBeNull();
    expect((await refusalOf(alice, 'expenses.create', { ...figma, amount: 1, cost_centre: 'x'.repeat(81) })).fields).toEqual({ cost_centre: 'Cost centre must be at most 80 characters' });
    for (const bad of ['R&D\nEMEA', 'Tab\there', 'Bell\u0007', 'C1\u0085']) {
      expect((await refusalOf(alice, 'expenses.create', { ...figma, amount: 1, cost_centre: bad })).fields, JSON.stringify(bad)).toEqual({
        cost_centre: 'Cost centre must be one line, without tabs, line breaks or other control characters',
      });
    }
    expect(await storedRows()).toHaveLength(1);
  });
});
