import { sql } from 'kysely';
import type { Platform } from '@shared/domain/platform';
import { DEFAULT_TIME_ZONE } from '@shared/domain/time-zone';
import type { YouTubeSettings } from '@shared/platforms/youtube-settings';
import type { EventPayloadOf } from '@shared/ipc/contract';
import type { ConnectionState, Database, TargetErrorKind } from '../db/schema';
import { inSyncTransaction, preparedStatement, queryBuilder, type SyncDatabase, type SyncTx } from '../db/sync-transaction';
import type { PublishResult } from '../platforms/platform-adapter';
import { commitForPost, releaseForPost, reserveForPost, type PublishingLease } from '../licence/quota-ledger';
import { quotaRefusalMessage } from '../licence/quota-refusal';
import type { AttemptOutcome, TargetDecision } from './classify-outcome';
import { currentBootIdentity } from './boot-identity';
import type { Settled } from './write-batcher';

/** What the `publishing.target-changed` event carries: one target, after a transition. */
export type TargetChange = EventPayloadOf<'publishing.target-changed'>;

/** A target whose time has come, with what is needed to decide whether it can be sent. */
export interface DueTarget {
  targetId: string;
  postId: string;
  platform: Platform;
  connection: { id: string; state: 'connected' | 'needs_reconnect' | 'disconnected'; accountId: string; displayName: string } | null;
}

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

/** A claimed target's request is about to leave (the leaving mark; see `OutboxStore`). */
export interface LeavingMark {
  targetId: string;
  now: number;
}

/**
 * One write of a batch: claims (durable, before any of their sends), a leaving mark right
 * before a send, or an outcome after one.
 */
export type OutboxWrite = { kind: 'claim'; claim: ClaimRequest } | { kind: 'leave'; leave: LeavingMark } | { kind: 'record'; outcome: OutcomeRecord };


const FINAL_STATES = new Set(['published', 'failed', 'needs_check', 'needs_reconnect']);

/** A waiting target with its due time and connection (`#waiting`). */
interface WaitingRow {
  id: string;
  post_id: string;
  platform: Platform;
  position: number;
  connection_id: string | null;
  connection_state: ConnectionState | null;
  account_id: string | null;
  display_name: string | null;
  due_at: number;
}

/**
 * The outbox over SQLite: which targets are due, and every transition of a target, each in one
 * transaction. The engine decides; this writes.
 *
 * Every transition is a synchronous transaction (db/sync-transaction.ts): the engine runs
 * them for every post it publishes, and through kysely's promises they cost several times what
 * SQLite does.
 *
 * Durability: the database runs WAL with synchronous=NORMAL, where a power cut may roll back the
 * last commits. For a claim that would be dangerous — the post may already be on the platform
 * while the database forgets it was ever sent, and the target goes out again. So a batch of
 * claims is committed with an fsync (synchronous=FULL) before any of its sends starts.
 *
 * The leaving mark (`left_at`) is written right before each send, without an fsync. It is what
 * lets the next start put a claimed target that never left back in the queue instead of asking
 * the owner to check it — but only while the computer has not restarted since the claim
 * (`claim_boot`): a crash of the app keeps every commit it made, and only a power cut or a system
 * crash, which both restart the computer, can lose one. After a restart every claimed target
 * needs the owner's check, mark or no mark (recover-interrupted.ts, docs/architecture.md).
 */
export class OutboxStore {
  readonly #database: SyncDatabase;
  readonly #db: Database;
  readonly #boot: string | null;

  /** `boot`: this computer's boot identity (boot-identity.ts); null when unknown. */
  constructor(database: SyncDatabase, options: { boot?: string | null } = {}) {
    this.#database = database;
    this.#db = database.db;
    this.#boot = options.boot === undefined ? currentBootIdentity() : options.boot;
  }

