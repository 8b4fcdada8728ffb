import { afterEach, beforeEach, expect, it } from 'vitest';
import type { SyncDatabase } from '../../electron/core/db/sync-transaction';
import { markMissedPosts } from '../../electron/core/publishing/missed-posts';
import { seedScheduledPost } from '../support/publishing-fixture';
import { openTempDatabase, type TempDatabase } from '../support/temp-database';

// The missed-posts check runs before every claim pass of the engine and nearly always finds
// nothing: then it must not take the write lock (BEGIN IMMEDIATE + COMMIT for no write). When a
// post is missed it is marked, with its targets' events, as before.

const T0 = Date.UTC(2026, 10, 26, 9, 0, 0);
const LATE_AFTER = 15 * 60_000;
let temp: TempDatabase;
beforeEach(() => {
  temp = openTempDatabase('agencyiq-missed-check-');
});
afterEach(() => temp.cleanup());

/** The database, counting the write transactions opened on it. */
function countingTransactions(): { database: SyncDatabase; transactions: () => number } {
  const { db, sqlite, statements } = temp.database;
  let opened = 0;
  const counted = new Proxy(sqlite, {
    get(target, key) {
      if (key === 'transaction') opened++;
      const value = Reflect.get(target, key, target) as unknown;
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
  return { database: { db, sqlite: counted, statements }, transactions: () => opened };
}

const missedAt = (postId: string) => temp.database.sqlite.prepare('SELECT missed_at FROM posts WHERE id = ?').pluck().get(postId);

it('finds nothing without opening a write transaction; a late post is marked missed with its targets’ events', async () => {
  const { sqlite } = temp.database;
  const onTime = seedScheduledPost(sqlite, { body: 'due a minute ago', scheduledAt: T0 - 60_000, targets: [{ platform: 'x', connectionId: null }] });
  const claimed = seedScheduledPost(sqlite, { body: 'late but under way', scheduledAt: T0 - 3_600_000, targets: [{ platform: 'x', connectionId: null }] });
  sqlite.prepare(`UPDATE post_targets SET state = 'publishing' WHERE post_id = ?`).run(claimed.postId);
  const { database, transactions } = countingTransactions();

  expect(await markMissedPosts(database, T0, LATE_AFTER)).toEqual({ postIds: [], changes: [] });
  expect(transactions()).toBe(0);
  expect(missedAt(onTime.postId)).toBeNull();
  expect(missedAt(claimed.postId)).toBeNull();

  const late = seedScheduledPost(sqlite, {
    body: 'due an hour ago, never tried',
    scheduledAt: T0 - 3_600_000,
    targets: [
      { platform: 'x', connectionId: null },
      { platform: 'linkedin', connectionId: null },
    ],
  });
  const marked = await markMissedPosts(database, T0, LATE_AFTER);
  expect(transactions()).toBe(1);
  expect(marked.postIds).toEqual([late.postId]);
  expect(marked.changes).toEqual([
    { postId: late.postId, targetId: late.targets.x, platform: 'x', state: 'scheduled', platformUrl: null, error: null },
    { postId: late.postId, targetId: late.targets.linkedin, platform: 'linkedin', state: 'scheduled', platformUrl: null, error: null },
  ]);
  expect(missedAt(late.postId)).toBe(T0);
  expect(missedAt(onTime.postId)).toBeNull();
  expect(missedAt(claimed.postId)).toBeNull();
});
