import { inSyncTransaction, type SyncDatabase, type SyncTx } from '../db/sync-transaction';
import type { PublishResult } from '../platforms/platform-adapter';
import { currentBootIdentity } from './boot-identity';
import { deferTarget, deleteOpenAttempts, requeueUnsent, scheduledTargetPost } from './outbox-statements';
import {
  claimIn,
  closeAttempt,
  finishUnsent,
  leaveIn,
  openAttempt,
  readTargetChange,
  recordIn,
  type ClaimRequest,
  type ClaimResult,
  type LeavingMark,
  type OutcomeRecord,
  type Recorded,
  type TargetChange,
  type UnsentOutcome,
} from './outbox-transitions';
import type { Settled } from './write-batcher';

/**
 * One write of a batch: claims (durable, before any of their sends), a leaving mark right
 * before a send, or an outcome after one.
 */
export type OutboxWrite = { kind: 'claim'; claim: ClaimRequest } | { kind: 'leave'; leave: LeavingMark } | { kind: 'record'; outcome: OutcomeRecord };

/**
 * The outbox's write side: every write is ONE synchronous transaction (db/sync-transaction.ts)
 * of the transitions in outbox-transitions.ts, whose statements are prepared once
 * (outbox-statements.ts). The engine runs them for every post it publishes, and through
 * kysely's promises they cost several times what SQLite does. The engine decides; this writes.
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
export class OutboxWrites {
  readonly #database: SyncDatabase;
  readonly #boot: string | null;

  /** `boot`: this computer's boot identity (boot-identity.ts); null when unknown. */
  constructor(database: SyncDatabase, options: { boot?: string | null } = {}) {
    this.#database = database;
    this.#boot = options.boot === undefined ? currentBootIdentity() : options.boot;
  }

  /** A due target's wait moved to `until` (its connection is held by a rate limit); not an attempt. */
  async defer(targetId: string, until: number, now: number): Promise<void> {
    await inSyncTransaction(this.#database, (tx) => deferTarget(tx, { targetId, until, now }));
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
  async failUnsent(targetId: string, now: number, outcome: UnsentOutcome): Promise<Recorded | null> {
    return inSyncTransaction(this.#database, (tx) => {
      const row = scheduledTargetPost(tx, { targetId })[0];
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
