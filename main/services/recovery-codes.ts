import { createHash, randomInt } from 'node:crypto';
import { RECOVERY_CODE_COUNT } from '../../common/contract/two-factor';

// Recovery codes: shown once, stored as sha-256 (50 random bits each: a fast hash is enough, no
// one can try 2^50 codes through a throttled sign-in, and a stolen table gives nothing to type).

// No 0/o, 1/l/i: a code is read off paper.
const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

function newCode(): string {
  const chars = Array.from({ length: 10 }, () => ALPHABET[randomInt(ALPHABET.length)]!);
  return `${chars.slice(0, 5).join('')}-${chars.slice(5).join('')}`;
}

export function newRecoveryCodes(): string[] {
  const codes = new Set<string>();
  while (codes.size < RECOVERY_CODE_COUNT) codes.add(newCode());
  return [...codes];
}

/** Letter case, spaces and dashes do not matter when a code is typed back. */
export function recoveryCodeHash(code: string): string {
  const plain = code.toLowerCase().replace(/[\s-]+/g, '');
  return createHash('sha256').update(plain).digest('hex');
}

export function looksLikeTotpCode(code: string): boolean {
  return /^\d{6}$/.test(code);
}
