import { describe, expect, it } from 'vitest';
import { type ContractTerms, contractAnchorDay, contractLastDay, contractOn, derivedEnd, isRunning, renewedEnd } from '../../../common/domain/contracts';

// Fixed-term contract dates, hand-computed: month ends clamp and come back, leap days, the last day to cancel.

const terms = (t: Partial<ContractTerms>): ContractTerms => ({ start_date: '2027-01-31', term_months: 1, end_date: '2027-02-28', anchor_day: 31, end_action: 'renew', renew_months: 1, ended_on: null, ...t });

describe('contract dates', () => {
  it('ends start + term months later, on the start’s day or the month’s last', () => {
    expect(derivedEnd('2027-01-31', 1)).toBe('2027-02-28');
    expect(derivedEnd('2028-01-31', 1)).toBe('2028-02-29');
    expect(derivedEnd('2028-02-29', 12)).toBe('2029-02-28');
    expect(derivedEnd('2027-03-15', 12)).toBe('2028-03-15');
    expect(derivedEnd('2027-08-31', 6)).toBe('2028-02-29');
  });

  it('renews on the start’s day when the end was derived, on the end’s own day when it was given', () => {
    expect(contractAnchorDay('2027-01-31', 1, '2027-02-28')).toBe(31);
    expect(contractAnchorDay('2027-01-31', 1, '2027-02-20')).toBe(20);
    expect(renewedEnd(terms({}))).toBe('2027-03-31');
    expect(renewedEnd(terms({ end_date: '2027-03-31' }))).toBe('2027-04-30');
    expect(renewedEnd(terms({ end_date: '2028-02-29', anchor_day: 29, renew_months: 12 }))).toBe('2029-02-28');
  });

  it('stands on its next end once a renewing one has reached its end, and stops running once one that ends has', () => {
    expect(contractOn(terms({}), '2027-02-27').end_date).toBe('2027-02-28');
    expect(contractOn(terms({}), '2027-02-28').end_date).toBe('2027-03-31');
    expect(contractOn(terms({}), '2027-05-01').end_date).toBe('2027-05-31');
    expect(isRunning(terms({ end_action: 'end', renew_months: null }), '2027-02-27')).toBe(true);
    expect(isRunning(terms({ end_action: 'end', renew_months: null }), '2027-02-28')).toBe(false);
    expect(isRunning(terms({ ended_on: '2027-02-28' }), '2027-02-01')).toBe(false);
  });

  it('tells the last day to cancel: the end minus the notice, the day before without one, none for a contract that ends', () => {
    expect(contractLastDay(terms({ end_date: '2028-03-01', anchor_day: 1, renew_months: 12 }), 30, '2027-06-01')).toBe('2028-01-31');
    // 2028 is a leap year: 1 March − 1 day is 29 February.
    expect(contractLastDay(terms({ end_date: '2028-03-01', anchor_day: 1 }), null, '2027-06-01')).toBe('2028-02-29');
    expect(contractLastDay(terms({ end_action: 'end', renew_months: null }), 7, '2027-02-01')).toBeNull();
  });
});
