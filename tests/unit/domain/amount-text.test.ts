import { describe, expect, it } from 'vitest';
import { normalizeAmountText } from '../../../common/domain/amount-text';

const read = (text: string, locale: string) => {
  const result = normalizeAmountText(text, locale);
  return result.ok ? result.text : `refused: ${result.reason}`;
};

describe('amounts typed the locale’s way (bug 7)', () => {
  it('accepts "1,234.50" in en-US, which was refused as an amount', () => {
    expect(read('1,234.50', 'en-US')).toBe('1234.50');
    expect(read('1,234,567.891', 'en-US')).toBe('1234567.891');
    expect(read('1,234', 'en-US')).toBe('1234');
  });

  it('accepts "1.234,50" in de-DE, and its plain "12,50"', () => {
    expect(read('1.234,50', 'de-DE')).toBe('1234.50');
    expect(read('12,50', 'de-DE')).toBe('12.50');
    expect(read('1.234.567', 'de-DE')).toBe('1234567');
  });

  it('accepts each locale’s own grouping: spaces in fr-FR, apostrophes in de-CH, lakhs in en-IN', () => {
    expect(read('1 234,50', 'fr-FR')).toBe('1234.50');
    expect(read('1\u202f234,50', 'fr-FR')).toBe('1234.50');
    expect(read("1'234.50", 'de-CH')).toBe('1234.50');
    expect(read('1\u2019234.50', 'de-CH')).toBe('1234.50');
    expect(read('1,23,456.50', 'en-IN')).toBe('123456.50');
  });

  it('keeps plain decimal text valid everywhere it cannot be a grouped number', () => {
    for (const locale of ['en-US', 'de-DE', 'fr-FR', 'de-CH']) {
      expect(read('1234.50', locale), locale).toBe('1234.50');
      expect(read('45', locale), locale).toBe('45');
    }
    expect(read('12.5', 'de-DE')).toBe('12.5');
  });

  it('refuses "1.234" in de-DE with both readings, never guessing between 1234 and 1.234', () => {
    expect(read('1.234', 'de-DE')).toBe('refused: Amount "1.234" could mean 1234 or 1,234 in de-DE: write 1234, or 1,234 for the smaller amount');
  });

  it('refuses marks the wrong way round or grouped wrongly, saying how the locale writes it', () => {
    expect(read('1,234.50', 'de-DE')).toBe('refused: Amount "1,234.50" is not how de-DE writes numbers: like 1.234,50');
    expect(read('12,50', 'en-US')).toBe('refused: Amount must be a number, like 1,234.50');
    expect(read('1,2,3', 'en-US')).toMatch(/^refused: /);
    expect(read('1,23,456.50', 'en-US')).toMatch(/^refused: /);
    expect(read('ten', 'en-US')).toMatch(/^refused: Amount must be a number/);
  });

  it('leaves the sign for the amount parser to refuse', () => {
    expect(read('-1,234.50', 'en-US')).toBe('-1234.50');
  });
});
