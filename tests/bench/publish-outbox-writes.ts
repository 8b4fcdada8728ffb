import path from 'node:path';
import { openDatabase } from '../../electron/core/db/open-database';
import { classifyOutcome } from '../../electron/core/publishing/classify-outcome';
import { OutboxStore, type OutboxWrite, type OutcomeRecord } from '../../electron/core/publishing/outbox-store';
import { exponentialBackoff } from '../../electron/core/publishing/retry-policy';

/**
 * The outbox's own writes for every due target of a seeded data directory, with no HTTP at all:
 * batches of `batch` claims (durable), each written together with the previous batch's outcomes
 * — as the engine's write batcher groups them at that concurrency. Every outcome is a 201 with
 * an id (this is a throwaway database; nothing was sent). Resolves with posts per second.
 *
 * It bounds the engine from above: a post cannot cost less than its bookkeeping plus its POST.
 */
export async function measureOutboxWrites(dataDir: string, batch: number): Promise<number> {
  const database = openDatabase(path.join(dataDir, 'agencyiq.db'));
  try {
    const store = new OutboxStore(database);
    const now = Date.now();
    const lease = { payload: { postsPerCycle: 1_000_000, cycleAnchor: now - 86_400_000 }, now };
    const due = await store.dueTargets(now, Number.MAX_SAFE_INTEGER, new Set());
    const start = process.hrtime.bigint();
    let outcomes: OutboxWrite[] = [];
    for (let i = 0; i < due.length; i += batch) {
      const claims: OutboxWrite[] = due.slice(i, i + batch).map((target) => ({ kind: 'claim', claim: { targetId: target.targetId, now: Date.now(), lease } }));
      const settled = await store.write([...outcomes, ...claims]);
      outcomes = settled.slice(outcomes.length).map((claimed, index) => {
        if (!claimed.ok || claimed.value === null || !('kind' in claimed.value) || claimed.value.kind !== 'claimed') throw new Error('a bench claim was not granted');
        return { kind: 'record', outcome: published(claimed.value.attemptId, claimed.value.startedAt, due[i + index]!.platform) };
      });
    }
    await store.write(outcomes);
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    return (due.length / ms) * 1000;
  } finally {
    await database.close();
  }
}

function published(attemptId: number, startedAt: number, platform: Parameters<typeof classifyOutcome>[1]['platform']): OutcomeRecord {
  const now = Date.now();
  const result = { outcome: { kind: 'published', platformPostId: `bench-${attemptId}`, url: null }, httpStatus: 201, platformErrorCode: null } as const;
  const decision = classifyOutcome(result, { platform, now, triesSoFar: 0, tokenRenewed: false, policy: exponentialBackoff() });
  if (decision.state === 'renew-token') throw new Error('a 201 asked for a new token');
  return { attemptId, startedAt, result, decision, now };
}
