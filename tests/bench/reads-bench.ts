import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../../electron/core/db/open-database';
import { readPublishingOverview } from '../../electron/core/publishing/publishing-overview';
import { cycleAt, readAllowance } from '../../electron/core/licence/allowance';
import { median, report, timeMs } from './measure';

const POSTS = 20_000;
const DAY_MS = 86_400_000;
const PLATFORMS = ['facebook', 'linkedin', 'x'] as const;

/**
 * `npm run bench -- reads` (issue 19): the two reads that grew with history, over 20,000
 * published posts (two targets each, a reserve and a commit each in the ledger, all in the
 * current cycle, published over the last 25 days), with some failed, waiting for a check and
 * missed beside them.
 * - `reads.licence_status_ms`: the allowance `licence.status` reads (licence/allowance.ts).
 * - `reads.overview_ms`: `publishing.overview` (in progress, needs attention, recent).
 */
export async function runReadsBench(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agencyiq-reads-bench-'));
  const database = openDatabase(path.join(dir, 'agencyiq.db'));
  try {
    const now = Date.now();
    const period = { cycleStart: now - 26 * DAY_MS, cycleEnd: now + 4 * DAY_MS };
    const cycle = cycleAt(period, now);
    const { sqlite } = database;
    const post = sqlite.prepare(
      `INSERT INTO posts (id, body, state, revision, scheduled_at, schedule_time_zone, created_at, updated_at, missed_at) VALUES (?, ?, ?, 1, ?, 'Australia/Brisbane', ?, ?, ?)`,
    );
    const target = sqlite.prepare(
      `INSERT INTO post_targets (id, post_id, platform, position, state, platform_post_id, platform_url, published_at, error_kind, last_error, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const ledger = sqlite.prepare(`INSERT INTO quota_ledger (post_id, cycle_start, entry, created_at) VALUES (?, ?, ?, ?)`);
    sqlite.transaction(() => {
      for (let i = 0; i < POSTS; i++) {
        const id = randomUUID();
        const at = now - Math.floor((i / POSTS) * 25 * DAY_MS);
        post.run(id, `Published post ${i}: fresh loaves at 7am`, 'done', at, at, at, null);
        for (let n = 0; n < 2; n++) {
          const platform = PLATFORMS[(i + n) % PLATFORMS.length]!;
          target.run(randomUUID(), id, platform, n, 'published', `p${i}-${n}`, `https://example.com/${i}/${n}`, at + n, null, null, at + n);
        }
        ledger.run(id, cycle.start, 'reserve', at);
        ledger.run(id, cycle.start, 'commit', at);
      }
      const other = (i: number, state: 'failed' | 'needs_check', at: number, missed: number | null) => {
        const id = randomUUID();
        post.run(id, `Other post ${i}`, missed === null ? 'done' : 'scheduled', at, at, at, missed);
        target.run(randomUUID(), id, 'x', 0, missed === null ? state : 'scheduled', null, null, null, missed === null ? 'transient' : null, missed === null ? 'It did not go out' : null, at);
      };
      for (let i = 0; i < 2_000; i++) other(i, 'failed', now - 200 * DAY_MS - i * 1000, null);
      for (let i = 0; i < 40; i++) other(i, 'failed', now - i * 3_600_000, null);
      for (let i = 0; i < 20; i++) other(i, 'needs_check', now - i * 3_600_000, null);
      for (let i = 0; i < 10; i++) other(i, 'failed', now - DAY_MS, now - DAY_MS + 1);
    })();
    sqlite.pragma('optimize');

    const lease = { postsPerCycle: 1_000_000, ...period };
    const allowance = await readAllowance(database.db, lease, now);
    if (allowance.used !== POSTS) throw new Error(`the allowance counted ${allowance.used} posts, not ${POSTS}`);
    const overview = await readPublishingOverview(database.db, now);
    if (overview.recent.length !== 100 || overview.needsAttention.length !== 70) {
      throw new Error(`the overview listed ${overview.recent.length} recent and ${overview.needsAttention.length} needing attention`);
    }
    for (let i = 0; i < 20; i++) await readPublishingOverview(database.db, now);
    const status: number[] = [];
    const views: number[] = [];
    for (let i = 0; i < 200; i++) status.push(await timeMs(() => readAllowance(database.db, lease, now)));
    for (let i = 0; i < 60; i++) views.push(await timeMs(() => readPublishingOverview(database.db, now)));
    report('reads.published_posts', POSTS, 0);
    report('reads.licence_status_ms', median(status));
    report('reads.overview_ms', median(views));
  } finally {
    await database.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
