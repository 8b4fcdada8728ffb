import type { LicenceServerConfig } from '../config';
import type { LicenceDb } from '../db/open-licence-db';
import { nonceStore, type OutstandingNonces } from '../db/nonce-store';
import { LicenceHttpError } from '../errors';
import type { RateCounter } from '../limits/rate-counter';

const MINUTE_MS = 60_000;

/**
 * Keeps the challenge endpoint from filling the nonce table or being monopolised:
 * - per client address, at most `challengesPerSourcePerMinute` challenges a minute (counted in
 *   the database, so the limit holds across instances); beyond it 429 with Retry-After;
 * - per device key, `perKey` unanswered nonces (an app needs one at a time);
 * - overall, `total` outstanding: at the cap the OLDEST outstanding nonces are evicted to make
 *   room, never the new one refused, so a flood can delay nobody's sign-in by more than a retry
 *   (an app answers its nonce within a second; a flood would have to out-issue the whole cap in
 *   that second, which the per-source limit stops).
 * Expired nonces are purged. The count-then-insert is not atomic: simultaneous requests can pass
 * a bound by a few, which is all a bound needs.
 */
export async function checkChallengeLimits(
  licenceDb: LicenceDb,
  rates: RateCounter,
  config: Pick<LicenceServerConfig, 'challengeLimits' | 'challengesPerSourcePerMinute'>,
  request: { publicKey: string; sourceAddress: string },
  now: number,
): Promise<void> {
  const { db } = licenceDb;
  const limits = config.challengeLimits;
  const bySource = await rates.hit('challenge', request.sourceAddress, { max: config.challengesPerSourcePerMinute, windowMs: MINUTE_MS }, now);
  if (!bySource.allowed) {
    throw new LicenceHttpError(
      'rate_limited',
      'Too many sign-in requests have come from your network in the last minute. AgencyIQ will try again shortly; your plan keeps working meanwhile.',
      undefined,
      bySource.retryAfterSeconds,
    );
  }
  await nonceStore.purgeExpired(db, now);
  const mine = await nonceStore.outstandingFor(db, request.publicKey);
  if (mine.count >= limits.perKey) {
    throw new LicenceHttpError(
      'rate_limited',
      'This computer has asked to sign in too many times in a row. Wait a few minutes, then try again.',
      undefined,
      retryAfter(mine, now),
    );
  }
  const all = await nonceStore.outstandingTotal(db);
  if (all.count >= limits.total) await nonceStore.evictOldest(db, all.count - limits.total + 1);
}

/** Whole seconds until the first outstanding nonce expires and frees a place (at least 1). */
function retryAfter(outstanding: OutstandingNonces, now: number): number {
  return Math.max(1, Math.ceil(((outstanding.firstExpiry ?? now) - now) / 1000));
}
