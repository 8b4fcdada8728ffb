import { PLATFORM_LABELS, type Platform } from '@shared/domain/platform';
import type { AttemptOutcome, TargetErrorKind, TargetState } from '../db/schema';
import type { PublishResult } from '../platforms/platform-adapter';
import type { RetryPolicy } from './retry-policy';

export type { AttemptOutcome };

/** What one finished try does to its target; the outbox store writes it in one transaction. */
export interface TargetDecision {
  state: Extract<TargetState, 'published' | 'scheduled' | 'failed' | 'needs_check' | 'needs_reconnect'>;
  attemptOutcome: AttemptOutcome;
  errorKind: TargetErrorKind | null;
  /** Shown to the owner; the platform's own words where it gave some. */
  message: string | null;
  /** Back to `scheduled`: not before this instant. */
  nextAttemptAt: number | null;
  /** A transient failure: counts against the bounded retries. */
  countsAsTry: boolean;
  published: { platformPostId: string; url: string | null } | null;
  /** Rate limited on the whole connection: every other target on it waits until then too. */
  holdConnectionUntil: number | null;
}

/** The platform refused the token and no renewal was tried yet: renew once and send again. */
export type Classified = TargetDecision | { state: 'renew-token' };

/**
 * Decides what an adapter's answer means for the target. Pure: the time, the tries so far and
 * the retry policy are passed in.
 *
 * - `auth` → renew the token once (`renew-token`); refused again → `needs_reconnect`.
 * - `rate_limited` → back to `scheduled` at the platform's reset time. Scope `connection` (or
 *   none) holds the connection; scope `media` (an upload endpoint's own window, X's media
 *   endpoints) holds nothing: only this target waits, its connection's text posts go on, and the
 *   adapter keeps other uploads out of the spent window (x-media-windows.ts).
 * - `duplicate`, `invalid` → failed with the platform's words, no retry.
 * - `transient` → retried with backoff up to the policy's bound, then failed.
 * - `unknown` → `needs_check`: the post may exist, so it is never sent again automatically.
 * - Whatever the outcome, an answer saying no request is left (`rateLimit.remaining` 0, X's
 *   `x-rate-limit-remaining: 0`) holds the connection until the platform's reset.
 */
export function classifyOutcome(
  result: PublishResult,
  context: { platform: Platform; now: number; triesSoFar: number; tokenRenewed: boolean; policy: RetryPolicy },
): Classified {
  const decision = decide(result, context);
  // The answer also said the connection has no requests left: its other targets wait for the reset.
  const window = result.rateLimit;
  const spentUntil = window !== undefined && window !== null && window.remaining === 0 && window.resetAt > context.now ? window.resetAt : null;
  if (decision.state === 'renew-token' || spentUntil === null) return decision;
  return { ...decision, holdConnectionUntil: Math.max(decision.holdConnectionUntil ?? 0, spentUntil) };
}

function decide(result: PublishResult, context: { platform: Platform; now: number; triesSoFar: number; tokenRenewed: boolean; policy: RetryPolicy }): Classified {
  const outcome = result.outcome;
  const where = PLATFORM_LABELS[context.platform];
  const base = { nextAttemptAt: null, countsAsTry: false, published: null, holdConnectionUntil: null };
  switch (outcome.kind) {
    case 'published':
      return {
        ...base,
        state: 'published',
        attemptOutcome: 'published',
        errorKind: null,
        message: null,
        published: { platformPostId: outcome.platformPostId, url: outcome.url },
      };
    case 'auth':
      if (!context.tokenRenewed) return { state: 'renew-token' };
      return {
        ...base,
        state: 'needs_reconnect',
        attemptOutcome: 'needs_reconnect',
        errorKind: 'auth',
        message: `${where} refused AgencyIQ's sign-in (${outcome.message}). Reconnect ${where} on the Connections page, then choose Publish again.`,
      };
    case 'rate_limited': {
      // A reset time in the past (clock skew) still waits a moment: never an immediate re-send.
      const retryAt = Math.max(outcome.retryAt, context.now + 1_000);
      return {
        ...base,
        state: 'scheduled',
        attemptOutcome: 'rate_limited',
        errorKind: 'rate_limited',
        message: `${where} asked AgencyIQ to slow down; it will try again at the time ${where} gave. (${outcome.message})`,
        nextAttemptAt: retryAt,
        holdConnectionUntil: outcome.scope === 'media' ? null : retryAt,
      };
    }
    case 'duplicate':
      return { ...base, state: 'failed', attemptOutcome: 'failed', errorKind: 'duplicate', message: outcome.message };
    case 'invalid':
      return { ...base, state: 'failed', attemptOutcome: 'failed', errorKind: 'invalid', message: outcome.message };
    case 'transient': {
      const tries = context.triesSoFar + 1;
      if (tries <= context.policy.maxTransientRetries) {
        return {
          ...base,
          state: 'scheduled',
          attemptOutcome: 'retry',
          errorKind: 'transient',
          message: `${where} could not take the post just now (${outcome.message}); AgencyIQ will try again.`,
          nextAttemptAt: context.now + context.policy.delayMs(tries),
          countsAsTry: true,
        };
      }
      return {
        ...base,
        state: 'failed',
        attemptOutcome: 'failed',
        errorKind: 'transient',
        message: `${where} could not take the post after ${tries} attempts (${outcome.message}). Nothing was posted; choose Publish again to retry.`,
        countsAsTry: true,
      };
    }
    case 'unknown':
      return {
        ...base,
        state: 'needs_check',
        attemptOutcome: 'unknown',
        errorKind: 'unknown',
        // The adapter's sentence already says what is unknown and why.
        message: `${sentence(outcome.message)} Look on ${where}, then tell AgencyIQ what happened.`,
      };
  }
}

/** The adapter's words as a sentence: capitalised, with a full stop. */
function sentence(words: string): string {
  const trimmed = words.trim();
  const capitalised = trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
  return /[.!?]$/.test(capitalised) ? capitalised : `${capitalised}.`;
}
