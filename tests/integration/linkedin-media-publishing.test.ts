import fs from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { readAllowance } from '../../electron/core/licence/allowance';
import { FakeLinkedInPosts } from '../fakes/platforms/fake-linkedin-posts';
import { pdf, png, sidewaysJpeg, sizedMovie } from '../support/media-fixtures';
import { LEASE, mediaPublishingHarness, type AttachedFile } from '../support/media-publishing-harness';
import { ACCOUNT_IDS, waitUntil } from '../support/publishing-fixture';

// Pictures on LinkedIn through the real core: initializeUpload → PUT (streamed from the prepared
// copy) → the post naming the image URNs, against the strict fake, over real HTTP.

const TOKEN = 'li-token';
const ORG = '90210001';

const harness = mediaPublishingHarness({
  platform: 'linkedin',
  token: TOKEN,
  fake: (clock) =>
    new FakeLinkedInPosts({
      isValidToken: (token) => token === TOKEN,
      clock,
      mayPostAs: (_token, author) => author === `urn:li:person:${ACCOUNT_IDS.linkedin}` || author === `urn:li:organization:${ORG}`,
    }),
  env: (fake) => ({ AGENCYIQ_PUBLISH_LINKEDIN_URL: fake.url, AGENCYIQ_PUBLISH_TIMEOUT_MS: '2000' }),
  dataPrefix: 'agencyiq-li-media-',
  // LinkedIn's processing of an image, video or document moves on at this pace.
  advanceStepMs: 500,
});
const { fake: linkedin, row, settled, stepsOf, advanceUntil } = harness;
beforeEach(() => {
  linkedin.requests.length = 0;
});

// A number per post, so each test's post is told apart at the fake.
let counter = 0;
/** One due post with `files` attached, as the member or (`asOrganisation`) as the Page's organisation; the app started. */
const startWithPictures = (files: AttachedFile[], options: { asOrganisation?: boolean } = {}) =>
  harness.startWithMedia(`Shop front repainted, take ${++counter}`, files, (seeding, post) => {
    if (options.asOrganisation) seeding.core.database.sqlite.prepare('UPDATE post_targets SET author_id = ? WHERE id = ?').run(ORG, post.targetId);
  });
const requestsTo = (method: string, pattern: RegExp) => linkedin.requests.filter((r) => r.method === method && pattern.test(r.path));

