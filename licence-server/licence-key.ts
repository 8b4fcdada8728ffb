import { randomInt } from 'node:crypto';

// No 0/O, 1/I/L, 5/S, 8/B, 2/Z: a key read aloud or copied from a screenshot survives.
const ALPHABET = 'ACDEFGHJKMNPQRTUVWXY34679';
const GROUPS = 4;
const GROUP_LENGTH = 4;

/** A new licence key `AIQ-XXXX-XXXX-XXXX-XXXX` (~74 bits of randomness). */
export function generateLicenceKey(): string {
  const groups: string[] = [];
  for (let g = 0; g < GROUPS; g++) {
    let group = '';
    for (let i = 0; i < GROUP_LENGTH; i++) group += ALPHABET[randomInt(ALPHABET.length)];
    groups.push(group);
  }
  return `AIQ-${groups.join('-')}`;
}

/** The canonical form of a key as typed: case, spaces and dashes do not matter. */
export function normaliseLicenceKey(typed: string): string {
  const compact = typed.toUpperCase().replace(/[\s-]+/g, '');
  const body = compact.startsWith('AIQ') ? compact.slice(3) : compact;
  if (body.length !== GROUPS * GROUP_LENGTH) return compact;
  const groups = body.match(new RegExp(`.{${GROUP_LENGTH}}`, 'g')) ?? [];
  return `AIQ-${groups.join('-')}`;
}

/** For logs: enough to tell keys apart, never enough to use one. */
export function maskLicenceKey(key: string): string {
  return `AIQ-…-${key.slice(-4)}`;
}
