import type { LicenceServerConfig } from '../config';
import type { LicenceDb } from '../db/open-licence-db';
import { nonceStore, type OutstandingNonces } from '../db/nonce-store';
import { LicenceHttpError } from '../errors';

/**
 * Keeps the challenge endpoint from filling the nonce table: expired nonces are purged, and a
 * new nonce is refused (429 with Retry-After) while a device key already has `perKey`
 * unanswered ones, or while `total` are outstanding overall. An app asks for one nonce and
 * answers it at once, so neither limit touches the normal sign-in. The count-then-insert is not
 * atomic: simultaneous requests can pass a limit by a few, which is all a bound needs.
 */
export async function checkChallengeLimits(
  licenceDb: LicenceDb,
  limits: LicenceServerConfig['challengeLimits'],
  publicKey: string,
  now: number,
): Promise<void> {
  const { db } = licenceDb;
  await nonceStore.purgeExpired(db, now);
  const mine = await nonceStore.outstandingFor(db, publicKey);
  if (mine.count >= limits.perKey) {
    throw new LicenceHttpError(
      'rate_limited',
      'This computer has asked to sign in too many times in a row. Wait a few minutes, then try again.',
      undefined,
      retryAfter(mine, now),
    );
  }
  const all = await nonceStore.outstandingTotal(db);
  if (all.count >= limits.total) {
    throw new LicenceHttpError(
      'rate_limited',
      'The licence server is busy with sign-ins right now. AgencyIQ will try again shortly; your plan keeps working meanwhile.',
      undefined,
      retryAfter(all, now),
    );
  }
}

/** Whole seconds until the first outstanding nonce expires and frees a place (at least 1). */
function retryAfter(outstanding: OutstandingNonces, now: number): number {
  return Math.max(1, Math.ceil(((outstanding.firstExpiry ?? now) - now) / 1000));
}
