import type { Platform } from '@shared/domain/platform';
import { DEFAULT_TIME_ZONE } from '@shared/domain/time-zone';
import type { EventPayloadOf } from '@shared/ipc/contract';
import type { YouTubeSettings } from '@shared/platforms/youtube-settings';
import type { TargetErrorKind } from '../db/schema';
import type { SyncTx } from '../db/sync-transaction';
import type { PublishResult } from '../platforms/platform-adapter';
import { commitForPost, releaseForPost, reserveForPost, type PublishingLease } from '../licence/quota-ledger';
import { quotaRefusalMessage } from '../licence/quota-refusal';
import type { AttemptOutcome, TargetDecision } from './classify-outcome';
import {
  businessTimeZoneRow,
  claimableTarget,
  closeAttemptRow,
  finishTargetUnsent,
  holdConnectionTargets,
  insertOpenAttempt,
  insertUnsentAttempt,
  markLeaving,
  markPostDone,
  markPostPublishing,
  markScheduledPostPublishing,
  markTargetPublishing,
  recordPublished,
  recordUnpublished,
  targetChangeRow,
  targetOfAttempt,
  targetStatesOfPost,
} from './outbox-statements';

// Every transition of a target, each a function of the caller's synchronous transaction
// (outbox-writes.ts runs them): the outbox's write side, over the statements of
// outbox-statements.ts and the quota ledger's.

/** What the `publishing.target-changed` event carries: one target, after a transition. */
export type TargetChange = EventPayloadOf<'publishing.target-changed'>;

/** One target to claim, with the instant and the lease it is claimed under. */
export interface ClaimRequest {
  targetId: string;
  now: number;
  lease: PublishingLease | null;
}

/** What claiming one target gave. */
export type ClaimResult =
  /** The target is `publishing`, an attempt row is open: send it now. */
  | {
      kind: 'claimed';
      attemptId: number;
      startedAt: number;
      text: string;
      title: string | null;
      /** The YouTube target's settings; null: the defaults (and every other platform). */
      youtube: YouTubeSettings | null;
      authorId: string | null;
      triesSoFar: number;
      /** The post had attachments when it was claimed; false: a text post, no media to read. */
      hasMedia: boolean;
      change: TargetChange;
      ledgerChanged: boolean;
    }
  /** The plan does not cover the post: the target failed (`quota`), nothing may be sent. */
  | { kind: 'refused'; change: TargetChange; message: string; ledgerChanged: boolean }
  /** Someone else moved it (unscheduled, claimed, deleted): leave it alone. */
  | { kind: 'gone' };

/** A transition written, and whether it moved the quota ledger (the Plan page then re-reads). */
export interface Recorded {
  change: TargetChange;
  ledgerChanged: boolean;
}

/** How a claimed target's try ended, to be written (an `OutboxWrite` of kind `record`). */
export interface OutcomeRecord {
  attemptId: number;
  startedAt: number;
  result: PublishResult;
  decision: TargetDecision;
  now: number;
}

/** A claimed target's request is about to leave (the leaving mark; see outbox-writes.ts). */
export interface LeavingMark {
  targetId: string;
  now: number;
}

/** How a due target ends without a send. */
export interface UnsentOutcome {
  state: 'failed' | 'needs_reconnect';
  errorKind: TargetErrorKind;
  message: string;
  attemptOutcome: AttemptOutcome;
}

const FINAL_STATES = new Set(['published', 'failed', 'needs_check', 'needs_reconnect']);

/**
 * Claims a due target right before it is sent: target → `publishing`, post → `publishing`, an
 * attempt row opened, and the post's quota reserved if this is its first claim. Without quota
 * the target fails (`quota`) instead, and nothing may be sent.
 */
export function claimIn(tx: SyncTx, { targetId, now, lease }: ClaimRequest, boot: string | null): ClaimResult {
  const row = claimableTarget(tx, { targetId, now })[0];
  if (row === undefined) return { kind: 'gone' } as const;

  const reservation = reserveForPost(tx, row.post_id, lease, now);
  if (reservation.kind === 'no-plan' || reservation.kind === 'exhausted') {
    const message = quotaRefusalMessage(reservation, businessTimeZone(tx));
    const recorded = finishUnsent(tx, targetId, row.post_id, now, {
      state: 'failed',
      errorKind: 'quota',
      message,
      attemptOutcome: 'failed',
    });
    return { kind: 'refused', message, ...recorded } as const;
  }

  markTargetPublishing(tx, { targetId, now, boot });
  if (row.post_state !== 'publishing') markPostPublishing(tx, { postId: row.post_id });
  const attemptId = openAttempt(tx, targetId, now);
  return {
    kind: 'claimed',
    attemptId,
    startedAt: now,
    text: row.text_override ?? row.body,
    title: row.title,
    youtube: row.youtube_privacy === null ? null : { privacy: row.youtube_privacy, notifySubscribers: row.youtube_notify_subscribers === 1 },
    authorId: row.author_id,
    triesSoFar: row.attempt_count,
    hasMedia: row.has_media === 1,
    // What readTargetChange would read now: only the state moved (read in this transaction).
    change: toChange({ ...row, id: targetId, state: 'publishing' }),
    ledgerChanged: reservation.kind === 'reserved',
  } as const;
}

