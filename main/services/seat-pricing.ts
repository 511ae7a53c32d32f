import { currencyExponent } from '../../common/domain/currencies';
import { MAX_MAJOR_AMOUNT, minorToMajorString } from '../../common/domain/money';
import type { FieldErrors } from '../../common/errors';

// Seats × price per seat = amount. The pair is stored together or not at all; the amount is derived
// here, once, in exact integers, and bounded by the same limit as an amount typed in.

/** What the caller sent about pricing, already parsed to minor units (undefined: not sent). */
export interface PricingInput {
  amountMinor: number | undefined;
  seats: number | null | undefined;
  seatPriceMinor: number | null | undefined;
}

/** What the row holds before the change (a create starts from nothing). */
export interface StoredPricing {
  amountMinor: number;
  seats: number | null;
  seatPriceMinor: number | null;
}

export interface Pricing {
  amountMinor: number;
  seats: number | null;
  seatPriceMinor: number | null;
  /** The amount is seats × seat price (so a problem with it is the seat price's). */
  derived: boolean;
}

const BOTH_OR_NEITHER = 'send seats and price per seat together, or neither';

/**
 * The pricing after the change, or problems in `fields`. Sending either half as null clears both and
 * keeps the amount; sending one half alone changes it against the stored other half.
 */
export function resolvePricing(input: PricingInput, stored: StoredPricing | null, currency: string, fields: FieldErrors): Pricing {
  // A field already refused (its text did not parse) keeps that first, more specific reason.
  const refuse = (field: 'amount' | 'seats' | 'seat_price', reason: string) => {
    fields[field] ??= reason;
  };
  const fallbackAmount = input.amountMinor ?? stored?.amountMinor;
  const clearing = input.seats === null || input.seatPriceMinor === null;
  if (clearing) {
    if (input.seats !== null && input.seats !== undefined) refuse('seats', `Seats need a price per seat: ${BOTH_OR_NEITHER}`);
    if (input.seatPriceMinor !== null && input.seatPriceMinor !== undefined) refuse('seat_price', `A price per seat needs seats: ${BOTH_OR_NEITHER}`);
    if (fallbackAmount === undefined) refuse('amount', 'Amount is required (or seats and a price per seat)');
    return { amountMinor: fallbackAmount ?? 0, seats: null, seatPriceMinor: null, derived: false };
  }
  const seats = input.seats ?? stored?.seats ?? null;
  const price = input.seatPriceMinor ?? stored?.seatPriceMinor ?? null;
  if (seats === null && price === null) {
    if (fallbackAmount === undefined) refuse('amount', 'Amount is required (or seats and a price per seat)');
    return { amountMinor: fallbackAmount ?? 0, seats: null, seatPriceMinor: null, derived: false };
  }
  if (seats === null) {
    refuse('seats', `Seats are required with a price per seat: ${BOTH_OR_NEITHER}`);
    return { amountMinor: 0, seats, seatPriceMinor: price, derived: true };
  }
  if (price === null) {
    refuse('seat_price', `Price per seat is required with seats: ${BOTH_OR_NEITHER}`);
    return { amountMinor: 0, seats, seatPriceMinor: price, derived: true };
  }
  const product = BigInt(seats) * BigInt(price);
  const productText = `${seats.toLocaleString('en-US')} × ${minorToMajorString(price, currency)} ${currency}`;
  if (product > BigInt(MAX_MAJOR_AMOUNT) * 10n ** BigInt(currencyExponent(currency))) {
    refuse('seat_price', `Seats × price per seat must be at most ${MAX_MAJOR_AMOUNT.toLocaleString('en-US')} (${productText} is more)`);
    return { amountMinor: 0, seats, seatPriceMinor: price, derived: true };
  }
  const amountMinor = Number(product);
  if (input.amountMinor !== undefined && input.amountMinor !== amountMinor) {
    refuse('amount', `Amount must equal seats × price per seat (${productText} = ${minorToMajorString(amountMinor, currency)}), or be left out; to enter the amount yourself, clear seats`);
  }
  return { amountMinor, seats, seatPriceMinor: price, derived: true };
}
