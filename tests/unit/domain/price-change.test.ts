import { describe, expect, it } from 'vitest';
import { isPriceChange, percentChangeText } from '../../../common/domain/price-change';
import { lastDayToSend } from '../../../common/domain/reminder-plan';

describe('isPriceChange', () => {
  it('is more than 2 % off either way, exactly 2 % is not (87.50: 89.25 and 85.75 are the boundary)', () => {
    expect(isPriceChange(8750, 8925)).toBe(false);
    expect(isPriceChange(8750, 8926)).toBe(true);
    expect(isPriceChange(8750, 8575)).toBe(false);
    expect(isPriceChange(8750, 8574)).toBe(true);
    expect(isPriceChange(8750, 8750)).toBe(false);
  });

  it('counts any payment of a plan expected to cost nothing, and stays exact at the largest amounts', () => {
    expect(isPriceChange(0, 1)).toBe(true);
    expect(isPriceChange(0, 0)).toBe(false);
    // 10^13 minor units: 2 % is 2 × 10^11, one more unit is over.
    expect(isPriceChange(10_000_000_000_000, 10_200_000_000_000)).toBe(false);
    expect(isPriceChange(10_000_000_000_000, 10_200_000_000_001)).toBe(true);
  });
});

describe('percentChangeText', () => {
  it('says whole percents from 10 % on and one decimal below, with the sign', () => {
    expect(percentChangeText(8750, 9625)).toBe('+10 %');
    expect(percentChangeText(8750, 8050)).toBe('-8 %');
    expect(percentChangeText(10000, 10350)).toBe('+3.5 %');
    expect(percentChangeText(10000, 9650)).toBe('-3.5 %');
    expect(percentChangeText(1000, 3500)).toBe('+250 %');
    expect(percentChangeText(8750, 10000)).toBe('+14 %');
  });

  it('rounds half away from zero: 2.05 % reads +2.1 %, 12.5 % reads +13 %', () => {
    expect(percentChangeText(10000, 10205)).toBe('+2.1 %');
    expect(percentChangeText(10000, 9795)).toBe('-2.1 %');
    expect(percentChangeText(10000, 11250)).toBe('+13 %');
    expect(percentChangeText(8750, 8926)).toBe('+2 %');
  });

  it('has no percentage when nothing was expected', () => {
    expect(percentChangeText(0, 500)).toBeNull();
  });
});

describe('lastDayToSend', () => {
  it('is the target date of a reminder, and a week after the day it was raised for a price change', () => {
    expect(lastDayToSend({ kind: 'renewal', target_date: '2026-03-20', due_at: '2026-03-13T08:00:00.000Z' })).toBe('2026-03-20');
    expect(lastDayToSend({ kind: 'price_change', target_date: '2026-03-03', due_at: '2026-03-10T23:30:00.000Z' })).toBe('2026-03-17');
    expect(lastDayToSend({ kind: 'price_change', target_date: '2026-12-03', due_at: '2026-12-28T09:00:00.000Z' })).toBe('2027-01-04');
  });
});
