import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from 'vitest';
import { MediaLibrary } from '../../electron/core/media/media-library';
import { silentLogger } from '../../electron/core/ports/logger';
import { FakeYouTubeUpload } from '../fakes/platforms/fake-youtube-upload';
import { openTestCore, tempDataDir, type TestCore } from '../support/core-fixture';
import { billingPeriod, createLeaseSigner, DAY_MS } from '../support/lease-signer';
import { sizedMovie } from '../support/media-fixtures';
import { seedConnection, seedLease, SimulatedTime, waitUntil } from '../support/publishing-fixture';

// The owner's YouTube choices for one post (who can watch it, "notify subscribers"), saved through
// the drafts contract as Compose saves them, reach YouTube's upload: `status.privacyStatus` in
// the session's metadata and the `notifySubscribers` query parameter (the fake records what the
// parameter said, YouTube's default `true` when it is absent).

const T0 = Date.UTC(2026, 10, 26, 0, 0, 0);
const signer = createLeaseSigner();
const TOKEN = 'yt-token';
const MOVIE = sizedMovie(1024 * 1024);

let time: SimulatedTime;
let yt: FakeYouTubeUpload;
let data: { dir: string; remove: () => void };
let t: TestCore | null;

beforeAll(async () => {
  yt = await new FakeYouTubeUpload({ isValidToken: (token) => token === TOKEN }).start();
});
afterAll(() => yt.stop());
beforeEach(() => {
  time = new SimulatedTime(T0);
  data = tempDataDir('agencyiq-youtube-settings-');
  t = null;
  yt.requests.length = 0;
  yt.videos.length = 0;
  yt.violations.length = 0;
});
afterEach(async () => {
  await t?.core.close();
  data.remove();
});

const env = () => ({ AGENCYIQ_LICENCE_PUBLIC_KEY: signer.publicKeyRaw, AGENCYIQ_PUBLISH_YOUTUBE_URL: yt.url, AGENCYIQ_PUBLISH_TIMEOUT_MS: '5000' });

/** A YouTube draft saved through the contract with `youtube` (or without), its video attached, then published now. */
async function publishVideo(youtube: { privacy: 'private' | 'unlisted' | 'public'; notifySubscribers: boolean } | undefined): Promise<string> {
  const postId = randomUUID();
  const seeding = await openTestCore(data.dir, { clock: time, timers: time, env: env(), allowDevOverrides: true, platformAdapters: {} });
  await seedLease(seeding.core.database.sqlite, signer, T0, { postsPerCycle: 27, ...billingPeriod(T0 - 5 * DAY_MS) });
  await seedConnection(seeding.core.connections.store, 'youtube', { accessToken: TOKEN });
  await seeding.call('drafts.save', {
    id: postId,
    body: 'How we shape a loaf, start to finish.',
    targets: [{ platform: 'youtube', text: null, title: 'Shaping a loaf', ...(youtube ? { youtube } : {}) }],
  });
  const source = path.join(data.dir, 'loaf.mp4');
  fs.writeFileSync(source, MOVIE);
  await new MediaLibrary(seeding.core.database.db, data.dir, time, silentLogger).add(postId, { path: source });
  await seeding.core.close();

  t = await openTestCore(data.dir, { clock: time, timers: time, env: env(), allowDevOverrides: true });
  // What Compose reads back when the draft is opened again.
  expect((await t.call('drafts.get', { id: postId })).targets[0]!.youtube).toEqual(youtube);
  await t.call('scheduling.publishNow', { postId });
  const state = () => t!.core.database.sqlite.prepare('SELECT state FROM post_targets WHERE post_id = ?').pluck().get(postId);
  await waitUntil(() => state() === 'published', 'published');
  return postId;
}

it('sends the chosen privacy and notifySubscribers with the upload: unlisted, subscribers told', async () => {
  await publishVideo({ privacy: 'unlisted', notifySubscribers: true });
  expect(yt.videos).toHaveLength(1);
  expect(yt.videos[0]).toMatchObject({ title: 'Shaping a loaf', privacyStatus: 'unlisted', notifySubscribers: true });
  expect(yt.violations).toEqual([]);
});

it('sends public with subscribers not told when the owner chose so', async () => {
  await publishVideo({ privacy: 'public', notifySubscribers: false });
  expect(yt.videos[0]).toMatchObject({ privacyStatus: 'public', notifySubscribers: false });
});

it('keeps a post without a choice private, subscribers not told', async () => {
  await publishVideo(undefined);
  expect(yt.videos[0]).toMatchObject({ privacyStatus: 'private', notifySubscribers: false });
});