/** The claimed target's request is about to leave: from now on it may be on the platform. */
export function leaveIn(tx: SyncTx, { targetId, now }: LeavingMark): null {
  if (markLeaving(tx, { targetId, now }).length === 0) throw new Error('the target to send is no longer claimed');
  return null;
}

/**
 * Records how a claimed target's try ended: the attempt row, the target (the platform's id and
 * URL the moment it confirmed), the quota (committed on the post's first success, released when
 * the post ended with nothing published), a rate limit's hold on the connection's other targets,
 * and the post's own state.
 */
export function recordIn(tx: SyncTx, { attemptId, startedAt, result, decision, now }: OutcomeRecord): Recorded {
  const targetId = closeAttempt(tx, attemptId, startedAt, now, result, decision);
  const values = {
    targetId,
    state: decision.state,
    errorKind: decision.errorKind,
    message: decision.message,
    nextAttemptAt: decision.nextAttemptAt,
    triesAdded: decision.countsAsTry ? 1 : 0,
    now,
  };
  // The outcome applies only to a target still `publishing`, and returns the target as written
  // (one statement where a read and a write were two); one that had moved on is read as it is.
  const written = (
    decision.published === null
      ? recordUnpublished(tx, values)
      : recordPublished(tx, { ...values, platformPostId: decision.published.platformPostId, url: decision.published.url })
  )[0];
  const target = written ?? targetOfAttempt(tx, { targetId })[0];
  if (target === undefined) throw new Error('the attempt names a target that does not exist');
  let ledgerChanged = false;
  if (decision.published !== null) ledgerChanged = commitForPost(tx, target.post_id, now);
  if (decision.holdConnectionUntil !== null && target.connection_id !== null) {
    holdConnectionTargets(tx, { connectionId: target.connection_id, until: decision.holdConnectionUntil, now });
  }
  if (settlePost(tx, target.post_id, now)) ledgerChanged = true;
  // Nothing after the outcome touches the target's event fields: what it wrote is the event.
  const change = written === undefined ? readTargetChange(tx, targetId) : toChange(written);
  return { change, ledgerChanged };
}

/** A due target ends without a send: final state, reason, one attempt row saying so. */
export function finishUnsent(tx: SyncTx, targetId: string, postId: string, now: number, outcome: UnsentOutcome): Recorded {
  finishTargetUnsent(tx, { targetId, state: outcome.state, errorKind: outcome.errorKind, message: outcome.message, now });
  // The engine has dealt with the post: it is no longer merely scheduled (so it is not
  // "missed", and unscheduling it is no longer offered).
  markScheduledPostPublishing(tx, { postId });
  insertUnsentAttempt(tx, { targetId, now, outcome: outcome.attemptOutcome, errorKind: outcome.errorKind, message: outcome.message });
  const ledgerChanged = settlePost(tx, postId, now);
  return { change: readTargetChange(tx, targetId), ledgerChanged };
}

/** Opens the attempt row of a claimed target's try; returns its id. */
export function openAttempt(tx: SyncTx, targetId: string, now: number): number {
  const row = insertOpenAttempt(tx, { targetId, now })[0];
  if (row === undefined) throw new Error('opening an attempt row returned nothing');
  return Number(row.id);
}

/** Closes an attempt row with the platform's answer; returns its target. */
export function closeAttempt(
  tx: SyncTx,
  attemptId: number,
  startedAt: number,
  now: number,
  result: PublishResult,
  outcome: { attemptOutcome: AttemptOutcome; errorKind: TargetErrorKind | null; message: string | null },
): string {
  const row = closeAttemptRow(tx, {
    attemptId,
    startedAt,
    now,
    outcome: outcome.attemptOutcome,
    errorKind: outcome.errorKind,
    httpStatus: result.httpStatus,
    platformErrorCode: result.platformErrorCode,
    message: outcome.message,
    durationMs: Math.max(0, now - startedAt),
  })[0];
  if (row === undefined) throw new Error('the attempt to close does not exist');
  return row.target_id;
}

/**
 * When every target of the post has ended, the post is `done`; if none was published and none
 * waits for the owner's check, its reservation is released. True when the ledger changed.
 */
export function settlePost(tx: SyncTx, postId: string, now: number): boolean {
  const states = targetStatesOfPost(tx, { postId }).map((r) => r.state);
  if (states.length === 0 || !states.every((state) => FINAL_STATES.has(state))) return false;
  markPostDone(tx, { postId });
  if (states.includes('published') || states.includes('needs_check')) return false;
  return releaseForPost(tx, postId, now);
}

/** The event payload for one target, as stored now. */
export function readTargetChange(tx: SyncTx, targetId: string): TargetChange {
  const row = targetChangeRow(tx, { targetId })[0];
  if (row === undefined) throw new Error('no such target');
  return toChange(row);
}

function toChange(row: {
  id: string;
  post_id: string;
  platform: Platform;
  state: TargetChange['state'];
  platform_url: string | null;
  error_kind: TargetErrorKind | null;
  last_error: string | null;
}): TargetChange {
  return {
    postId: row.post_id,
    targetId: row.id,
    platform: row.platform,
    state: row.state,
    platformUrl: row.platform_url,
    error: row.error_kind === null ? null : { kind: row.error_kind, message: row.last_error ?? '' },
  };
}

function businessTimeZone(tx: SyncTx): string {
  return businessTimeZoneRow(tx, {})[0]?.time_zone ?? DEFAULT_TIME_ZONE;
}