  /** Targets due at `now`, soonest first, leaving out `skip` (being sent by this process). */
  async dueTargets(now: number, limit: number, skip: ReadonlySet<string>): Promise<DueTarget[]> {
    const rows = await this.#waiting(now, limit + skip.size);
    return rows
      .filter((row) => !skip.has(row.id))
      .slice(0, limit)
      .map((row) => ({
        targetId: row.id,
        postId: row.post_id,
        platform: row.platform,
        connection:
          row.connection_id === null
            ? null
            : {
                id: row.connection_id,
                state: row.connection_state ?? 'disconnected',
                accountId: row.account_id ?? '',
                displayName: row.display_name ?? '',
              },
      }));
  }

  /** The earliest instant a target becomes due (overdue included), or null when nothing waits. */
  async nextDueAt(skip: ReadonlySet<string>): Promise<number | null> {
    const rows = await this.#waiting(null, skip.size + 1);
    return rows.find((row) => !skip.has(row.id))?.due_at ?? null;
  }

  /**
   * The first `take` waiting targets in due order (due by `until` when given). A target's due
   * time is its own `next_attempt_at` when a retry or a rate limit set one, else its post's
   * `scheduled_at`; both are read in index order and merged here, so the question costs the same
   * with ten targets waiting or ten thousand. (One SQL ORDER BY over `COALESCE` of the two had to
   * sort every waiting target, every time.)
   */
  async #waiting(until: number | null, take: number): Promise<WaitingRow[]> {
    const retrying = await dueQuery(this.#db)
      .leftJoin('connections as c', 'c.id', 't.connection_id')
      .select(['t.id', 't.post_id', 't.platform', 't.position', 'c.id as connection_id', 'c.state as connection_state', 'c.account_id', 'c.display_name'])
      .select(sql<number>`t.next_attempt_at`.as('due_at'))
      .where('t.next_attempt_at', 'is not', null)
      .$if(until !== null, (query) => query.where('t.next_attempt_at', '<=', until!))
      .orderBy('t.next_attempt_at')
      .orderBy('t.position')
      .limit(take)
      .execute();
    // Raw SQL to pin the plan: walk posts_outbox_due (migration 7) in due order and look up each
    // post's targets by post id. Left to itself the planner prefers the equality on
    // post_targets.state and sorts everything (the unary `+` keeps those terms off the index).
    const fresh = await sql<WaitingRow>`
      SELECT t.id, t.post_id, t.platform, t.position, c.id AS connection_id, c.state AS connection_state,
             c.account_id, c.display_name, p.scheduled_at AS due_at
      FROM posts AS p INDEXED BY posts_outbox_due
      CROSS JOIN post_targets AS t ON t.post_id = p.id
      LEFT JOIN connections AS c ON c.id = t.connection_id
      WHERE p.state IN ('scheduled', 'publishing') AND p.deleted_at IS NULL AND p.missed_at IS NULL
        AND p.scheduled_at IS NOT NULL ${until === null ? sql`` : sql`AND p.scheduled_at <= ${until}`}
        AND +t.state = 'scheduled' AND +t.next_attempt_at IS NULL
      ORDER BY p.scheduled_at, p.id, t.position
      LIMIT ${take}`.execute(this.#db);
    return [...retrying, ...fresh.rows]
      .sort((a, b) => a.due_at - b.due_at || (a.post_id < b.post_id ? -1 : a.post_id > b.post_id ? 1 : a.position - b.position))
      .slice(0, take);
  }

  /** A due target's wait moved to `until` (its connection is held by a rate limit); not an attempt. */
  async defer(targetId: string, until: number, now: number): Promise<void> {
    await this.#db
      .updateTable('post_targets')
      .set({ next_attempt_at: until, updated_at: now })
      .where('id', '=', targetId)
      .where('state', '=', 'scheduled')
      .execute();
  }

  /**
   * Writes a batch of claims, leaving marks and outcomes in ONE transaction — one commit however
   * many — fsynced when it holds a claim (see the class comment). Outcomes go first, so a
   * reservation they release is free for the claims. Answered in order; a write that fails fails
   * alone: the batch is first written without savepoints (two statements fewer per write), and
   * only if a write throws is it rolled back and written again with one savepoint per write.
   */
  async write(writes: readonly OutboxWrite[]): Promise<Array<Settled<ClaimResult | Recorded | null>>> {
    const order = [...writes.keys()].sort((a, b) => Number(writes[a]!.kind === 'claim') - Number(writes[b]!.kind === 'claim'));
    const one = (tx: SyncTx, write: OutboxWrite): ClaimResult | Recorded | null => {
      if (write.kind === 'claim') return claimIn(tx, write.claim, this.#boot);
      if (write.kind === 'leave') return leaveIn(tx, write.leave);
      return recordIn(tx, write.outcome);
    };
    const durable = writes.some((write) => write.kind === 'claim');
    try {
      return await inSyncTransaction(
        this.#database,
        (tx) => {
          const settled: Array<Settled<ClaimResult | Recorded | null>> = [];
          for (const index of order) settled[index] = { ok: true, value: one(tx, writes[index]!) };
          return settled;
        },
        { durable },
      );
    } catch {
      // One of them failed (the whole transaction was rolled back): each in a savepoint now.
      return inSyncTransaction(
        this.#database,
        (tx) => {
          const settled: Array<Settled<ClaimResult | Recorded | null>> = [];
          for (const index of order) settled[index] = tx.attempt(() => one(tx, writes[index]!));
          return settled;
        },
        { durable },
      );
    }
  }

  /**
   * Claimed targets that will not be sent after all (the engine stops, or something before the
   * send failed): back to `scheduled`, their unused attempt rows gone. Only a target that has not
   * left; one that has stays `publishing` (the next start makes it `needs_check`). Not fsynced:
   * if a power cut loses this, the targets are still claimed, and after a restart a claim needs
   * the owner's check — the safe side.
   */
  async unclaim(targetIds: readonly string[], now: number): Promise<TargetChange[]> {
    if (targetIds.length === 0) return [];
    return inSyncTransaction(this.#database, (tx) => {
      const changes: TargetChange[] = [];
      for (const targetId of targetIds) {
        if (requeueUnsent(tx, { targetId, now }).length === 0) continue;
        deleteOpenAttempts(tx, { targetId });
        changes.push(readTargetChange(tx, targetId));
      }
      return changes;
    });
  }

  /**
   * Ends a due target without sending anything (no connection, a sign-in that is gone): final
   * state and the reason, one attempt row that says so. Null when the target was no longer due.
   */
  async failUnsent(
    targetId: string,
    now: number,
    outcome: { state: 'failed' | 'needs_reconnect'; errorKind: TargetErrorKind; message: string; attemptOutcome: AttemptOutcome },
  ): Promise<Recorded | null> {
    return inSyncTransaction(this.#database, (tx) => {
      const row = tx.first(queryBuilder.selectFrom('post_targets').select('post_id').where('id', '=', targetId).where('state', '=', 'scheduled'));
      if (row === undefined) return null;
      return finishUnsent(tx, targetId, row.post_id, now, outcome);
    });
  }

