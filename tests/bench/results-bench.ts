import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { PLATFORMS } from '@shared/domain/platform';
import { openDatabase, type OpenedDatabase } from '../../electron/core/db/open-database';
import { silentLogger } from '../../electron/core/ports/logger';
import { systemTimers } from '../../electron/core/ports/timers';
import type { HttpClient } from '../../electron/core/ports/http-client';
import { COLLECTION_OFFSETS_MS } from '../../electron/core/results/collection-schedule';
import { MetricsCollector } from '../../electron/core/results/metrics-collector';
import { composeOverview, overviewQueries, readResultsOverview, type OverviewRows } from '../../electron/core/results/results-queries';
import { readXMetrics, X_IDS_PER_REQUEST } from '../../electron/core/results/x-metrics-reader';
import { median, report, timeMs } from './measure';

const POSTS = 10_000;
const SNAPSHOTS = 12;
const DAY_MS = 86_400_000;
const METRICS = ['impressions', 'reach', 'engagements', 'likes'] as const;
const TIME_ZONE = 'Australia/Brisbane';

/**
 * `npm run bench -- results` (issue 17), over 10,000 published posts × 12 snapshots each (four
 * metrics a snapshot), spread over the five networks and the last 120 days, with their schedule
 * rows, and a year of daily follower counts for five connections.
 * - `results.page_ms`: the Results page's read for a 90-day period (`readResultsOverview`).
 * - `results.ratio`: that, over the same five queries compiled from the same kysely builders and
 *   run as raw prepared better-sqlite3 statements, with the same (pure) assembly.
 * - `results.collect_cpu_ms_per_post`: the collector's CPU time (user + system) per post read, for
 *   10,000 X posts due at once against an in-process answer (no network), so only the collector's
 *   own work, its database writes included, is counted.
 */
export async function runResultsBench(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agencyiq-results-bench-'));
  try {
    const now = Date.now();
    const database = openDatabase(path.join(dir, 'page.db'));
    try {
      seedHistory(database, now);
      const period = { from: now - 90 * DAY_MS, to: now };
      const overview = await readResultsOverview(database.db, period, TIME_ZONE);
      const published = overview.networks.reduce((sum, network) => sum + network.postsPublished, 0);
      if (published < 7_000 || overview.topPosts.length !== 10 || overview.followers.length !== 5) {
        throw new Error(`the overview counted ${published} posts, ${overview.topPosts.length} top posts, ${overview.followers.length} follower series`);
      }
      const raw = rawOverview(database, period);
      if (JSON.stringify(raw()) !== JSON.stringify(overview)) throw new Error('the raw statements did not give the same overview');
      for (let i = 0; i < 5; i++) {
        await readResultsOverview(database.db, period, TIME_ZONE);
        raw();
      }
      const viaKysely: number[] = [];
      const viaRaw: number[] = [];
      // Alternating, many rounds: the machine is shared, so medians of interleaved runs.
      for (let i = 0; i < 60; i++) {
        if (i % 2 === 0) viaKysely.push(await timeMs(() => readResultsOverview(database.db, period, TIME_ZONE)));
        viaRaw.push(await timeMs(raw));
        if (i % 2 === 1) viaKysely.push(await timeMs(() => readResultsOverview(database.db, period, TIME_ZONE)));
      }
      report('results.published_posts', POSTS, 0);
      report('results.page_ms', median(viaKysely));
      report('results.raw_page_ms', median(viaRaw));
      report('results.ratio', median(viaKysely) / median(viaRaw));
    } finally {
      await database.close();
    }
    report('results.collect_cpu_ms_per_post', await collectorCpuPerPost(path.join(dir, 'collect.db'), now));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The same five queries as raw prepared statements (compiled once from the kysely builders), and the same assembly. */
function rawOverview(database: OpenedDatabase, period: { from: number; to: number }): () => ReturnType<typeof composeOverview> {
  const queries = overviewQueries(database.db, period);
  const prepared = Object.fromEntries(
    Object.entries(queries).map(([name, query]) => {
      const compiled = query.compile();
      return [name, { statement: database.sqlite.prepare(compiled.sql), parameters: compiled.parameters as unknown[] }];
    }),
  ) as Record<keyof OverviewRows, { statement: BetterSqlite3.Statement<unknown[]>; parameters: unknown[] }>;
  const all = <K extends keyof OverviewRows>(name: K) => prepared[name].statement.all(...prepared[name].parameters) as OverviewRows[K];
  return () =>
    composeOverview(period, TIME_ZONE, { targets: all('targets'), topPosts: all('topPosts'), unavailable: all('unavailable'), linkedInMemberPosts: all('linkedInMemberPosts'), followers: all('followers') });
}

function seedHistory(database: OpenedDatabase, now: number): void {
  const { sqlite } = database;
  const connection = sqlite.prepare(`INSERT INTO connections (id, platform, account_id, display_name, state, created_at, updated_at) VALUES (?, ?, ?, ?, 'connected', ?, ?)`);
  const post = sqlite.prepare(`INSERT INTO posts (id, body, state, revision, scheduled_at, schedule_time_zone, created_at, updated_at) VALUES (?, ?, 'done', 1, ?, 'Australia/Brisbane', ?, ?)`);
  const target = sqlite.prepare(
    `INSERT INTO post_targets (id, post_id, platform, position, state, connection_id, author_id, platform_post_id, platform_url, published_at, updated_at) VALUES (?, ?, ?, 0, 'published', ?, ?, ?, ?, ?, ?)`,
  );
  const snapshot = sqlite.prepare(`INSERT INTO metric_snapshots (target_id, collected_at, metric, value, raw_json) VALUES (?, ?, ?, ?, NULL)`);
  const schedule = sqlite.prepare(
    `INSERT INTO metric_schedule (target_id, published_at, next_due_at, collections, last_error, updated_at, latest_impressions, latest_engagements) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const follower = sqlite.prepare(`INSERT INTO follower_snapshots (connection_id, day, followers, collected_at) VALUES (?, ?, ?, ?)`);
  sqlite.transaction(() => {
    const connections = PLATFORMS.map((platform, i) => {
      const id = randomUUID();
      connection.run(id, platform, `account-${platform}`, `Paddington Sourdough on ${platform}`, now - 400 * DAY_MS + i, now);
      for (let day = 365; day >= 0; day--) {
        const at = now - day * DAY_MS;
        follower.run(id, new Date(at).toISOString().slice(0, 10), 1_000 + 365 - day, at);
      }
      return id;
    });
    for (let i = 0; i < POSTS; i++) {
      const platformIndex = i % PLATFORMS.length;
      const platform = PLATFORMS[platformIndex]!;
      const postId = randomUUID();
      const targetId = randomUUID();
      const publishedAt = now - Math.floor((i / POSTS) * 120 * DAY_MS) - 3_600_000;
      post.run(postId, `Post ${i}: fresh sourdough, rye and fruit loaves out of the oven at 7 every morning`, publishedAt, publishedAt, publishedAt);
      target.run(targetId, postId, platform, connections[platformIndex]!, platform === 'linkedin' && i % 2 === 0 ? '2414183' : null, `p${i}`, `https://example.com/p/${i}`, publishedAt, publishedAt);
      const taken = COLLECTION_OFFSETS_MS.slice(0, SNAPSHOTS);
      const value = (n: number, m: number) => 100 + ((i * 7 + n * 13 + m * 31) % 900) * (n + 1);
      taken.forEach((offset, n) => {
        for (const [m, metric] of METRICS.entries()) snapshot.run(targetId, publishedAt + offset, metric, value(n, m));
      });
      // The latest numbers beside the schedule, as the collector keeps them (migration 14).
      const last = SNAPSHOTS - 1;
      schedule.run(targetId, publishedAt, i % 10 === 0 ? null : publishedAt + COLLECTION_OFFSETS_MS[SNAPSHOTS]!, SNAPSHOTS, i % 50 === 0 ? 'not_permitted' : null, now, value(last, 0), value(last, 2));
    }
  })();
  sqlite.pragma('optimize');
}

