import { describe, it, expect } from 'vitest';
import type { CycleUnit } from '../../../common/domain/billing-cycles';
import {
  type RecurringAmount,
  monthlyEquivalent,
  monthlyTotalMinor,
  sumMonthlyEquivalents,
  yearlyEquivalent,
  yearlyTotalMinor,
} from '../../../common/domain/monthly-equivalent';
import { convertMinor, roundMinor } from '../../../common/domain/money';
import { type Rational, add, fromDecimalString, mul, rational, sum, ZERO } from '../../../common/domain/rational';

describe('monthlyEquivalent', () => {
  it('divides multi-month charges by their number of months', () => {
    expect(monthlyEquivalent(1500, { unit: 'month', every: 1 })).toEqual(rational(1500));
    expect(monthlyEquivalent(3000, { unit: 'month', every: 3 })).toEqual(rational(1000));
    expect(monthlyEquivalent(1000, { unit: 'month', every: 3 })).toEqual(rational(1000, 3));
  });

  it('spreads yearly charges over 12 months per year', () => {
    expect(monthlyEquivalent(12_000, { unit: 'year', every: 1 })).toEqual(rational(1000));
    expect(monthlyEquivalent(24_000, { unit: 'year', every: 2 })).toEqual(rational(1000));
    expect(monthlyEquivalent(10_000, { unit: 'year', every: 1 })).toEqual(rational(2500, 3));
  });

  it('turns a $10 weekly charge into $43.48125 a month using 52.1775 weeks a year', () => {
    expect(monthlyEquivalent(1000, { unit: 'week', every: 1 })).toEqual(fromDecimalString('4348.125'));
    expect(monthlyEquivalent(1000, { unit: 'week', every: 2 })).toEqual(fromDecimalString('2174.0625'));
  });

  it('turns a $1 daily charge into $30.436875 a month using 365.2425 days a year', () => {
    expect(monthlyEquivalent(100, { unit: 'day', every: 1 })).toEqual(fromDecimalString('3043.6875'));
    expect(monthlyEquivalent(100, { unit: 'day', every: 30 })).toEqual(rational(3_652_425, 36_000));
  });

  it('prices a 7-day cycle exactly like a weekly one', () => {
    expect(monthlyEquivalent(999, { unit: 'day', every: 7 })).toEqual(monthlyEquivalent(999, { unit: 'week', every: 1 }));
  });

  it('prices a 12-month cycle exactly like a yearly one', () => {
    expect(monthlyEquivalent(999, { unit: 'month', every: 12 })).toEqual(monthlyEquivalent(999, { unit: 'year', every: 1 }));
  });
});

describe('yearlyEquivalent', () => {
  it('is twelve times the monthly equivalent for every unit', () => {
    expect(yearlyEquivalent(1000, { unit: 'week', every: 1 })).toEqual(fromDecimalString('52177.5'));
    expect(yearlyEquivalent(100, { unit: 'day', every: 1 })).toEqual(fromDecimalString('36524.25'));
    expect(yearlyEquivalent(1500, { unit: 'month', every: 1 })).toEqual(rational(18_000));
    expect(yearlyEquivalent(24_000, { unit: 'year', every: 2 })).toEqual(rational(12_000));
  });
});

describe('totals', () => {
  it('sums three $100/year tools to exactly $25.00 a month, where rounding each gives $24.99', () => {
    const items: RecurringAmount[] = Array.from({ length: 3 }, () => ({
      amountMinor: 10_000,
      cycle: { unit: 'year', every: 1 },
    }));
    expect(monthlyTotalMinor(items)).toBe(2500);
    expect(items.map((i) => roundMinor(monthlyEquivalent(i.amountMinor, i.cycle))).reduce((a, b) => a + b)).toBe(2499);
  });

  it('sums three $10/month tools to exactly $360.00 a year', () => {
    const items: RecurringAmount[] = Array.from({ length: 3 }, () => ({
      amountMinor: 1000,
      cycle: { unit: 'month', every: 1 },
    }));
    expect(yearlyTotalMinor(items)).toBe(36_000);
  });

  it('matches the exact total for 100,000 mixed subscriptions', () => {
    let seed = 7;
    const random = (n: number): number => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed % n;
    };
    const units: CycleUnit[] = ['day', 'week', 'month', 'year'];
    const items: RecurringAmount[] = [];
    for (let i = 0; i < 100_000; i += 1) {
      items.push({
        amountMinor: 1 + random(500_000),
        cycle: { unit: units[random(4)] as CycleUnit, every: 1 + random(12) },
      });
    }

    // Independent exact answer: charges are linear, so add amounts per cycle first.
    const perCycle = new Map<string, number>();
    for (const { amountMinor, cycle } of items) {
      const key = `${cycle.unit}:${cycle.every}`;
      perCycle.set(key, (perCycle.get(key) ?? 0) + amountMinor);
    }
    let exact: Rational = ZERO;
    for (const [key, total] of perCycle) {
      const [unit, every] = key.split(':');
      exact = add(exact, monthlyEquivalent(total, { unit: unit as CycleUnit, every: Number(every) }));
    }

    expect(sumMonthlyEquivalents(items)).toEqual(exact);
    expect(monthlyTotalMinor(items)).toBe(roundMinor(exact));
  });

  it('adds subscriptions in several currencies exactly, then rounds once in the display currency', () => {
    const toUsd: Record<string, Rational> = { EUR: fromDecimalString('1.0825'), JPY: fromDecimalString('0.0067') };
    const subscriptions: (RecurringAmount & { currency: string })[] = [
      { amountMinor: 999, cycle: { unit: 'month', every: 1 }, currency: 'EUR' },
      { amountMinor: 11_900, cycle: { unit: 'year', every: 1 }, currency: 'EUR' },
      { amountMinor: 1500, cycle: { unit: 'month', every: 1 }, currency: 'JPY' },
    ];
    const total = sum(
      subscriptions.map((s) =>
        convertMinor(monthlyEquivalent(s.amountMinor, s.cycle), s.currency, 'USD', toUsd[s.currency] as Rational),
      ),
    );
    // 9.99×1.0825 + 119/12×1.0825 + 1500×0.0067 = 10.814175 + 10.73479166… + 10.05 = $31.5989666…
    expect(roundMinor(total)).toBe(3160);
    expect(total).toEqual(
      add(add(mul(rational(999), toUsd.EUR as Rational), mul(rational(11_900, 12), toUsd.EUR as Rational)), rational(1005)),
    );
  });
});
