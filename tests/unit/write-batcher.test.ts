import { expect, test } from 'vitest';
import { WriteBatcher, type Settled } from '../../electron/core/publishing/write-batcher';

test('writes submitted in the same turn share one flush, each getting its own answer; a failed one fails alone', async () => {
  const flushes: string[][] = [];
  const batcher = new WriteBatcher<string, string>(async (writes) => {
    flushes.push([...writes]);
    return writes.map((write): Settled<string> => (write === 'bad' ? { ok: false, error: new Error('no such attempt') } : { ok: true, value: write.toUpperCase() }));
  });
  const answers = await Promise.allSettled(['a', 'bad', 'c'].map((write) => batcher.submit(write)));
  expect(flushes).toEqual([['a', 'bad', 'c']]);
  expect(answers).toEqual([
    { status: 'fulfilled', value: 'A' },
    { status: 'rejected', reason: new Error('no such attempt') },
    { status: 'fulfilled', value: 'C' },
  ]);

  // A write after the batch was written goes into a flush of its own.
  await batcher.submit('d');
  expect(flushes).toEqual([['a', 'bad', 'c'], ['d']]);
});

test('when the flush itself fails (the commit), every write in it fails: none is reported as written', async () => {
  const batcher = new WriteBatcher<string, string>(async () => {
    throw new Error('database or disk is full');
  });
  const results = await Promise.allSettled([batcher.submit('a'), batcher.submit('b')]);
  expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
});