describe('LinkedIn with pictures', () => {
  it('two pictures as the member: each initialized with the member as owner and PUT, one multiImage post with alt text', async () => {
    const post = await startWithPictures([{ bytes: await sidewaysJpeg(), alt: 'Fresh blue paint on the shop front' }, { bytes: await png() }]);
    await advanceUntil(settled(post.targetId), 'published');
    expect(row(post.targetId)).toMatchObject({ state: 'published', error_kind: null });
    const published = linkedin.posts.filter((p) => p.commentary === post.text);
    expect(published).toHaveLength(1);
    expect(row(post.targetId).platform_post_id).toBe(published[0]!.urn);
    expect(published[0]!.images).toHaveLength(2);
    const body = JSON.parse(linkedin.publishRequests().at(-1)!.body) as { content: { multiImage: { images: Array<{ id: string; altText?: string }> } } };
    expect(body.content.multiImage.images).toEqual([{ id: published[0]!.images[0], altText: 'Fresh blue paint on the shop front' }, { id: published[0]!.images[1] }]);
    const [first] = published[0]!.images.map((urn) => linkedin.images.images.get(urn)!);
    expect(first!.owner).toBe(`urn:li:person:${ACCOUNT_IDS.linkedin}`);
    const prepared = fs.readdirSync(path.join(harness.dataDir, 'media', 'prepared')).find((f) => f.endsWith('.jpg'))!;
    expect(first!.bytes!.equals(fs.readFileSync(path.join(harness.dataDir, 'media', 'prepared', prepared)))).toBe(true);
    expect(linkedin.images.refusedPosts).toEqual([]);
  });

  it('one picture as the organisation: the organisation owns the image; content.media names it', async () => {
    const post = await startWithPictures([{ bytes: await sidewaysJpeg('#27ae60') }], { asOrganisation: true });
    await advanceUntil(settled(post.targetId), 'published');
    const published = linkedin.posts.find((p) => p.commentary === post.text)!;
    expect(published.author).toBe(`urn:li:organization:${ORG}`);
    expect(linkedin.images.images.get(published.images[0]!)!.owner).toBe(`urn:li:organization:${ORG}`);
    expect(JSON.parse(linkedin.publishRequests().at(-1)!.body).content).toEqual({ media: { id: published.images[0] } });
  });

  it('LinkedIn is still processing the picture: the app asks its status (URN encoded) until AVAILABLE, and only then posts', async () => {
    linkedin.images.processing.ms = 20_000;
    try {
      const post = await startWithPictures([{ bytes: await sidewaysJpeg() }]);
      await waitUntil(() => requestsTo('GET', /^\/rest\/images\//).length > 0, 'the first status check');
      const uploadedAt = requestsTo('PUT', /^\/dms-uploads\//)[0]!.at;
      await advanceUntil(settled(post.targetId), 'published', 1_000);
      expect(row(post.targetId).state).toBe('published');
      const checks = requestsTo('GET', /^\/rest\/images\//);
      expect(checks.length).toBeGreaterThan(2);
      expect(checks[0]!.path).toMatch(/^\/rest\/images\/urn%3Ali%3Aimage%3A/);
      // Never posted before LinkedIn said AVAILABLE, and never refused for it.
      expect(linkedin.publishRequests().at(-1)!.at).toBeGreaterThanOrEqual(uploadedAt + 20_000);
      expect(linkedin.images.refusedPosts).toEqual([]);
      expect(linkedin.posts.filter((p) => p.commentary === post.text)).toHaveLength(1);
    } finally {
      linkedin.images.processing.ms = 1_500;
    }
  });

  it('LinkedIn fails processing the picture: failed in its words, nothing posted, nothing counted against the plan', async () => {
    linkedin.images.failNextProcessing();
    const post = await startWithPictures([{ bytes: await sidewaysJpeg() }]);
    await advanceUntil(settled(post.targetId), 'failed');
    expect(row(post.targetId)).toMatchObject({ state: 'failed', error_kind: 'invalid' });
    expect(row(post.targetId).last_error).toBe('LinkedIn could not process the picture: PROCESSING_FAILED. Nothing was posted.');
    expect(linkedin.publishRequests()).toHaveLength(0);
    expect(await readAllowance(harness.app!.core.database.db, LEASE, harness.time.now())).toMatchObject({ used: 0, reserved: 0 });
  });

  it('a PUT answered 503 is transient; the retry PUTs again to the recorded address without a new initializeUpload; one post', async () => {
    linkedin.failNext({ status: 503 }, 'linkedin.upload');
    const post = await startWithPictures([{ bytes: await sidewaysJpeg() }]);
    await waitUntil(() => row(post.targetId).state === 'scheduled' && linkedin.pendingFaults === 0, 'the 503');
    expect(row(post.targetId).error_kind).toBe('transient');
    for (let i = 0; i < 200 && !settled(post.targetId)(); i++) {
      harness.time.advance(5_000);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await waitUntil(settled(post.targetId), 'published');
    expect(row(post.targetId).state).toBe('published');
    expect(requestsTo('POST', /^\/rest\/images$/)).toHaveLength(1);
    expect(requestsTo('PUT', /^\/dms-uploads\//).map((r) => r.answer)).toEqual([{ status: 503 }, { status: 201 }]);
    expect(linkedin.posts.filter((p) => p.commentary === post.text)).toHaveLength(1);
  });

  it('LinkedIn refuses the picture (400 on the PUT): failed with its words, no post is sent', async () => {
    linkedin.failNext({ status: 400, body: { status: 400, message: 'Unsupported image format: use JPG, GIF or PNG' } }, 'linkedin.upload');
    const post = await startWithPictures([{ bytes: await sidewaysJpeg() }]);
    await waitUntil(settled(post.targetId), 'failed');
    expect(row(post.targetId)).toMatchObject({ state: 'failed', error_kind: 'invalid' });
    expect(row(post.targetId).last_error).toContain('Unsupported image format');
    expect(linkedin.publishRequests()).toHaveLength(0);
  });
});

describe('LinkedIn with a video', () => {
  const MOVIE_BYTES = 9 * 1024 * 1024;
  const partIndex = (path: string) => /\/part\/(\d+)$/.exec(path)![1];
  const finalizes = () => requestsTo('POST', /^\/rest\/videos$/).filter((r) => r.query.action === 'finalizeUpload');
  const initializes = () => requestsTo('POST', /^\/rest\/videos$/).filter((r) => r.query.action === 'initializeUpload');

  it('a 9 MB video: initialized with its size, three parts PUT from disk at LinkedIn\'s byte ranges, finalized with the ETags in order, posted once AVAILABLE', async () => {
    const movie = sizedMovie(MOVIE_BYTES);
    const progress: Array<{ sentBytes: number; totalBytes: number }> = [];
    const post = await startWithPictures([{ bytes: movie }]);
    const stop = harness.app!.core.events.subscribe((event) => {
      if (event.event === 'publishing.upload-progress') progress.push(event.payload as { sentBytes: number; totalBytes: number });
    });
    await advanceUntil(settled(post.targetId), 'published', 1_000);
    stop();
    expect(row(post.targetId)).toMatchObject({ state: 'published', error_kind: null });
    const published = linkedin.posts.filter((p) => p.commentary === post.text);
    expect(published).toHaveLength(1);
    expect(row(post.targetId).platform_post_id).toBe(published[0]!.urn);
    const video = linkedin.videos.videos.get(published[0]!.video!)!;
    expect(video.owner).toBe(`urn:li:person:${ACCOUNT_IDS.linkedin}`);
    expect(video.bytes!.equals(movie)).toBe(true);
    expect(JSON.parse(initializes()[0]!.body)).toEqual({
      initializeUploadRequest: { owner: video.owner, fileSizeBytes: movie.length, uploadCaptions: false, uploadThumbnail: false },
    });
    expect(requestsTo('PUT', /^\/dms-uploads\/video\//).map((r) => partIndex(r.path))).toEqual(['0', '1', '2']);
    expect(JSON.parse(finalizes()[0]!.body).finalizeUploadRequest.uploadedPartIds).toEqual(video.received.map((part) => part!.etag));
    expect(JSON.parse(linkedin.publishRequests().at(-1)!.body).content).toEqual({ media: { id: video.urn, title: post.text } });
    // Never posted before LinkedIn said AVAILABLE (5 s of processing after finalize), never refused for it.
    expect(requestsTo('GET', /^\/rest\/videos\/urn%3Ali%3Avideo%3A/).length).toBeGreaterThan(1);
    expect(linkedin.publishRequests().at(-1)!.at).toBeGreaterThanOrEqual(finalizes()[0]!.at + 5_000);
    expect(linkedin.videos.refusedPosts).toEqual([]);
    expect(progress.at(-1)).toMatchObject({ sentBytes: movie.length, totalBytes: movie.length, targetId: post.targetId });
    expect(progress.every((p, i) => i === 0 || p.sentBytes >= progress[i - 1]!.sentBytes)).toBe(true);
    expect(stepsOf(post.targetId)).toEqual([]);
  });

  it('the app stops mid-upload: the next start carries on from the recorded part (no new initializeUpload), finalizes once and posts once', async () => {
    linkedin.hangNext({ route: 'linkedin.video-part', after: 1 });
    const movie = sizedMovie(MOVIE_BYTES);
    const post = await startWithPictures([{ bytes: movie }]);
    await waitUntil(() => row(post.targetId).state === 'scheduled' && linkedin.pendingFaults === 0 && requestsTo('PUT', /^\/dms-uploads\/video\//).length === 2, 'the lost part');
    expect(row(post.targetId).error_kind).toBe('transient');
    expect(stepsOf(post.targetId)).toEqual(expect.arrayContaining(['linkedin.video.0', 'linkedin.video.0.upload', 'linkedin.video.0.part.0']));

    await harness.app!.core.close();
    await harness.open();
    await advanceUntil(settled(post.targetId), 'published after the restart', 5_000);
    expect(row(post.targetId).state).toBe('published');
    expect(initializes()).toHaveLength(1);
    // Part 0 once; part 1 twice (the unanswered one, then again); part 2 once.
    expect(requestsTo('PUT', /^\/dms-uploads\/video\//).map((r) => partIndex(r.path))).toEqual(['0', '1', '1', '2']);
    expect(finalizes()).toHaveLength(1);
    expect(linkedin.posts.filter((p) => p.commentary === post.text)).toHaveLength(1);
    expect(linkedin.videos.videos.get(linkedin.posts.find((p) => p.commentary === post.text)!.video!)!.bytes!.equals(movie)).toBe(true);
  });

  it('LinkedIn fails processing the video: failed in its words, nothing posted, nothing counted against the plan', async () => {
    linkedin.videos.failNextProcessing('Video codec is not supported');
    const post = await startWithPictures([{ bytes: sizedMovie(64 * 1024) }]);
    await advanceUntil(settled(post.targetId), 'failed');
    expect(row(post.targetId)).toMatchObject({ state: 'failed', error_kind: 'invalid' });
    expect(row(post.targetId).last_error).toBe('LinkedIn could not process the video: PROCESSING_FAILED (Video codec is not supported). Nothing was posted.');
    expect(linkedin.publishRequests()).toHaveLength(0);
    expect(await readAllowance(harness.app!.core.database.db, LEASE, harness.time.now())).toMatchObject({ used: 0, reserved: 0 });
  });
});

describe('LinkedIn with a PDF document', () => {
  const initializes = () => requestsTo('POST', /^\/rest\/documents$/);
  const puts = () => requestsTo('PUT', /^\/dms-uploads\/document\//);
  const postOf = (text: string) => linkedin.posts.filter((p) => p.commentary === text);

  it('one PDF as the member: initialized with the member as owner, its bytes PUT, posted once AVAILABLE in content.media with a title', async () => {
    const file = pdf(4, 'menu');
    linkedin.documents.processing.ms = 20_000;
    let post: Awaited<ReturnType<typeof startWithPictures>>;
    try {
      post = await startWithPictures([{ bytes: file }]);
      await advanceUntil(settled(post.targetId), 'published', 1_000);
    } finally {
      linkedin.documents.processing.ms = 3_000;
    }
    expect(row(post.targetId)).toMatchObject({ state: 'published', error_kind: null });
    const published = postOf(post.text);
    expect(published).toHaveLength(1);
    expect(row(post.targetId).platform_post_id).toBe(published[0]!.urn);
    const document = linkedin.documents.documents.get(published[0]!.document!)!;
    expect(document.urn).toMatch(/^urn:li:document:/);
    expect(document.owner).toBe(`urn:li:person:${ACCOUNT_IDS.linkedin}`);
    expect(document.bytes!.equals(file)).toBe(true);
    expect(JSON.parse(initializes()[0]!.body)).toEqual({ initializeUploadRequest: { owner: document.owner } });
    expect(initializes()[0]!.query.action).toBe('initializeUpload');
    expect(puts()[0]!.headers['content-type']).toBe('application/pdf');
    expect(JSON.parse(linkedin.publishRequests().at(-1)!.body).content).toEqual({ media: { id: document.urn, title: post.text } });
    // Asked (URN encoded) until AVAILABLE (20 s of processing), never posted before it, never refused for it.
    expect(requestsTo('GET', /^\/rest\/documents\/urn%3Ali%3Adocument%3A/).length).toBeGreaterThan(1);
    expect(linkedin.publishRequests().at(-1)!.at).toBeGreaterThanOrEqual(puts()[0]!.at + 20_000);
    expect(linkedin.documents.refusedPosts).toEqual([]);
    expect(stepsOf(post.targetId)).toEqual([]);
  });

  it('the app stops while the PDF is being PUT: the next start PUTs it again to the recorded address (no new initializeUpload) and posts once', async () => {
    linkedin.hangNext({ route: 'linkedin.upload' });
    const file = pdf(2);
    const post = await startWithPictures([{ bytes: file }]);
    await waitUntil(() => row(post.targetId).state === 'scheduled' && linkedin.pendingFaults === 0 && puts().length === 1, 'the unanswered PUT');
    expect(row(post.targetId).error_kind).toBe('transient');
    expect(stepsOf(post.targetId)).toEqual(['linkedin.document.0']);

    await harness.app!.core.close();
    await harness.open();
    await advanceUntil(settled(post.targetId), 'published after the restart', 5_000);
    expect(row(post.targetId).state).toBe('published');
    expect(initializes()).toHaveLength(1);
    expect(puts()).toHaveLength(2);
    expect(puts()[1]!.path).toBe(puts()[0]!.path);
    const published = postOf(post.text);
    expect(published).toHaveLength(1);
    expect(linkedin.publishRequests()).toHaveLength(1);
    expect(linkedin.documents.documents.get(published[0]!.document!)!.bytes!.equals(file)).toBe(true);
    expect(linkedin.documents.refusedPosts).toEqual([]);
  });

  it('the app stops while LinkedIn processes the PDF: the next start only asks its status again (no new upload) and posts once', async () => {
    linkedin.documents.processing.ms = 60_000;
    try {
      const post = await startWithPictures([{ bytes: pdf(5) }]);
      await waitUntil(() => requestsTo('GET', /^\/rest\/documents\//).length > 0, 'the first status check');
      expect(stepsOf(post.targetId)).toEqual(['linkedin.document.0']);
      await harness.app!.core.close();
      await harness.open();
      await advanceUntil(settled(post.targetId), 'published after the restart', 5_000);
      expect(row(post.targetId).state).toBe('published');
      expect(initializes()).toHaveLength(1);
      expect(puts()).toHaveLength(1);
      expect(postOf(post.text)).toHaveLength(1);
      expect(linkedin.publishRequests().at(-1)!.at).toBeGreaterThanOrEqual(puts()[0]!.at + 60_000);
      expect(linkedin.documents.refusedPosts).toEqual([]);
    } finally {
      linkedin.documents.processing.ms = 3_000;
    }
  });

  it('LinkedIn fails processing the PDF: failed in its words, nothing posted, nothing counted against the plan', async () => {
    linkedin.documents.failNextProcessing();
    const post = await startWithPictures([{ bytes: pdf(1) }]);
    await advanceUntil(settled(post.targetId), 'failed');
    expect(row(post.targetId)).toMatchObject({ state: 'failed', error_kind: 'invalid' });
    expect(row(post.targetId).last_error).toBe('LinkedIn could not process the document: PROCESSING_FAILED. Nothing was posted.');
    expect(linkedin.publishRequests()).toHaveLength(0);
    expect(linkedin.documents.refusedPosts).toEqual([]);
    expect(await readAllowance(harness.app!.core.database.db, LEASE, harness.time.now())).toMatchObject({ used: 0, reserved: 0 });
  });
});
