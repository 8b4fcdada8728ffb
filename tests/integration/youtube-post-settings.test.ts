import { randomUUID } from 'node:crypto';
import { beforeEach, expect, it } from 'vitest';
import { FakeYouTubeUpload } from '../fakes/platforms/fake-youtube-upload';
import { sizedMovie } from '../support/media-fixtures';
import { mediaPublishingHarness } from '../support/media-publishing-harness';
import { waitUntil } from '../support/publishing-fixture';

// The owner's YouTube choices for one post (who can watch it, "notify subscribers"), saved through
// the drafts contract as Compose saves them, reach YouTube's upload: `status.privacyStatus` in
// the session's metadata and the `notifySubscribers` query parameter (the fake records what the
// parameter said, YouTube's default `true` when it is absent).

const TOKEN = 'yt-token';
const MOVIE = sizedMovie(1024 * 1024);

const harness = mediaPublishingHarness({
  platform: 'youtube',
  token: TOKEN,
  fake: () => new FakeYouTubeUpload({ isValidToken: (token) => token === TOKEN }),
  env: (fake) => ({ AGENCYIQ_PUBLISH_YOUTUBE_URL: fake.url, AGENCYIQ_PUBLISH_TIMEOUT_MS: '5000' }),
  dataPrefix: 'agencyiq-youtube-settings-',
});
const yt = harness.fake;
beforeEach(() => {
  yt.requests.length = 0;
  yt.videos.length = 0;
  yt.violations.length = 0;
});

/** A YouTube draft saved through the contract with `youtube` (or without), its video attached, then published now. */
async function publishVideo(youtube: { privacy: 'private' | 'unlisted' | 'public'; notifySubscribers: boolean } | undefined): Promise<string> {
  const postId = randomUUID();
  const seeding = await harness.openForSeeding();
  await harness.seedAccount(seeding);
  await seeding.call('drafts.save', {
    id: postId,
    body: 'How we shape a loaf, start to finish.',
    targets: [{ platform: 'youtube', text: null, title: 'Shaping a loaf', ...(youtube ? { youtube } : {}) }],
  });
  await harness.attach(seeding, postId, [{ bytes: MOVIE, name: 'loaf.mp4' }]);
  await seeding.core.close();

  const t = await harness.open();
  // What Compose reads back when the draft is opened again.
  expect((await t.call('drafts.get', { id: postId })).targets[0]!.youtube).toEqual(youtube);
  await t.call('scheduling.publishNow', { postId });
  const state = () => t.core.database.sqlite.prepare('SELECT state FROM post_targets WHERE post_id = ?').pluck().get(postId);
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
