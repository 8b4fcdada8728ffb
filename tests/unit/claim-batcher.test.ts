import { expect, test } from 'vitest';
import { ClaimBatcher } from '../../electron/core/publishing/claim-batcher';
import type { ClaimRequest, ClaimResult } from '../../electron/core/publishing/outbox-store';

const request = (targetId: string): ClaimRequest => ({ targetId, now: 0, lease: null });

test('claims started in the same turn share one durable transaction, each getting its own answer', async () => {
  const batches: string[][] = [];
  const batcher = new ClaimBatcher(async (requests) => {
    batches.push(requests.map((r) => r.targetId));
    return requests.map((r): ClaimResult => (r.targetId === 'b' ? { kind: 'gone' } : ({ kind: 'refused', message: r.targetId } as ClaimResult)));
  });
  const answers = await Promise.all(['a', 'b', 'c'].map((id) => batcher.claim(request(id))));
  expect(batches).toEqual([['a', 'b', 'c']]);
  expect(answers.map((a) => (a.kind === 'refused' ? a.message : a.kind))).toEqual(['a', 'gone', 'c']);

  // A claim after the batch was written goes into a transaction of its own.
  await batcher.claim(request('d'));
  expect(batches).toEqual([['a', 'b', 'c'], ['d']]);
});

test('when the transaction fails, every claim in it fails (none is reported as claimed)', async () => {
  const batcher = new ClaimBatcher(async () => {
    throw new Error('database is locked');
  });
  const results = await Promise.allSettled([batcher.claim(request('a')), batcher.claim(request('b'))]);
  expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
});
