import { currencyExponent, isCurrencyCode } from '../../../../common/domain/currencies';

/** Adds major-unit amounts through integer minor units, so $0.10 + $0.20 is $0.30 exactly. */
export function sumMajor(amounts: readonly number[], currency: string): number {
  const scale = 10 ** (isCurrencyCode(currency) ? currencyExponent(currency) : 2);
  return amounts.reduce((total, amount) => total + Math.round(amount * scale), 0) / scale;
}
