import type { PublishResult } from '../platforms/platform-adapter';
import type { SyncDatabase } from '../db/sync-transaction';
import { OutboxReads, type DueTarget } from './outbox-reads';
import { OutboxWrites, type OutboxWrite } from './outbox-writes';
import type { ClaimResult, Recorded, TargetChange, UnsentOutcome } from './outbox-transitions';
import type { Settled } from './write-batcher';

export type { DueTarget } from './outbox-reads';
export type { OutboxWrite } from './outbox-writes';
export type { ClaimRequest, ClaimResult, LeavingMark, OutcomeRecord, Recorded, TargetChange } from './outbox-transitions';

/**
 * The outbox the engine holds: its read side (outbox-reads.ts: what is due, prepared statements
 * read with `inSyncRead`) and its write side (outbox-writes.ts: every transition a synchronous
 * transaction of prepared statements, claims fsynced before their sends). The engine decides;
 * this reads and writes.
 */
export class OutboxStore {
  readonly #reads: OutboxReads;
  readonly #writes: OutboxWrites;

  /** `boot`: this computer's boot identity (boot-identity.ts); null when unknown. */
  constructor(database: SyncDatabase, options: { boot?: string | null } = {}) {
    this.#reads = new OutboxReads(database);
    this.#writes = new OutboxWrites(database, options);
  }

  dueTargets(now: number, limit: number, skip: ReadonlySet<string>): Promise<DueTarget[]> {
    return this.#reads.dueTargets(now, limit, skip);
  }

  nextDueAt(skip: ReadonlySet<string>): Promise<number | null> {
    return this.#reads.nextDueAt(skip);
  }

  write(writes: readonly OutboxWrite[]): Promise<Array<Settled<ClaimResult | Recorded | null>>> {
    return this.#writes.write(writes);
  }

  defer(targetId: string, until: number, now: number): Promise<void> {
    return this.#writes.defer(targetId, until, now);
  }

  unclaim(targetIds: readonly string[], now: number): Promise<TargetChange[]> {
    return this.#writes.unclaim(targetIds, now);
  }

  failUnsent(targetId: string, now: number, outcome: UnsentOutcome): Promise<Recorded | null> {
    return this.#writes.failUnsent(targetId, now, outcome);
  }

  reopenAttempt(attemptId: number, startedAt: number, result: PublishResult, now: number): Promise<number> {
    return this.#writes.reopenAttempt(attemptId, startedAt, result, now);
  }
}
