import { describe, it, expect } from 'vitest';
import {
  CURRENCIES,
  CURRENCY_CODES,
  currencyExponent,
  currencyName,
  isCurrencyCode,
} from '../../../common/domain/currencies';

describe('currency table', () => {
  it('knows the minor units of zero-, two-, three- and four-decimal currencies', () => {
    const expected: Record<string, number> = {
      JPY: 0, KRW: 0, CLP: 0, ISK: 0, VND: 0, XOF: 0, UGX: 0,
      USD: 2, EUR: 2, GBP: 2, CHF: 2, BRL: 2, NZD: 2,
      KWD: 3, BHD: 3, JOD: 3, OMR: 3, TND: 3, LYD: 3, IQD: 3,
      CLF: 4, UYW: 4,
    };
    for (const [code, exponent] of Object.entries(expected)) {
      expect(currencyExponent(code), code).toBe(exponent);
    }
  });

  it('offers every active ISO 4217 code once, alphabetically, for the currency picker', () => {
    expect(CURRENCY_CODES.length).toBeGreaterThanOrEqual(150);
    expect([...CURRENCY_CODES].sort()).toEqual(CURRENCY_CODES);
    expect(new Set(CURRENCY_CODES).size).toBe(CURRENCY_CODES.length);
    expect(CURRENCIES.map((c) => c.code)).toEqual(CURRENCY_CODES);
    for (const code of CURRENCY_CODES) expect(code).toMatch(/^[A-Z]{3}$/);
  });

  it('includes recent codes (XCG, ZWG, SLE, VED) and drops withdrawn ones (HRK, ZWL, SLL, CUC, ANG)', () => {
    for (const code of ['XCG', 'ZWG', 'SLE', 'VED', 'MRU', 'STN']) expect(isCurrencyCode(code), code).toBe(true);
    for (const code of ['HRK', 'ZWL', 'SLL', 'CUC', 'ANG', 'MRO', 'VEF']) expect(isCurrencyCode(code), code).toBe(false);
  });

  it('rejects lowercase, metals and the test code, which are not prices', () => {
    for (const code of ['usd', 'Usd', 'XAU', 'XTS', 'XXX', 'US', '', 'USDT']) expect(isCurrencyCode(code), code).toBe(false);
    expect(isCurrencyCode(840)).toBe(false);
  });

  it('names currencies in English for display', () => {
    expect(currencyName('USD')).toBe('US Dollar');
    expect(currencyName('EUR')).toBe('Euro');
    expect(currencyName('JPY')).toBe('Japanese Yen');
    for (const c of CURRENCIES) expect(c.name.length).toBeGreaterThan(2);
  });

  it('throws for an unknown code instead of guessing two decimals', () => {
    expect(() => currencyExponent('ABC')).toThrow(RangeError);
  });
});
