import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { Platform } from '@shared/domain/platform';
import type { MediaItem, PlatformAdapter, PublishRequest } from '../../electron/core/platforms/platform-adapter';
import { silentLogger } from '../../electron/core/ports/logger';
import { PublishingEngine } from '../../electron/core/publishing/publishing-engine';
import { published, seedScheduledPost, SimulatedTime, waitUntil } from '../support/publishing-fixture';
import { openTempDatabase, type TempDatabase } from '../support/temp-database';
import { billingPeriod } from '../support/lease-signer';

// The claim says whether the post has attachments, so a text post's send skips reading media
// (one statement per post fewer); a post with attachments still has them read and sent.

const T0 = Date.UTC(2026, 10, 26, 9, 0, 0);
const HASH = 'a'.repeat(64);
let temp: TempDatabase;
let reader: BetterSqlite3.Database;
beforeEach(() => {
  temp = openTempDatabase('agencyiq-text-post-media-');
  reader = new BetterSqlite3(temp.file, { readonly: true });
});
afterEach(async () => {
  reader.close();
  await temp.cleanup();
});

it('a text post is sent without reading media; a post with a picture has its media read and sent', async () => {
  const { sqlite } = temp.database;
  sqlite
    .prepare(`INSERT INTO connections (id, platform, account_id, display_name, state, created_at, updated_at) VALUES ('c-x', 'x', '1460000000000000001', 'Paddington', 'connected', ?, ?)`)
    .run(T0, T0);
  seedScheduledPost(sqlite, { body: 'Fresh loaves at 7am', scheduledAt: T0 - 2, targets: [{ platform: 'x', connectionId: 'c-x' }] });
  const pictured = seedScheduledPost(sqlite, { body: 'Our new sourdough', scheduledAt: T0 - 1, targets: [{ platform: 'x', connectionId: 'c-x' }] });
  sqlite.prepare(`INSERT INTO media (hash, kind, format, bytes, poster, created_at) VALUES (?, 'image', 'jpeg', 1000, 'image', ?)`).run(HASH, T0);
  sqlite.prepare(`INSERT INTO post_media (id, post_id, media_hash, position, alt_text, created_at) VALUES ('pm-1', ?, ?, 0, 'A loaf', ?)`).run(pictured.postId, HASH, T0);

  const picture: MediaItem = { kind: 'image', source: { path: '/media/prepared/loaf-x.jpg' }, mimeType: 'image/jpeg', byteLength: 1000, altText: 'A loaf' };
  const mediaReads: string[] = [];
  const sent = new Map<string, readonly MediaItem[]>();
  const time = new SimulatedTime(T0);
  const engine = new PublishingEngine({
    database: temp.database,
    clock: time,
    timers: time,
    logger: silentLogger,
    adapters: {
      x: {
        platform: 'x',
        async publish(request: PublishRequest) {
          sent.set(request.text, request.media);
          return published();
        },
      } as PlatformAdapter,
    },
    media: {
      async forTarget(postId: string, _platform: Platform) {
        mediaReads.push(postId);
        return postId === pictured.postId ? [picture] : [];
      },
    },
    tokens: { getAccessToken: async () => 'x-token', renewAfterRejection: async () => 'x-token', reportRefused: async () => {} },
    lease: async () => ({ payload: { postsPerCycle: 100, ...billingPeriod(T0 - 86_400_000) }, now: time.now() }),
    missedAfterMs: async () => 15 * 60_000,
    tracker: { begin: () => () => {} },
    onTargetChanged: () => {},
    notify: async () => {},
    onLedgerChanged: () => {},
    boot: 'b6f5a1c2-0d3e-4f5a-8b9c-0d1e2f3a4b5c',
  });
  await engine.start();
  const left = reader.prepare(`SELECT COUNT(*) FROM post_targets WHERE state <> 'published'`).pluck();
  await waitUntil(() => left.get() === 0, 'both posts published');
  await engine.stop();

  expect(sent.get('Fresh loaves at 7am')).toEqual([]);
  expect(sent.get('Our new sourdough')).toEqual([picture]);
  expect(mediaReads).toEqual([pictured.postId]);
});
