import { fork, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Platform } from '@shared/domain/platform';
import { cycleAt } from '../../electron/core/licence/allowance';
import { FakeFacebookGraph } from '../fakes/platforms/fake-facebook-graph';
import { FakeLinkedInPosts } from '../fakes/platforms/fake-linkedin-posts';
import { readLittleText } from '../fakes/platforms/little-text-reader';
import type { FakePublishServer } from '../fakes/platforms/fake-publish-server';
import { FakeXApi } from '../fakes/platforms/fake-x-api';
import { OFFLINE_SERVICES_ENV, openTestCore, tempDataDir } from '../support/core-fixture';
import { createLeaseSigner } from '../support/lease-signer';
import { png } from '../support/media-fixtures';
import { seedConnection, seedLease, seedScheduledPost } from '../support/publishing-fixture';
import { buildChildFixture } from '../support/child-fixture';

// "Never twice, never silently lost, never charged wrongly", under the worst a computer can do:
// a child process runs the real core (real SQLite, the real engine and adapters) over 200 due
// targets against the fakes in this process; it is SIGKILLed at random (seeded) moments and
// restarted, 50 times, then allowed to finish. Every request each fake received is counted by
// the post's unique marker.

let CHILD = '';
const POSTS = 100;
const KILLS = 50;
/** Below the number of posts, so the quota refuses some of them while crashes happen. */
const ALLOWANCE = 90;
const SEED = 0x5eed_2026;
const PAIRS: ReadonlyArray<readonly [Platform, Platform]> = [
  ['facebook', 'x'],
  ['linkedin', 'x'],
  ['facebook', 'linkedin'],
];
const TOKENS = { facebook: 'crash-fb-token', linkedin: 'crash-li-token', x: 'crash-x-token' } as const;
const marker = (n: number) => `[crash-test post ${n}]`;

/** mulberry32: a small seeded generator, so a failing run can be replayed. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

let fakes: { facebook: FakeFacebookGraph; linkedin: FakeLinkedInPosts; x: FakeXApi };
let data: { dir: string; remove: () => void };
const signer = createLeaseSigner();

beforeAll(async () => {
  const valid = (token: string) => (Object.values(TOKENS) as string[]).includes(token);
  fakes = {
    facebook: await new FakeFacebookGraph({ isValidToken: valid }).start(),
    linkedin: await new FakeLinkedInPosts({ isValidToken: valid }).start(),
    x: await new FakeXApi({ isValidToken: valid }).start(),
  };
  data = tempDataDir('agencyiq-publishing-crash-');
  CHILD = await buildChildFixture('publishing-child');
});
afterAll(async () => {
  await Promise.all(Object.values(fakes).map((fake) => fake.stop()));
  data.remove();
});

const childEnv = () => ({
  ...process.env,
  ...OFFLINE_SERVICES_ENV,
  AGENCYIQ_LICENCE_PUBLIC_KEY: signer.publicKeyRaw,
  AGENCYIQ_PUBLISH_FACEBOOK_URL: fakes.facebook.graphUrl,
  AGENCYIQ_PUBLISH_LINKEDIN_URL: fakes.linkedin.url,
  AGENCYIQ_PUBLISH_X_URL: fakes.x.url,
  AGENCYIQ_PUBLISH_TIMEOUT_MS: '5000',
});

function startChild(): { child: ChildProcess; exited: Promise<NodeJS.Signals | number | null>; said: (what: string) => Promise<void>; stderr: () => string } {
  const child = fork(CHILD, [data.dir], { env: childEnv(), stdio: 'pipe' });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<NodeJS.Signals | number | null>((resolve) => child.once('exit', (code, signal) => resolve(signal ?? code)));
  const heard = new Set<string>();
  const waiters = new Map<string, () => void>();
  child.on('message', (message) => {
    heard.add(String(message));
    waiters.get(String(message))?.();
  });
  const said = (what: string) =>
    heard.has(what)
      ? Promise.resolve()
      : new Promise<void>((resolve, reject) => {
          waiters.set(what, resolve);
          void exited.then((how) => reject(new Error(`The child exited (${String(how)}) before "${what}".\n${stderr}`)));
        });
  return { child, exited, said, stderr: () => stderr };
}

interface Snapshot {
  states: Record<string, number>;
  used: number;
  reserved: number;
}

/** Reads the outbox and the ledger as they are on disk between runs. */
function snapshot(cycleStart: number, cycleEnd: number): Snapshot {
  const sqlite = new BetterSqlite3(path.join(data.dir, 'agencyiq.db'), { readonly: true });
  try {
    const states: Record<string, number> = {};
    for (const row of sqlite.prepare('SELECT state, COUNT(*) AS n FROM post_targets GROUP BY state').all() as Array<{ state: string; n: number }>) {
      states[row.state] = row.n;
    }
    const ledger = sqlite
      .prepare('SELECT post_id, entry FROM quota_ledger WHERE cycle_start >= ? AND cycle_start < ?')
      .all(cycleStart, cycleEnd) as Array<{ post_id: string; entry: string }>;
    const committed = new Set(ledger.filter((r) => r.entry === 'commit').map((r) => r.post_id));
    const released = new Set(ledger.filter((r) => r.entry === 'release').map((r) => r.post_id));
    const reserved = new Set(ledger.filter((r) => r.entry === 'reserve' && !committed.has(r.post_id) && !released.has(r.post_id)).map((r) => r.post_id));
    return { states, used: committed.size, reserved: reserved.size };
  } finally {
    sqlite.close();
  }
}