  /** The platform refused the token: this try is closed as a retry and the next one opened (the target stays `publishing`). */
  async reopenAttempt(attemptId: number, startedAt: number, result: PublishResult, now: number): Promise<number> {
    return inSyncTransaction(this.#database, (tx) => {
      const target = closeAttempt(tx, attemptId, startedAt, now, result, {
        attemptOutcome: 'retry',
        errorKind: 'auth',
        message: 'message' in result.outcome ? result.outcome.message : null,
      });
      return openAttempt(tx, target, now);
    });
  }

}

/**
 * Claims a due target right before it is sent: target → `publishing`, post → `publishing`, an
 * attempt row opened, and the post's quota reserved if this is its first claim. Without quota
 * the target fails (`quota`) instead, and nothing may be sent.
 */
function claimIn(tx: SyncTx, { targetId, now, lease }: ClaimRequest, boot: string | null): ClaimResult {
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
    // What readTargetChange would read now: only the state moved (read in this transaction).
    change: toChange({ ...row, id: targetId, state: 'publishing' }),
    ledgerChanged: reservation.kind === 'reserved',
  } as const;
}

/** The claimed target's request is about to leave: from now on it may be on the platform. */
function leaveIn(tx: SyncTx, { targetId, now }: LeavingMark): null {
  if (markLeaving(tx, { targetId, now }).length === 0) throw new Error('the target to send is no longer claimed');
  return null;
}

