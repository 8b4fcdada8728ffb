import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { migrate } from '../../electron/core/db/migrate';
import { MIGRATIONS } from '../../electron/core/db/migrations';

// Migration 14 keeps each target's latest impressions and engagements beside its schedule, filled
// from the snapshots a database already holds: the latest value of each metric on its own (a read
// that did not give engagements does not erase the engagements given before), null when never given.

let dir: string;
let sqlite: BetterSqlite3.Database;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agencyiq-migration-14-'));
  sqlite = new BetterSqlite3(path.join(dir, 'agencyiq.db'));
});
afterEach(() => {
  sqlite.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

it('fills the latest numbers from the snapshots already taken', () => {
  migrate(sqlite, MIGRATIONS.filter((migration) => migration.version <= 12));
  for (const target of ['read', 'never']) {
    sqlite.prepare(`INSERT INTO posts (id, body, state, revision, created_at, updated_at) VALUES (?, 'Fresh loaves', 'done', 1, 1, 1)`).run(`post-${target}`);
    sqlite.prepare(`INSERT INTO post_targets (id, post_id, platform, position, state, platform_post_id, published_at, updated_at) VALUES (?, ?, 'x', 0, 'published', ?, 1, 1)`).run(target, `post-${target}`, `id-${target}`);
    sqlite.prepare(`INSERT INTO metric_schedule (target_id, published_at, next_due_at, updated_at) VALUES (?, 1, 2, 1)`).run(target);
  }
  const snapshot = sqlite.prepare(`INSERT INTO metric_snapshots (target_id, collected_at, metric, value) VALUES ('read', ?, ?, ?)`);
  snapshot.run(100, 'impressions', 40);
  snapshot.run(100, 'engagements', 4);
  snapshot.run(200, 'impressions', 90); // the later read gave no engagements

  migrate(sqlite, MIGRATIONS);
  expect(sqlite.prepare(`SELECT target_id, latest_impressions, latest_engagements FROM metric_schedule ORDER BY target_id`).all()).toEqual([
    { target_id: 'never', latest_impressions: null, latest_engagements: null },
    { target_id: 'read', latest_impressions: 90, latest_engagements: 4 },
  ]);
});
