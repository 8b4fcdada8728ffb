import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MediaLibrary } from '../../electron/core/media/media-library';
import { silentLogger } from '../../electron/core/ports/logger';
import { FakeFacebookGraph } from '../fakes/platforms/fake-facebook-graph';
import { openTestCore, tempDataDir, type TestCore } from '../support/core-fixture';
import { billingPeriod, createLeaseSigner, DAY_MS } from '../support/lease-signer';
import { png, sidewaysJpeg } from '../support/media-fixtures';
import { ACCOUNT_IDS, seedConnection, seedLease, seedScheduledPost, SimulatedTime, waitUntil } from '../support/publishing-fixture';

// Pictures on a Facebook Page through the real core: one photo is one published /photos (the
// public step); several are unpublished photos, then one /feed with attached_media.

const T0 = Date.UTC(2026, 10, 26, 0, 0, 0);
const signer = createLeaseSigner();
const TOKEN = 'fb-page-token';
const PAGE = ACCOUNT_IDS.facebook;
const LEASE = { postsPerCycle: 27, ...billingPeriod(T0 - 5 * DAY_MS) };

let time: SimulatedTime;
let facebook: FakeFacebookGraph;
let data: { dir: string; remove: () => void };
let t: TestCore | null;
let counter = 0;

beforeAll(async () => {
  facebook = await new FakeFacebookGraph({ isValidToken: (token) => token === TOKEN, clock: { now: () => time.now() } }).start();
});
afterAll(() => facebook.stop());
beforeEach(() => {
  time = new SimulatedTime(T0);
  data = tempDataDir('agencyiq-fb-media-');
  t = null;
  facebook.requests.length = 0;
});
afterEach(async () => {
  await t?.core.close();
  data.remove();
});

const env = () => ({ AGENCYIQ_LICENCE_PUBLIC_KEY: signer.publicKeyRaw, AGENCYIQ_PUBLISH_FACEBOOK_URL: facebook.graphUrl, AGENCYIQ_PUBLISH_TIMEOUT_MS: '1000' });

async function startWithPictures(files: Array<{ bytes: Buffer; alt?: string }>) {
  const text = `Team photo day, round ${++counter}`;
  const seeding = await openTestCore(data.dir, { clock: time, timers: time, env: env(), allowDevOverrides: true, platformAdapters: {} });
  await seedLease(seeding.core.database.sqlite, signer, T0, LEASE);
  const connectionId = await seedConnection(seeding.core.connections.store, 'facebook', { accessToken: TOKEN });
  const post = seedScheduledPost(seeding.core.database.sqlite, { body: text, scheduledAt: T0 + DAY_MS, targets: [{ platform: 'facebook', connectionId }] });
  const library = new MediaLibrary(seeding.core.database.db, data.dir, time, silentLogger);
  for (const [index, file] of files.entries()) {
    const source = path.join(data.dir, `upload-${index}`);
    fs.writeFileSync(source, file.bytes);
    const attachment = await library.add(post.postId, { path: source });
    if (file.alt !== undefined) await library.setAltText(attachment.id, file.alt);
  }
  seeding.core.database.sqlite.prepare('UPDATE posts SET scheduled_at = ? WHERE id = ?').run(T0, post.postId);
  await seeding.core.close();
  t = await openTestCore(data.dir, { clock: time, timers: time, env: env(), allowDevOverrides: true });
  return { text, targetId: post.targets.facebook! };
}

const row = (targetId: string) =>
  t!.core.database.sqlite.prepare('SELECT state, error_kind, last_error, platform_url, platform_post_id FROM post_targets WHERE id = ?').get(targetId) as Record<string, string | null>;
const settled = (targetId: string) => () => ['published', 'failed', 'needs_check', 'needs_reconnect'].includes(row(targetId).state!);
const photoUploads = () => facebook.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/photos'));

describe('Facebook Page with pictures', () => {
  it('one picture: one published /photos with the caption and alt text; its post id and link are stored', async () => {
    const post = await startWithPictures([{ bytes: await sidewaysJpeg(), alt: 'The whole team in aprons' }]);
    await waitUntil(settled(post.targetId), 'published');
    expect(row(post.targetId)).toMatchObject({ state: 'published', error_kind: null });
    const published = facebook.posts.filter((p) => p.message === post.text);
    expect(published).toHaveLength(1);
    expect(row(post.targetId).platform_post_id).toBe(published[0]!.id);
    expect(row(post.targetId).platform_url).toBe(`https://www.facebook.com/${published[0]!.id}`);
    const photo = facebook.photos.get(published[0]!.photos[0]!)!;
    expect(photo).toMatchObject({ published: true, altText: 'The whole team in aprons', pageId: PAGE });
    const prepared = fs.readdirSync(path.join(data.dir, 'media', 'prepared'))[0]!;
    expect(photo.bytes.equals(fs.readFileSync(path.join(data.dir, 'media', 'prepared', prepared)))).toBe(true);
    expect(facebook.publishRequests()).toHaveLength(0);
  });

  it('two pictures: two unpublished photos, then one feed post attaching both in order', async () => {
    const post = await startWithPictures([{ bytes: await sidewaysJpeg() }, { bytes: await png() }]);
    await waitUntil(settled(post.targetId), 'published');
    const published = facebook.posts.filter((p) => p.message === post.text);
    expect(published).toHaveLength(1);
    expect(published[0]!.photos).toHaveLength(2);
    expect(published[0]!.photos.map((id) => facebook.photos.get(id)!.published)).toEqual([false, false]);
    expect(photoUploads().map((r) => r.answer)).toEqual([{ status: 200 }, { status: 200 }]);
    expect(facebook.refusedPosts).toEqual([]);
  });

  it('the second photo upload answers 503: transient; the retry uploads only that one; one feed post', async () => {
    facebook.failNext({ status: 503 }, 'facebook.photos', 1);
    const post = await startWithPictures([{ bytes: await sidewaysJpeg() }, { bytes: await png() }]);
    // The first photo is uploaded and recorded; the retry must not upload it twice.
    await waitUntil(() => row(post.targetId).state === 'scheduled' && facebook.pendingFaults === 0, 'the 503');
    expect(row(post.targetId).error_kind).toBe('transient');
    for (let i = 0; i < 200 && !settled(post.targetId)(); i++) {
      time.advance(5_000);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await waitUntil(settled(post.targetId), 'published');
    expect(row(post.targetId).state).toBe('published');
    expect(photoUploads().map((r) => r.answer)).toEqual([{ status: 200 }, { status: 503 }, { status: 200 }]);
    expect(facebook.posts.filter((p) => p.message === post.text)).toHaveLength(1);
    expect(facebook.publishRequests()).toHaveLength(1);
  });

  it('a single photo whose answer never comes: needs_check (that upload was the public step), never sent again', async () => {
    facebook.hangNext({ route: 'facebook.photos', created: true });
    const post = await startWithPictures([{ bytes: await sidewaysJpeg() }]);
    await waitUntil(settled(post.targetId), 'the lost answer');
    expect(row(post.targetId)).toMatchObject({ state: 'needs_check', error_kind: 'unknown' });
    time.advance(DAY_MS);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(photoUploads()).toHaveLength(1);
  });
});