/**
 * Records how a claimed target's try ended: the attempt row, the target (the platform's id and
 * URL the moment it confirmed), the quota (committed on the post's first success, released when
 * the post ended with nothing published), a rate limit's hold on the connection's other targets,
 * and the post's own state.
 */
function recordIn(tx: SyncTx, { attemptId, startedAt, result, decision, now }: OutcomeRecord): Recorded {
  const targetId = closeAttempt(tx, attemptId, startedAt, now, result, decision);
  const target = targetForRecord(tx, { targetId })[0];
  if (target === undefined) throw new Error('the attempt names a target that does not exist');
  const values = {
    targetId,
    state: decision.state,
    errorKind: decision.errorKind,
    message: decision.message,
    nextAttemptAt: decision.nextAttemptAt,
    attemptCount: decision.countsAsTry ? target.attempt_count + 1 : target.attempt_count,
    now,
  };
  if (decision.published === null) recordUnpublished(tx, values);
  else recordPublished(tx, { ...values, platformPostId: decision.published.platformPostId, url: decision.published.url });
  let ledgerChanged = false;
  if (decision.published !== null) ledgerChanged = commitForPost(tx, target.post_id, now);
  if (decision.holdConnectionUntil !== null && target.connection_id !== null) {
    holdConnection(tx, target.connection_id, decision.holdConnectionUntil, now);
  }
  if (settlePost(tx, target.post_id, now)) ledgerChanged = true;
  // The update above applies only to a target still `publishing`; then the event's fields are
  // the ones just written (nothing after it touches them), else whatever is stored.
  const change =
    target.state === 'publishing'
      ? toChange({
          ...target,
          id: targetId,
          state: decision.state,
          platform_url: decision.published === null ? target.platform_url : decision.published.url,
          error_kind: decision.errorKind,
          last_error: decision.message,
        })
      : readTargetChange(tx, targetId);
  return { change, ledgerChanged };
}

/** A due target ends without a send: final state, reason, one attempt row saying so. */
function finishUnsent(
  tx: SyncTx,
  targetId: string,
  postId: string,
  now: number,
  outcome: { state: 'failed' | 'needs_reconnect'; errorKind: TargetErrorKind; message: string; attemptOutcome: AttemptOutcome },
): Recorded {
  tx.run(
    queryBuilder
      .updateTable('post_targets')
      .set({ state: outcome.state, error_kind: outcome.errorKind, last_error: outcome.message, next_attempt_at: null, updated_at: now })
      .where('id', '=', targetId),
  );
  // The engine has dealt with the post: it is no longer merely scheduled (so it is not
  // "missed", and unscheduling it is no longer offered).
  tx.run(queryBuilder.updateTable('posts').set({ state: 'publishing' }).where('id', '=', postId).where('state', '=', 'scheduled'));
  tx.run(
    queryBuilder.insertInto('publish_attempts').values({
      target_id: targetId,
      started_at: now,
      finished_at: now,
      outcome: outcome.attemptOutcome,
      error_kind: outcome.errorKind,
      http_status: null,
      platform_error_code: null,
      error_message: outcome.message,
      duration_ms: 0,
    }),
  );
  const ledgerChanged = settlePost(tx, postId, now);
  return { change: readTargetChange(tx, targetId), ledgerChanged };
}

