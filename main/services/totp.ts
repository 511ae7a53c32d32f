import { generateSecret, generateURI, verify } from 'otplib';

// TOTP as every authenticator app does it (otplib's defaults: SHA-1, 6 digits, 30-second steps),
// checked at the core's clock so tests can move time.

const ISSUER = 'Spend Manager';
/** A code from the step before or after is still taken: phones drift, people type slowly. */
const TOLERANCE_SECONDS = 30;
const PERIOD_SECONDS = 30;

export function newTotpSecret(): string {
  return generateSecret();
}

/** The otpauth:// URI an authenticator app reads (from a QR code or pasted). */
export function totpUri(secret: string, accountLabel: string): string {
  return generateURI({ issuer: ISSUER, label: accountLabel, secret });
}

/**
 * The time step the code belongs to, or null when it is not a current code. Codes at or before
 * `afterTimeStep` are refused, so a code seen over someone's shoulder cannot be used again.
 */
export async function totpTimeStep(secret: string, code: string, at: Date, afterTimeStep: number | null): Promise<number | null> {
  const epoch = Math.floor(at.getTime() / 1000);
  // Every step a code may come from is at or before the last one used (the clock went back): none is new.
  if (afterTimeStep !== null && afterTimeStep >= Math.floor((epoch + TOLERANCE_SECONDS) / PERIOD_SECONDS)) return null;
  const result = await verify({
    secret,
    token: code,
    epoch,
    epochTolerance: TOLERANCE_SECONDS,
    ...(afterTimeStep !== null ? { afterTimeStep } : {}),
  });
  // A TOTP verification (the default strategy) reports its time step; HOTP results have none.
  return result.valid && 'timeStep' in result ? result.timeStep : null;
}
