import { type Rational, roundToInteger } from '../../common/domain/rational';

// Exchange rates are stored as exact decimal text; these keep that text canonical.

/** "01.0800" -> "1.08", ".5" -> "0.5": one spelling per value, so unchanged rates are recognised. */
export function canonicalDecimal(text: string): string {
  const [intPart = '', fracPart = ''] = text.split('.');
  const int = intPart.replace(/^0+(?=\d)/, '') || '0';
  const frac = fracPart.replace(/0+$/, '');
  return frac ? `${int}.${frac}` : int;
}

/** A positive rational as decimal text rounded to `significant` digits (for re-expressed rates). */
export function decimalText(value: Rational, significant = 12): string {
  if (value.num <= 0n) throw new RangeError('Rates are positive');
  // Fraction digits needed so that `significant` digits survive, counting leading zeros of values < 1.
  const intDigits = value.num >= value.den ? (value.num / value.den).toString().length : 0;
  let leadingZeros = 0;
  if (intDigits === 0) {
    while ((value.num * 10n ** BigInt(leadingZeros + 1)) / value.den === 0n) leadingZeros += 1;
  }
  const digits = Math.max(0, significant - intDigits) + leadingZeros;
  const scaled = roundToInteger({ num: value.num * 10n ** BigInt(digits), den: value.den }).toString().padStart(digits + 1, '0');
  const text = digits === 0 ? scaled : `${scaled.slice(0, -digits)}.${scaled.slice(-digits)}`;
  return canonicalDecimal(text);
}