/** Targets that are due-able: scheduled, of a live post that is scheduled or under way and not missed. */
function dueQuery(db: Database) {
  return db
    .selectFrom('post_targets as t')
    .innerJoin('posts as p', 'p.id', 't.post_id')
    .where('t.state', '=', 'scheduled')
    .where('p.state', 'in', ['scheduled', 'publishing'])
    .where('p.deleted_at', 'is', null)
    .where('p.missed_at', 'is', null)
    .where('p.scheduled_at', 'is not', null);
}

// The statements every publish runs, built and compiled once (db/sync-transaction.ts).

/** The target, if it is still due at `now`, with what its send and its event need. */
const claimableTarget = preparedStatement((db, a: { targetId: string; now: number }) =>
  dueQuery(db)
    .select(['t.post_id', 't.text_override', 't.title', 't.youtube_privacy', 't.youtube_notify_subscribers', 't.author_id', 't.attempt_count', 'p.body', 'p.state as post_state', 't.platform', 't.platform_url', 't.error_kind', 't.last_error'])
    .where('t.id', '=', a.targetId)
    .where(sql<number>`COALESCE(t.next_attempt_at, p.scheduled_at)`, '<=', a.now),
);

const markTargetPublishing = preparedStatement((db, a: { targetId: string; now: number; boot: string | null }) =>
  db.updateTable('post_targets').set({ state: 'publishing', claim_boot: a.boot, left_at: null, updated_at: a.now }).where('id', '=', a.targetId),
);

const markLeaving = preparedStatement((db, a: { targetId: string; now: number }) =>
  db.updateTable('post_targets').set({ left_at: a.now }).where('id', '=', a.targetId).where('state', '=', 'publishing').returning('id'),
);

/** A claimed target that never left goes back to waiting. */
export const requeueUnsent = preparedStatement((db, a: { targetId: string; now: number }) =>
  db
    .updateTable('post_targets')
    .set({ state: 'scheduled', claim_boot: null, updated_at: a.now })
    .where('id', '=', a.targetId)
    .where('state', '=', 'publishing')
    .where('left_at', 'is', null)
    .returning('id'),
);

export const deleteOpenAttempts = preparedStatement((db, a: { targetId: string }) =>
  db.deleteFrom('publish_attempts').where('target_id', '=', a.targetId).where('finished_at', 'is', null),
);

const markPostPublishing = preparedStatement((db, a: { postId: string }) =>
  db.updateTable('posts').set({ state: 'publishing' }).where('id', '=', a.postId),
);

const insertOpenAttempt = preparedStatement((db, a: { targetId: string; now: number }) =>
  db
    .insertInto('publish_attempts')
    .values({
      target_id: a.targetId,
      started_at: a.now,
      finished_at: null,
      outcome: null,
      error_kind: null,
      http_status: null,
      platform_error_code: null,
      error_message: null,
      duration_ms: null,
    })
    .returning('id'),
);

const closeAttemptRow = preparedStatement(
  (
    db,
    a: {
      attemptId: number;
      startedAt: number;
      now: number;
      outcome: AttemptOutcome;
      errorKind: TargetErrorKind | null;
      httpStatus: number | null;
      platformErrorCode: string | null;
      message: string | null;
      durationMs: number;
    },
  ) =>
    db
      .updateTable('publish_attempts')
      .set({
        started_at: a.startedAt,
        finished_at: a.now,
        outcome: a.outcome,
        error_kind: a.errorKind,
        http_status: a.httpStatus,
        platform_error_code: a.platformErrorCode,
        error_message: a.message,
        duration_ms: a.durationMs,
      })
      .where('id', '=', a.attemptId)
      .returning('target_id'),
);

