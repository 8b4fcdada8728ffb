import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { TargetMedia } from '../../electron/core/publishing/target-media';
import { seedScheduledPost } from '../support/publishing-fixture';
import { openTempDatabase, type TempDatabase } from '../support/temp-database';

// The engine reads each target's media right before its send. That read takes no write lock: a
// writer on another connection (the background worker's restore, another process) must not hold
// up a send, nor fail it with SQLITE_BUSY, and the engine should not pay a BEGIN IMMEDIATE and a
// COMMIT per post for a read.

let temp: TempDatabase;
let writer: BetterSqlite3.Database;
beforeEach(() => {
  temp = openTempDatabase('agencyiq-target-media-');
  // Short, so that a read waiting for the write lock fails here rather than after five seconds.
  temp.database.sqlite.pragma('busy_timeout = 100');
  writer = new BetterSqlite3(temp.file);
});
afterEach(async () => {
  if (writer.inTransaction) writer.exec('ROLLBACK');
  writer.close();
  await temp.cleanup();
});

it("reads a target's media while another connection holds the write lock", async () => {
  const { postId } = seedScheduledPost(temp.database.sqlite, { body: 'Fresh loaves at 7am', scheduledAt: Date.now(), targets: [{ platform: 'x', connectionId: null }] });
  const media = new TargetMedia(temp.database, temp.dir);
  writer.exec('BEGIN IMMEDIATE');
  writer.prepare(`UPDATE posts SET body = 'changed, not committed' WHERE id = ?`).run(postId);

  await expect(media.forTarget(postId, 'x')).resolves.toEqual([]);
});