/** CPU per post for the real collector reading 10,000 due X posts (100 per request) from an in-process answer. */
async function collectorCpuPerPost(file: string, now: number): Promise<number> {
  const database = openDatabase(file);
  try {
    const { sqlite } = database;
    const connectionId = randomUUID();
    sqlite.prepare(`INSERT INTO connections (id, platform, account_id, display_name, state, created_at, updated_at) VALUES (?, 'x', '1460000000000000001', 'Paddington Sourdough', 'connected', ?, ?)`).run(connectionId, now, now);
    const post = sqlite.prepare(`INSERT INTO posts (id, body, state, revision, scheduled_at, schedule_time_zone, created_at, updated_at) VALUES (?, 'post', 'done', 1, ?, 'Australia/Brisbane', ?, ?)`);
    const target = sqlite.prepare(`INSERT INTO post_targets (id, post_id, platform, position, state, connection_id, platform_post_id, published_at, updated_at) VALUES (?, ?, 'x', 0, 'published', ?, ?, ?, ?)`);
    sqlite.transaction(() => {
      for (let i = 0; i < POSTS; i++) {
        const postId = randomUUID();
        const at = now - 2 * 3_600_000;
        post.run(postId, at, at, at);
        target.run(randomUUID(), postId, connectionId, String(1_870_000_000_000_000_001n + BigInt(i)), at, at);
      }
    })();
    // X's answer for a batch, built here (the network's side, not the collector's).
    const http: HttpClient = {
      send: async (request) => {
        const ids = new URL(request.url).searchParams.get('ids')!.split(',');
        const data = ids.map((id) => ({ id, text: 'post', public_metrics: { retweet_count: 3, reply_count: 2, like_count: 40, quote_count: 1, bookmark_count: 4, impression_count: 2_000 } }));
        return { kind: 'response', status: 200, headers: { 'x-rate-limit-limit': '5000', 'x-rate-limit-remaining': '4999', 'x-rate-limit-reset': String(Math.ceil(now / 1000) + 900) }, body: JSON.stringify({ data }) };
      },
    };
    let done: () => void = () => {};
    const finished = new Promise<void>((resolve) => (done = resolve));
    const collected = sqlite.prepare(`SELECT COUNT(*) AS n FROM metric_schedule WHERE collections > 0`);
    const collector = new MetricsCollector({
      database: database.db,
      clock: { now: () => now },
      timers: systemTimers,
      logger: silentLogger,
      readers: {
        x: {
          idsPerRequest: X_IDS_PER_REQUEST,
          read: async (token, ids) => {
            const result = await readXMetrics(http, 'https://api.x.com', token, ids);
            if ((collected.get() as { n: number }).n + ids.length >= POSTS) setImmediate(() => done());
            return result;
          },
        },
      },
      tokens: { getAccessToken: async () => 'token', renewAfterRejection: async () => 'token', reportRefused: async () => {} },
      publishing: { isPublishing: () => false, onChange: () => () => {} },
      collectX: async () => true,
    });
    const before = process.cpuUsage();
    collector.start();
    await finished;
    await collector.stop();
    const used = process.cpuUsage(before);
    const read = (collected.get() as { n: number }).n;
    if (read !== POSTS) throw new Error(`the collector read ${read} posts, not ${POSTS}`);
    return (used.user + used.system) / 1000 / POSTS;
  } finally {
    await database.close();
  }
}