const targetForRecord = preparedStatement((db, a: { targetId: string }) =>
  db
    .selectFrom('post_targets')
    .select(['post_id', 'connection_id', 'attempt_count', 'state', 'platform', 'platform_url', 'error_kind', 'last_error'])
    .where('id', '=', a.targetId),
);

type RecordValues = {
  targetId: string;
  state: TargetDecision['state'];
  errorKind: TargetErrorKind | null;
  message: string | null;
  nextAttemptAt: number | null;
  attemptCount: number;
  now: number;
};

/** What every outcome writes on its target (published ones add the platform's id and link). */
const outcomeColumns = (a: RecordValues) => ({
  state: a.state,
  error_kind: a.errorKind,
  last_error: a.message,
  next_attempt_at: a.nextAttemptAt,
  attempt_count: a.attemptCount,
  updated_at: a.now,
});

const recordUnpublished = preparedStatement((db, a: RecordValues) =>
  db.updateTable('post_targets').set(outcomeColumns(a)).where('id', '=', a.targetId).where('state', '=', 'publishing'),
);

const recordPublished = preparedStatement((db, a: RecordValues & { platformPostId: string; url: string | null }) =>
  db
    .updateTable('post_targets')
    .set({ ...outcomeColumns(a), platform_post_id: a.platformPostId, platform_url: a.url, published_at: a.now })
    .where('id', '=', a.targetId)
    .where('state', '=', 'publishing'),
);

const targetStatesOfPost = preparedStatement((db, a: { postId: string }) =>
  db.selectFrom('post_targets').select('state').where('post_id', '=', a.postId),
);

const markPostDone = preparedStatement((db, a: { postId: string }) =>
  db.updateTable('posts').set({ state: 'done' }).where('id', '=', a.postId).where('state', '!=', 'done'),
);

const targetChangeRow = preparedStatement((db, a: { targetId: string }) =>
  db.selectFrom('post_targets').select(['id', 'post_id', 'platform', 'state', 'platform_url', 'error_kind', 'last_error']).where('id', '=', a.targetId),
);

function openAttempt(tx: SyncTx, targetId: string, now: number): number {
  const row = insertOpenAttempt(tx, { targetId, now })[0];
  if (row === undefined) throw new Error('opening an attempt row returned nothing');
  return Number(row.id);
}

/** Closes an attempt row with the platform's answer; returns its target. */
function closeAttempt(
  tx: SyncTx,
  attemptId: number,
  startedAt: number,
  now: number,
  result: PublishResult,
  outcome: { attemptOutcome: AttemptOutcome; errorKind: TargetErrorKind | null; message: string | null },
): string {
  const row = (
    closeAttemptRow(tx, {
      attemptId,
      startedAt,
      now,
      outcome: outcome.attemptOutcome,
      errorKind: outcome.errorKind,
      httpStatus: result.httpStatus,
      platformErrorCode: result.platformErrorCode,
      message: outcome.message,
      durationMs: Math.max(0, now - startedAt),
    })
  )[0];
  if (row === undefined) throw new Error('the attempt to close does not exist');
  return row.target_id;
}

/**
 * A rate limit covers the whole connection: its other waiting targets are not tried before
 * `until`. Only targets that would otherwise go earlier are moved, never one due later.
 */
function holdConnection(tx: SyncTx, connectionId: string, until: number, now: number): void {
  tx.run(
    queryBuilder
      .updateTable('post_targets')
      .set({ next_attempt_at: until, updated_at: now })
      .where('connection_id', '=', connectionId)
      .where('state', '=', 'scheduled')
      .where(sql<number>`COALESCE(next_attempt_at, (SELECT scheduled_at FROM posts WHERE posts.id = post_targets.post_id))`, '<', until),
  );
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
  const row = tx.first(queryBuilder.selectFrom('business_profile').select('time_zone').where('id', '=', 1));
  return row?.time_zone ?? DEFAULT_TIME_ZONE;
}