/** How many requests each fake received per post marker. */
function receivedByMarker(): Map<string, number> {
  const counts = new Map<string, number>();
  const add = (platform: string, text: string | null | undefined) => {
    const found = /\[crash-test post (\d+)\]/.exec(text ?? '');
    if (found === null) return;
    const key = `${platform}:${found[1]}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  };
  const requests = (fake: FakePublishServer) => fake.publishRequests();
  for (const r of requests(fakes.facebook)) add('facebook', new URLSearchParams(r.body).get('message'));
  // LinkedIn commentary is little text (the marker's brackets arrive escaped): read it as LinkedIn shows it.
  for (const r of requests(fakes.linkedin)) add('linkedin', readLittleText((JSON.parse(r.body) as { commentary?: string }).commentary ?? ''));
  for (const r of requests(fakes.x)) add('x', (JSON.parse(r.body) as { text?: string }).text);
  return counts;
}

describe('publishing survives SIGKILL at random moments', () => {
  it('200 targets, 50 kills: 0 duplicates, 0 lost, quota used = posts with a published target', async () => {
    const random = seeded(SEED);
    const now = Date.now();

    // Seed: the device identity and the connections through the core (tokens encrypted), then the
    // lease and 100 due posts × 2 platforms straight into SQLite, as scheduling leaves them.
    const seeding = await openTestCore(data.dir, { env: childEnv(), allowDevOverrides: true, platformAdapters: {} });
    const connections: Partial<Record<Platform, string>> = {};
    for (const platform of ['facebook', 'linkedin', 'x'] as const) {
      connections[platform] = await seedConnection(seeding.core.connections.store, platform, { accessToken: TOKENS[platform] });
    }
    await seeding.core.close();
    const sqlite = new BetterSqlite3(path.join(data.dir, 'agencyiq.db'));
    const lease = await seedLease(sqlite, signer, now, { postsPerCycle: ALLOWANCE });
    const posts: Array<{ n: number; postId: string; targets: Partial<Record<Platform, string>> }> = [];
    for (let n = 0; n < POSTS; n++) {
      const pair = PAIRS[n % PAIRS.length]!;
      const post = seedScheduledPost(sqlite, {
        body: `Fresh loaves today ${marker(n)}`,
        scheduledAt: now - 60_000 + n,
        targets: pair.map((platform) => ({ platform, connectionId: connections[platform]! })),
      });
      posts.push({ n, ...post });
    }
    // Every LinkedIn + X post carries a picture: kills also land during its uploads.
    const withMedia = posts.filter((p) => p.targets.linkedin !== undefined && p.targets.x !== undefined);
    await attachPicture(sqlite, withMedia.map((p) => p.postId), now);
    sqlite.close();
    const cycle = cycleAt(lease, now);

    // 50 runs, each SIGKILLed: mostly at a random moment after the engine started, sometimes
    // during start-up itself (recovery included).
    let peakSpokenFor = 0;
    for (let kill = 0; kill < KILLS; kill++) {
      const run = startChild();
      if (random() < 0.2) {
        await new Promise((resolve) => setTimeout(resolve, Math.floor(random() * 400)));
      } else {
        await run.said('ready');
        await new Promise((resolve) => setTimeout(resolve, Math.floor(random() * 120)));
      }
      run.child.kill('SIGKILL');
      expect(await run.exited).toBe('SIGKILL');
      const between = snapshot(cycle.start, cycle.end);
      peakSpokenFor = Math.max(peakSpokenFor, between.used + between.reserved);
    }

    // The last run finishes the work and closes cleanly.
    const last = startChild();
    await last.said('idle');
    last.child.send('stop');
    expect(await last.exited).toBe(0);

    const end = snapshot(cycle.start, cycle.end);
    const sqliteEnd = new BetterSqlite3(path.join(data.dir, 'agencyiq.db'), { readonly: true });
    const targetRows = sqliteEnd.prepare('SELECT id, post_id, platform, state, platform_post_id FROM post_targets').all() as Array<{
      id: string;
      post_id: string;
      platform: Platform;
      state: string;
      platform_post_id: string | null;
    }>;
    const interrupted = sqliteEnd.prepare(`SELECT COUNT(*) FROM publish_attempts WHERE outcome = 'unknown'`).pluck().get() as number;
    const runningTotal = sqliteEnd
      .prepare('SELECT COALESCE(SUM(spoken_for), 0) FROM quota_cycles WHERE cycle_start >= ? AND cycle_start < ?')
      .pluck()
      .get(cycle.start, cycle.end) as number;
    sqliteEnd.close();

    const counts = receivedByMarker();
    const duplicates = [...counts.values()].filter((n) => n > 1).length;
    const lost = targetRows.filter((t) => !['published', 'failed', 'needs_check'].includes(t.state)).length;
    const postsWithPublished = new Set(targetRows.filter((t) => t.state === 'published').map((t) => t.post_id)).size;
    const postsHeldByCheck = new Set(
      posts
        .filter((p) => {
          const states = Object.values(p.targets).map((id) => targetRows.find((t) => t.id === id)!.state);
          return !states.includes('published') && states.includes('needs_check');
        })
        .map((p) => p.postId),
    ).size;
    const byState = (state: string) => targetRows.filter((t) => t.state === state).length;
    // A published target's post exists on its platform exactly once; a refused one was never sent.
    const markerOf = new Map(posts.flatMap((p) => Object.values(p.targets).map((id) => [id!, p.n] as const)));
    const publishedButNotReceived = targetRows.filter((t) => t.state === 'published' && counts.get(`${t.platform}:${markerOf.get(t.id)}`) !== 1).length;
    const failedButSent = targetRows.filter((t) => t.state === 'failed' && (counts.get(`${t.platform}:${markerOf.get(t.id)}`) ?? 0) > 0).length;

    console.log(
      `publishing-crash: seed=${SEED} kills=${KILLS} targets=${targetRows.length} published=${byState('published')} failed=${byState('failed')} ` +
        `needs_check=${byState('needs_check')} lost=${lost} duplicates=${duplicates} interrupted_sends=${interrupted} ` +
        `quota_used=${end.used} posts_with_published=${postsWithPublished} reserved=${end.reserved} ` +
        `peak_used_plus_reserved=${Math.max(peakSpokenFor, end.used + end.reserved)} allowance=${ALLOWANCE}`,
    );

    expect(targetRows).toHaveLength(POSTS * 2);
    // The kills did land mid-send (otherwise this test would prove little).
    expect(interrupted).toBeGreaterThan(0);
    expect(duplicates).toBe(0);
    expect(lost).toBe(0);
    expect(publishedButNotReceived).toBe(0);
    expect(failedButSent).toBe(0);
    expect(end.used).toBe(postsWithPublished);
    // Posts whose only open question is a needs_check keep their reservation until the owner answers.
    expect(end.reserved).toBe(postsHeldByCheck);
    expect(Math.max(peakSpokenFor, end.used + end.reserved)).toBeLessThanOrEqual(ALLOWANCE);
    // The running total the claims check agrees with the ledger, crashes and all.
    expect(runningTotal).toBe(end.used + end.reserved);
    expect(end.states.publishing ?? 0).toBe(0);
    // Media posts: each published one names finished uploads, and X never saw a post naming an unfinished one.
    const mediaTargets = targetRows.filter((t) => t.state === 'published' && withMedia.some((p) => p.postId === t.post_id));
    expect(mediaTargets.length).toBeGreaterThan(0);
    for (const target of mediaTargets.filter((t) => t.platform === 'x')) {
      expect(fakes.x.posts.find((p) => p.id === target.platform_post_id)!.mediaIds).toHaveLength(1);
    }
    for (const target of mediaTargets.filter((t) => t.platform === 'linkedin')) {
      expect(fakes.linkedin.posts.find((p) => p.urn === target.platform_post_id)!.images).toHaveLength(1);
    }
    console.log(
      `publishing-crash media: posts_with_picture=${withMedia.length} x_uploads_started=${fakes.x.media.media.size} ` +
        `linkedin_uploads_started=${fakes.linkedin.images.images.size} media_targets_published=${mediaTargets.length}`,
    );
    expect(fakes.x.media.refusedPosts).toEqual([]);
    expect(fakes.linkedin.images.refusedPosts).toEqual([]);
  }, 300_000);
});

/** Stores one picture in the media library's folder and attaches it to each post, as Compose leaves them. */
async function attachPicture(sqlite: BetterSqlite3.Database, postIds: readonly string[], now: number): Promise<void> {
  const bytes = await png(640, 480);
  const hash = createHash('sha256').update(bytes).digest('hex');
  const file = path.join(data.dir, 'media', hash.slice(0, 2), hash);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, bytes);
  sqlite
    .prepare(`INSERT INTO media (hash, kind, format, bytes, width, height, poster, created_at) VALUES (?, 'image', 'png', ?, 640, 480, 'image', ?)`)
    .run(hash, bytes.length, now);
  const attach = sqlite.prepare(`INSERT INTO post_media (id, post_id, media_hash, position, alt_text, created_at) VALUES (?, ?, ?, 0, 'Loaves on the rack', ?)`);
  for (const postId of postIds) attach.run(`${postId}-m`, postId, hash, now);
}
