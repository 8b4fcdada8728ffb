import { afterEach, beforeEach, expect, it } from 'vitest';
import { classifyOutcome } from '../../electron/core/publishing/classify-outcome';
import { OutboxStore, type ClaimResult, type OutcomeRecord, type Recorded } from '../../electron/core/publishing/outbox-store';
import { exponentialBackoff } from '../../electron/core/publishing/retry-policy';
import type { PublishResult } from '../../electron/core/platforms/platform-adapter';
import { seedScheduledPost } from '../support/publishing-fixture';
import { openTempDatabase, type TempDatabase } from '../support/temp-database';
import { billingPeriod } from '../support/lease-signer';

// Recording a platform's answer writes the target and reports it in one step (the outcome's
// UPDATE returns the row it wrote). What the owner relies on: the event the window shows is what
// is stored, the retry count moves only for a try that counts, and an answer for a target the
// owner has meanwhile settled changes nothing on it and reports it as stored.

const T0 = Date.UTC(2026, 10, 26, 9, 0, 0);
const lease = { payload: { postsPerCycle: 10, ...billingPeriod(T0 - 86_400_000) }, now: T0 };
let temp: TempDatabase;
let store: OutboxStore;
beforeEach(() => {
  temp = openTempDatabase('agencyiq-outbox-record-');
  store = new OutboxStore(temp.database);
});
afterEach(() => temp.cleanup());

const sqlite = () => temp.database.sqlite;
const stored = (id: string) =>
  sqlite().prepare('SELECT state, attempt_count, platform_url, error_kind, last_error, next_attempt_at FROM post_targets WHERE id = ?').get(id) as {
    state: string;
    attempt_count: number;
    platform_url: string | null;
    error_kind: string | null;
    last_error: string | null;
    next_attempt_at: number | null;
  };
const eventAsStored = (id: string, postId: string) => {
  const row = stored(id);
  return { postId, targetId: id, platform: 'x', state: row.state, platformUrl: row.platform_url, error: row.error_kind === null ? null : { kind: row.error_kind, message: row.last_error ?? '' } };
};

async function claimDue(body: string): Promise<{ targetId: string; postId: string; claim: Extract<ClaimResult, { kind: 'claimed' }> }> {
  const post = seedScheduledPost(sqlite(), { body, scheduledAt: T0, targets: [{ platform: 'x', connectionId: null }] });
  const targetId = post.targets.x!;
  const [settled] = await store.write([{ kind: 'claim', claim: { targetId, now: T0, lease } }]);
  const claim = settled?.ok ? (settled.value as ClaimResult) : null;
  if (claim?.kind !== 'claimed') throw new Error('expected a claim');
  return { targetId, postId: post.postId, claim };
}

function outcome(claim: Extract<ClaimResult, { kind: 'claimed' }>, result: PublishResult): OutcomeRecord {
  const decision = classifyOutcome(result, { platform: 'x', now: T0 + 1000, triesSoFar: claim.triesSoFar, tokenRenewed: false, policy: exponentialBackoff() });
  if (decision.state === 'renew-token') throw new Error('unexpected');
  return { attemptId: claim.attemptId, startedAt: claim.startedAt, result, decision, now: T0 + 1000 };
}

async function record(write: OutcomeRecord): Promise<Recorded> {
  const [settled] = await store.write([{ kind: 'record', outcome: write }]);
  if (!settled?.ok) throw new Error(`record failed: ${String((settled as { error?: unknown }).error)}`);
  return settled.value as Recorded;
}

const PUBLISHED: PublishResult = { outcome: { kind: 'published', platformPostId: '1460000000000000001', url: 'https://x.com/i/web/status/1460000000000000001' }, httpStatus: 201, platformErrorCode: null };
const SERVER_ERROR: PublishResult = { outcome: { kind: 'transient', message: 'Service Unavailable' }, httpStatus: 503, platformErrorCode: null };
const RATE_LIMITED: PublishResult = { outcome: { kind: 'rate_limited', retryAt: T0 + 900_000, message: 'Too Many Requests' }, httpStatus: 429, platformErrorCode: null };

it('reports a published target as stored: its link, no error, and no failed try counted', async () => {
  const { targetId, postId, claim } = await claimDue('published');
  const recorded = await record(outcome(claim, PUBLISHED));
  expect(stored(targetId)).toMatchObject({ state: 'published', attempt_count: 0, platform_url: PUBLISHED.outcome.kind === 'published' ? PUBLISHED.outcome.url : null });
  expect(recorded.change).toEqual(eventAsStored(targetId, postId));
  expect(recorded.ledgerChanged).toBe(true);
});

it('counts a failed try that counts, and not a rate limit; the event is what is stored each time', async () => {
  const failing = await claimDue('503');
  const failed = await record(outcome(failing.claim, SERVER_ERROR));
  expect(stored(failing.targetId)).toMatchObject({ state: 'scheduled', attempt_count: 1, error_kind: 'transient' });
  expect(failed.change).toEqual(eventAsStored(failing.targetId, failing.postId));

  const limited = await claimDue('429');
  const held = await record(outcome(limited.claim, RATE_LIMITED));
  expect(stored(limited.targetId)).toMatchObject({ state: 'scheduled', attempt_count: 0, next_attempt_at: T0 + 900_000 });
  expect(held.change).toEqual(eventAsStored(limited.targetId, limited.postId));
});

it('an answer for a target the owner has already settled changes nothing on it, closes its attempt and reports it as stored', async () => {
  const { targetId, postId, claim } = await claimDue('settled meanwhile');
  // The owner marked it published while the answer was on its way.
  sqlite().prepare("UPDATE post_targets SET state = 'published', platform_url = 'https://x.com/i/web/status/1' WHERE id = ?").run(targetId);
  const before = stored(targetId);
  const recorded = await record(outcome(claim, SERVER_ERROR));
  expect(stored(targetId)).toEqual(before);
  expect(recorded.change).toEqual(eventAsStored(targetId, postId));
  expect(sqlite().prepare('SELECT outcome FROM publish_attempts WHERE id = ?').pluck().get(claim.attemptId)).toBe('retry');
  expect(sqlite().prepare('SELECT state FROM posts WHERE id = ?').pluck().get(postId)).toBe('done');
});
