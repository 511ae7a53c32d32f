import { describe, it, expect } from 'vitest';
import {
  convertMinor,
  minorToMajor,
  minorToMajorString,
  parseMajorAmount,
  roundMinor,
} from '../../../common/domain/money';
import { fromDecimalString, rational } from '../../../common/domain/rational';

const minorOf = (input: string | number, currency: string): number => {
  const result = parseMajorAmount(input, currency);
  if (!result.ok) throw new Error(result.reason);
  return result.minor;
};
const reasonOf = (input: string | number, currency: string): string => {
  const result = parseMajorAmount(input, currency);
  return result.ok ? `accepted as ${result.minor}` : result.reason;
};

describe('parseMajorAmount', () => {
  it('reads typed amounts into minor units', () => {
    expect(minorOf('45', 'USD')).toBe(4500);
    expect(minorOf('19.99', 'USD')).toBe(1999);
    expect(minorOf('  12.3 ', 'EUR')).toBe(1230);
    expect(minorOf('.5', 'USD')).toBe(50);
    expect(minorOf('0', 'USD')).toBe(0);
    expect(minorOf('1500', 'JPY')).toBe(1500);
    expect(minorOf('1.234', 'KWD')).toBe(1234);
    expect(minorOf('0.0001', 'CLF')).toBe(1);
  });

  it('gets amounts right where cents = Math.floor(x * 100) would lose one', () => {
    expect(Math.floor(4.35 * 100)).toBe(434);
    expect(minorOf('4.35', 'USD')).toBe(435);
    expect(minorOf(4.35, 'USD')).toBe(435);
    expect(minorOf(0.29, 'USD')).toBe(29);
    expect(minorOf(8.675, 'KWD')).toBe(8675);
  });

  it('takes JSON numbers as the decimal they print as', () => {
    expect(minorOf(19.99, 'USD')).toBe(1999);
    expect(minorOf(45, 'USD')).toBe(4500);
    expect(minorOf(0.0001, 'CLF')).toBe(1);
  });

  it('refuses decimals a currency does not have, naming the currency', () => {
    expect(reasonOf('1.5', 'JPY')).toBe('JPY has no decimal places');
    expect(reasonOf(1.5, 'KRW')).toBe('KRW has no decimal places');
    expect(reasonOf('1.999', 'USD')).toBe('USD allows at most 2 decimal places');
    expect(reasonOf('1.2345', 'KWD')).toBe('KWD allows at most 3 decimal places');
    expect(reasonOf('1.23456', 'CLF')).toBe('CLF allows at most 4 decimal places');
  });

  it('refuses extra zero decimals, since "1.000" yen may mean a thousand', () => {
    expect(reasonOf('1.000', 'JPY')).toBe('JPY has no decimal places');
    expect(reasonOf('12.500', 'USD')).toBe('USD allows at most 2 decimal places');
  });

  it('sees through exponent notation of tiny and float-noisy numbers', () => {
    expect(String(1e-7)).toBe('1e-7');
    expect(reasonOf(1e-7, 'USD')).toBe('USD allows at most 2 decimal places');
    expect(reasonOf(1e-7, 'CLF')).toBe('CLF allows at most 4 decimal places');
    expect(reasonOf(5e-324, 'USD')).toBe('USD allows at most 2 decimal places');
    expect(reasonOf(0.1 + 0.2, 'USD')).toBe('USD allows at most 2 decimal places');
  });

  it('refuses negative amounts', () => {
    expect(reasonOf('-5', 'USD')).toBe('Amount cannot be negative');
    expect(reasonOf(-0.01, 'USD')).toBe('Amount cannot be negative');
    expect(reasonOf('-1.999', 'USD')).toBe('Amount cannot be negative');
  });

  it('refuses things that are not numbers', () => {
    for (const input of [Number.NaN, Number.POSITIVE_INFINITY, 'abc', '1,50', '1 000', '$5', '0x10', '1e3', '.', '-']) {
      expect(reasonOf(input, 'USD'), String(input)).toBe('Amount must be a number');
    }
    expect(reasonOf('   ', 'USD')).toBe('Amount is required');
  });

  it('caps a single amount at one billion major units', () => {
    expect(minorOf('1000000000', 'USD')).toBe(100_000_000_000);
    expect(minorOf(1_000_000_000, 'CLF')).toBe(10_000_000_000_000);
    expect(reasonOf('1000000000.01', 'USD')).toBe('Amount must be at most 1,000,000,000');
    expect(reasonOf('1000000001', 'JPY')).toBe('Amount must be at most 1,000,000,000');
    expect(reasonOf(1e21, 'USD')).toBe('Amount must be at most 1,000,000,000');
  });

  it('refuses an unknown currency', () => {
    expect(reasonOf('10', 'usd')).toBe('Unknown currency: usd');
  });
});

describe('minorToMajor', () => {
  it('serialises minor units as the major amount a user typed', () => {
    expect(minorToMajor(4500, 'USD')).toBe(45);
    expect(JSON.stringify({ amount: minorToMajor(1999, 'USD') })).toBe('{"amount":19.99}');
    expect(minorToMajor(500, 'JPY')).toBe(500);
    expect(minorToMajor(1234, 'KWD')).toBe(1.234);
    expect(minorToMajor(12345, 'CLF')).toBe(1.2345);
  });

  it('round-trips every cent amount up to $10,000 through JSON and back', () => {
    for (let minor = 0; minor <= 1_000_000; minor += 1) {
      const back = parseMajorAmount(minorToMajor(minor, 'USD'), 'USD');
      if (!back.ok || back.minor !== minor) throw new Error(`round trip failed at ${minor}`);
    }
    expect(minorOf(minorToMajor(100_000_000_000, 'USD'), 'USD')).toBe(100_000_000_000);
  });

  it('prints exact text with the currency decimals for exports', () => {
    expect(minorToMajorString(4500, 'USD')).toBe('45.00');
    expect(minorToMajorString(5, 'USD')).toBe('0.05');
    expect(minorToMajorString(-5, 'USD')).toBe('-0.05');
    expect(minorToMajorString(500, 'JPY')).toBe('500');
    expect(minorToMajorString(1, 'KWD')).toBe('0.001');
  });
});

describe('convertMinor', () => {
  it('converts yen to cents across different exponents', () => {
    // 1,000 JPY at 0.0067 USD per yen is $6.70.
    expect(convertMinor(1000, 'JPY', 'USD', fromDecimalString('0.0067'))).toEqual(rational(670));
  });

  it('converts cents to yen and keeps the fraction until rounding', () => {
    const yen = convertMinor(1999, 'USD', 'JPY', fromDecimalString('151.37'));
    expect(yen).toEqual(fromDecimalString('3025.8863'));
    expect(roundMinor(yen)).toBe(3026);
  });

  it('converts into a three-decimal currency', () => {
    expect(convertMinor(10_000, 'USD', 'KWD', fromDecimalString('0.3075'))).toEqual(rational(30_750));
  });

  it('keeps a sub-cent result exact instead of rounding each conversion', () => {
    const one = convertMinor(1, 'EUR', 'USD', fromDecimalString('1.0825'));
    expect(one).toEqual(rational(433, 400));
    expect(roundMinor(one)).toBe(1);
    expect(roundMinor(convertMinor(rational(1000), 'EUR', 'USD', fromDecimalString('1.0825')))).toBe(1083);
  });

  it('rounds half a minor unit away from zero', () => {
    expect(roundMinor(rational(5, 2))).toBe(3);
    expect(roundMinor(rational(-5, 2))).toBe(-3);
  });
});
