import fs from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { FakeFacebookGraph } from '../fakes/platforms/fake-facebook-graph';
import { DAY_MS } from '../support/lease-signer';
import { png, sidewaysJpeg } from '../support/media-fixtures';
import { mediaPublishingHarness, type AttachedFile } from '../support/media-publishing-harness';
import { ACCOUNT_IDS, waitUntil } from '../support/publishing-fixture';

// Pictures on a Facebook Page through the real core: one photo is one published /photos (the
// public step); several are unpublished photos, then one /feed with attached_media.

const TOKEN = 'fb-page-token';
const PAGE = ACCOUNT_IDS.facebook;

const harness = mediaPublishingHarness({
  platform: 'facebook',
  token: TOKEN,
  fake: (clock) => new FakeFacebookGraph({ isValidToken: (token) => token === TOKEN, clock }),
  env: (fake) => ({ AGENCYIQ_PUBLISH_FACEBOOK_URL: fake.graphUrl, AGENCYIQ_PUBLISH_TIMEOUT_MS: '1000' }),
  dataPrefix: 'agencyiq-fb-media-',
});
const { fake: facebook, row, settled } = harness;
beforeEach(() => {
  facebook.requests.length = 0;
});

// A number per post, so each test's post is told apart at the fake.
let counter = 0;
/** One due post to the Page with `files` attached; the app started. */
const startWithPictures = (files: AttachedFile[]) => harness.startWithMedia(`Team photo day, round ${++counter}`, files);
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
    const prepared = fs.readdirSync(path.join(harness.dataDir, 'media', 'prepared'))[0]!;
    expect(photo.bytes.equals(fs.readFileSync(path.join(harness.dataDir, 'media', 'prepared', prepared)))).toBe(true);
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
      harness.time.advance(5_000);
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
    harness.time.advance(DAY_MS);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(photoUploads()).toHaveLength(1);
  });
});
