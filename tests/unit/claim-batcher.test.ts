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

test('claims made while a batch is being written wait for it and then share the next commit', async () => {
  const batches: string[][] = [];
  let finishFirst!: () => void;
  const firstWritten = new Promise<void>((resolve) => (finishFirst = resolve));
  const batcher = new ClaimBatcher(async (requests) => {
    batches.push(requests.map((r) => r.targetId));
    if (batches.length === 1) await firstWritten;
    return requests.map((): ClaimResult => ({ kind: 'gone' }));
  });
  const a = batcher.claim(request('a'));
  await new Promise((resolve) => setImmediate(resolve));
  expect(batches).toEqual([['a']]);
  // The first batch is still being written: these are not answered and not yet written.
  let laterAnswered = false;
  const later = Promise.all([batcher.claim(request('b')), batcher.claim(request('c'))]).then(() => (laterAnswered = true));
  await new Promise((resolve) => setImmediate(resolve));
  await new Promise((resolve) => setImmediate(resolve));
  expect(batches).toEqual([['a']]);
  expect(laterAnswered).toBe(false);
  finishFirst();
  await a;
  await later;
  expect(batches).toEqual([['a'], ['b', 'c']]);
});
