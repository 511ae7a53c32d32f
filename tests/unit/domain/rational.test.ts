import { describe, it, expect } from 'vitest';
import {
  add,
  compare,
  div,
  equals,
  fromDecimalString,
  mul,
  rational,
  roundToInteger,
  sub,
  sum,
  toNumber,
} from '../../../common/domain/rational';

describe('rational', () => {
  it('reduces fractions and keeps the sign on the numerator', () => {
    expect(rational(6n, -4n)).toEqual({ num: -3n, den: 2n });
    expect(rational(0, -7)).toEqual({ num: 0n, den: 1n });
    expect(() => rational(1n, 0n)).toThrow(RangeError);
  });

  it('reads tax-like decimal strings exactly', () => {
    expect(fromDecimalString('1.0825')).toEqual({ num: 433n, den: 400n });
    expect(fromDecimalString('-.5')).toEqual({ num: -1n, den: 2n });
    expect(fromDecimalString('1e-7')).toEqual({ num: 1n, den: 10_000_000n });
    expect(fromDecimalString('2.5E3')).toEqual({ num: 2500n, den: 1n });
  });

  it('makes 0.1 + 0.2 exactly 0.3, where floats give 0.30000000000000004', () => {
    expect(equals(add(fromDecimalString('0.1'), fromDecimalString('0.2')), fromDecimalString('0.3'))).toBe(true);
  });

  it('refuses text that is not a decimal number', () => {
    for (const s of ['', 'abc', '1.2.3', '1,5', '.', '-', '1e', '0x10']) {
      expect(() => fromDecimalString(s), s).toThrow(RangeError);
    }
    expect(() => fromDecimalString('1e999999999')).toThrow(RangeError);
  });

  it('adds, subtracts, multiplies and divides without losing a fraction', () => {
    const third = rational(1, 3);
    expect(sum([third, third, third])).toEqual({ num: 1n, den: 1n });
    expect(sub(rational(1, 2), third)).toEqual({ num: 1n, den: 6n });
    expect(mul(rational(2, 3), rational(9, 4))).toEqual({ num: 3n, den: 2n });
    expect(div(rational(1, 3), rational(2, 3))).toEqual({ num: 1n, den: 2n });
    expect(() => div(third, rational(0))).toThrow(RangeError);
    expect(compare(rational(1, 3), rational(333, 1000))).toBe(1);
  });
});

describe('roundToInteger', () => {
  it('rounds halves away from zero in both directions', () => {
    expect(roundToInteger(rational(5, 2))).toBe(3n);
    expect(roundToInteger(rational(-5, 2))).toBe(-3n);
    expect(roundToInteger(rational(1, 2))).toBe(1n);
    expect(roundToInteger(rational(-1, 2))).toBe(-1n);
  });

  it('rounds non-halves to the nearest integer', () => {
    expect(roundToInteger(fromDecimalString('2.4999'))).toBe(2n);
    expect(roundToInteger(rational(2, 3))).toBe(1n);
    expect(roundToInteger(rational(-2, 3))).toBe(-1n);
    expect(roundToInteger(rational(1, 3))).toBe(0n);
    expect(roundToInteger(rational(42))).toBe(42n);
  });
});

describe('toNumber', () => {
  it('gives charts a close float even for fractions with huge terms', () => {
    expect(toNumber(rational(2500, 3))).toBeCloseTo(833.3333333, 6);
    expect(toNumber(rational(-7, 2))).toBe(-3.5);
    expect(toNumber(rational(10n ** 400n + 1n, 10n ** 400n))).toBe(1);
    expect(toNumber(rational(10n ** 400n, 3n * 10n ** 399n))).toBeCloseTo(3.3333333, 6);
  });
});
