import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { openTestCore, tempDataDir, type TestCore } from '../support/core-fixture';

// A post's own numbers over time (its Publishing entry), through the real core and dispatcher on
// real SQLite: one row per read, a number the network did not give absent (never 0), and where
// collection stands.

const HOUR = 3_600_000;
const PUBLISHED = Date.parse('2026-11-02T23:15:00Z');
let data: { dir: string; remove: () => void };
let t: TestCore;

beforeEach(async () => {
  data = tempDataDir('agencyiq-post-numbers-');
  t = await openTestCore(data.dir, {
    clock: { now: () => PUBLISHED + 10 * 24 * HOUR },
    timers: { setTimeout: () => 0, clearTimeout: () => {} },
    platformAdapters: {},
    allowDevOverrides: true,
  });
});

afterEach(async () => {
  await t?.core.close();
  data.remove();
});

function seedPublished(platform: 'x' | 'facebook', reads: Array<[number, Record<string, number>]>, schedule: { nextDueAt: number | null; lastError: string | null } | null): string {
  const sqlite = t.core.database.sqlite;
  const postId = randomUUID();
  const targetId = randomUUID();
  sqlite.prepare(`INSERT INTO posts (id, body, state, revision, scheduled_at, schedule_time_zone, created_at, updated_at) VALUES (?, 'Lamington week', 'done', 1, ?, 'Australia/Brisbane', ?, ?)`).run(postId, PUBLISHED, PUBLISHED, PUBLISHED);
  sqlite
    .prepare(`INSERT INTO post_targets (id, post_id, platform, position, state, platform_post_id, platform_url, published_at, updated_at) VALUES (?, ?, ?, 0, 'published', '1880000000000000001', 'https://x.com/i/web/status/1880000000000000001', ?, ?)`)
    .run(targetId, postId, platform, PUBLISHED, PUBLISHED);
  for (const [after, values] of reads) {
    for (const [metric, value] of Object.entries(values)) {
      sqlite.prepare(`INSERT INTO metric_snapshots (target_id, collected_at, metric, value) VALUES (?, ?, ?, ?)`).run(targetId, PUBLISHED + after, metric, value);
    }
  }
  if (schedule) {
    sqlite.prepare(`INSERT INTO metric_schedule (target_id, published_at, next_due_at, last_error, updated_at) VALUES (?, ?, ?, ?, ?)`).run(targetId, PUBLISHED, schedule.nextDueAt, schedule.lastError, PUBLISHED);
  }
  return targetId;
}

it('gives one row per read, oldest first, with a number the network did not give left out (never 0)', async () => {
  await t.call('preferences.update', { collectXResults: true });
  const nextDueAt = PUBLISHED + 14 * 24 * HOUR;
  const targetId = seedPublished(
    'x',
    [
      // The first read came before X counted impressions for the post.
      [HOUR, { likes: 2, engagements: 3 }],
      [24 * HOUR, { impressions: 410, likes: 9, engagements: 14 }],
      [7 * 24 * HOUR, { impressions: 980, likes: 21, engagements: 30 }],
    ],
    { nextDueAt, lastError: null },
  );
  const numbers = await t.call('results.post', { targetId });
  expect(numbers).toMatchObject({ targetId, platform: 'x', publishedAt: PUBLISHED, status: 'collecting', nextReadAt: nextDueAt });
  expect(numbers.snapshots).toEqual([
    { collectedAt: PUBLISHED + HOUR, values: { likes: 2, engagements: 3 } },
    { collectedAt: PUBLISHED + 24 * HOUR, values: { impressions: 410, likes: 9, engagements: 14 } },
    { collectedAt: PUBLISHED + 7 * 24 * HOUR, values: { impressions: 980, likes: 21, engagements: 30 } },
  ]);
});

it('says where collection stands: X reads off, no permission, the post gone, the 90 days over', async () => {
  const xOff = seedPublished('x', [], { nextDueAt: PUBLISHED + HOUR, lastError: null });
  expect(await t.call('results.post', { targetId: xOff })).toMatchObject({ status: 'off', nextReadAt: null, snapshots: [] });
  const refused = seedPublished('facebook', [], { nextDueAt: PUBLISHED + 48 * HOUR, lastError: 'not_permitted' });
  expect(await t.call('results.post', { targetId: refused })).toMatchObject({ status: 'not_permitted', nextReadAt: null });
  const gone = seedPublished('facebook', [[HOUR, { impressions: 5 }]], { nextDueAt: null, lastError: 'not_found' });
  expect((await t.call('results.post', { targetId: gone })).status).toBe('gone');
  const done = seedPublished('facebook', [[HOUR, { impressions: 5 }]], { nextDueAt: null, lastError: null });
  expect((await t.call('results.post', { targetId: done })).status).toBe('done');
  const waiting = seedPublished('facebook', [], null);
  expect((await t.call('results.post', { targetId: waiting })).status).toBe('waiting');
  // A passing reason (Instagram's "not enough viewers yet") keeps collecting: the next read is said.
  const tooFew = seedPublished('facebook', [], { nextDueAt: PUBLISHED + 72 * HOUR, lastError: 'too_few_viewers' });
  expect(await t.call('results.post', { targetId: tooFew })).toMatchObject({ status: 'waiting', nextReadAt: PUBLISHED + 72 * HOUR });
});

it('refuses a target that was never published', async () => {
  await expect(t.call('results.post', { targetId: 'no-such-target' })).rejects.toThrow(/not_found/);
});
