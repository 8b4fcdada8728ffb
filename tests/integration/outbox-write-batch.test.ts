import { afterEach, beforeEach, expect, it } from 'vitest';
import { classifyOutcome } from '../../electron/core/publishing/classify-outcome';
import { OutboxStore, type ClaimResult, type OutcomeRecord } from '../../electron/core/publishing/outbox-store';
import { exponentialBackoff } from '../../electron/core/publishing/retry-policy';
import { seedScheduledPost } from '../support/publishing-fixture';
import { openTempDatabase, type TempDatabase } from '../support/temp-database';
import { billingPeriod } from '../support/lease-signer';

// The engine writes the claims and outcomes that arrive together in one transaction (one fsync).
// What the owner relies on: one bad write in a batch does not undo the others (a post that went
// out stays recorded as published), and an outcome that gives a post back is counted before the
// claims beside it (the last post of the plan is not refused while it is actually free).

const T0 = Date.UTC(2026, 10, 26, 9, 0, 0);
const lease = (postsPerCycle: number) => ({ payload: { postsPerCycle, ...billingPeriod(T0 - 86_400_000) }, now: T0 });
let temp: TempDatabase;
let store: OutboxStore;
beforeEach(() => {
  temp = openTempDatabase('agencyiq-outbox-batch-');
  store = new OutboxStore(temp.database);
});
afterEach(() => temp.cleanup());

const due = (body: string) => seedScheduledPost(temp.database.sqlite, { body, scheduledAt: T0, targets: [{ platform: 'x', connectionId: null }] }).targets.x!;
const targetState = (id: string) => temp.database.sqlite.prepare('SELECT state FROM post_targets WHERE id = ?').pluck().get(id);
const spokenFor = () => temp.database.sqlite.prepare('SELECT COALESCE(SUM(spoken_for), 0) FROM quota_cycles').pluck().get();

function outcome(claim: ClaimResult, kind: 'published' | 'invalid'): OutcomeRecord {
  if (claim.kind !== 'claimed') throw new Error(`expected a claim, got ${claim.kind}`);
  const result =
    kind === 'published'
      ? ({ outcome: { kind: 'published', platformPostId: '1460000000000000001', url: 'https://x.com/i/web/status/1460000000000000001' }, httpStatus: 201, platformErrorCode: null } as const)
      : ({ outcome: { kind: 'invalid', message: 'Your Tweet text is too long.' }, httpStatus: 400, platformErrorCode: null } as const);
  const decision = classifyOutcome(result, { platform: 'x', now: T0 + 1000, triesSoFar: 0, tokenRenewed: false, policy: exponentialBackoff() });
  if (decision.state === 'renew-token') throw new Error('unexpected');
  return { attemptId: claim.attemptId, startedAt: claim.startedAt, result, decision, now: T0 + 1000 };
}

async function claim(targetId: string, postsPerCycle: number): Promise<ClaimResult> {
  const [settled] = await store.write([{ kind: 'claim', claim: { targetId, now: T0, lease: lease(postsPerCycle) } }]);
  if (!settled?.ok) throw new Error('claim failed');
  return settled.value as ClaimResult;
}

it('a write that fails in a batch fails alone: the published outcome and the claim beside it are kept', async () => {
  const sent = due('went out');
  const next = due('goes out next');
  const claimed = await claim(sent, 10);

  const answers = await store.write([
    { kind: 'record', outcome: outcome(claimed, 'published') },
    { kind: 'record', outcome: { ...outcome(claimed, 'published'), attemptId: 999_999 } }, // names no attempt
    { kind: 'claim', claim: { targetId: next, now: T0, lease: lease(10) } },
  ]);

  expect(answers.map((answer) => answer.ok)).toEqual([true, false, true]);
  expect(String((answers[1] as { error: unknown }).error)).toMatch(/attempt/);
  expect(targetState(sent)).toBe('published');
  expect(temp.database.sqlite.prepare('SELECT platform_post_id FROM post_targets WHERE id = ?').pluck().get(sent)).toBe('1460000000000000001');
  expect(targetState(next)).toBe('publishing');
  expect(temp.database.sqlite.prepare('SELECT COUNT(*) FROM publish_attempts WHERE target_id = ? AND finished_at IS NULL').pluck().get(next)).toBe(1);
});

it('an outcome that gives a post back is written before the claims in its batch, so the freed post can be used', async () => {
  const refused = due('refused by X');
  const waiting = due('waiting for the last post');
  const claimed = await claim(refused, 1); // the plan's only post is now reserved
  expect(spokenFor()).toBe(1);

  const answers = await store.write([
    { kind: 'claim', claim: { targetId: waiting, now: T0, lease: lease(1) } },
    { kind: 'record', outcome: outcome(claimed, 'invalid') }, // nothing published: released
  ]);

  expect(answers.map((answer) => answer.ok && (answer.value as { kind?: string }).kind)).toEqual(['claimed', undefined]);
  expect(targetState(refused)).toBe('failed');
  expect(targetState(waiting)).toBe('publishing');
  expect(spokenFor()).toBe(1);
});
