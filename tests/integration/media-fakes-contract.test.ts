import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LINKEDIN_API } from '@shared/platforms/api-versions';
import { FakeFacebookGraph } from '../fakes/platforms/fake-facebook-graph';
import { FakeLinkedInPosts } from '../fakes/platforms/fake-linkedin-posts';
import { FakeXApi } from '../fakes/platforms/fake-x-api';

// The media fakes refuse what the real services refuse (docs/platform-apis.md), so an adapter
// that gets it wrong fails a test instead of passing against a lenient stand-in.

const TOKEN = 'media-token';
const NOW = Date.UTC(2026, 10, 26);
const clock = { now: () => NOW };
let x: FakeXApi;
let linkedin: FakeLinkedInPosts;
let facebook: FakeFacebookGraph;

beforeAll(async () => {
  const isValidToken = (token: string) => token === TOKEN;
  [x, linkedin, facebook] = await Promise.all([new FakeXApi({ isValidToken, clock }).start(), new FakeLinkedInPosts({ isValidToken, clock }).start(), new FakeFacebookGraph({ isValidToken, clock }).start()]);
});
afterAll(() => Promise.all([x.stop(), linkedin.stop(), facebook.stop()]));

const auth = { authorization: `Bearer ${TOKEN}` };
const json = (body: unknown) => ({ method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify(body) });

async function xInit(total: number, type = 'video/mp4', category = 'amplify_video'): Promise<string> {
  const answer = await fetch(`${x.url}/2/media/upload/initialize`, json({ media_type: type, total_bytes: total, media_category: category }));
  expect(answer.status).toBe(200);
  return ((await answer.json()) as { data: { id: string } }).data.id;
}
function append(id: string, index: string, bytes: Uint8Array) {
  const form = new FormData();
  form.set('segment_index', index);
  form.set('media', new Blob([new Uint8Array(bytes)]), 'blob');
  return fetch(`${x.url}/2/media/upload/${id}/append`, { method: 'POST', headers: auth, body: form });
}
const finalize = (id: string) => fetch(`${x.url}/2/media/upload/${id}/finalize`, { method: 'POST', headers: auth });

describe('X media upload fake', () => {
  it('refuses an unknown type, a picture over 5 MB, and a category that does not match the type', async () => {
    const bad = async (body: unknown) => (await fetch(`${x.url}/2/media/upload/initialize`, json(body))).status;
    expect(await bad({ media_type: 'image/heic', total_bytes: 10, media_category: 'tweet_image' })).toBe(400);
    expect(await bad({ media_type: 'image/jpeg', total_bytes: 6 * 1024 * 1024, media_category: 'tweet_image' })).toBe(400);
    expect(await bad({ media_type: 'video/mp4', total_bytes: 10, media_category: 'tweet_image' })).toBe(400);
  });

  it('refuses a segment over 5 MB, an index over 999, a finalize with a gap or the wrong size, and appends after finalize', async () => {
    const big = await xInit(6 * 1024 * 1024);
    expect((await append(big, '0', new Uint8Array(5 * 1024 * 1024 + 1))).status).toBe(400);
    expect((await append(big, '1000', new Uint8Array(10))).status).toBe(400);
    const gap = await xInit(20);
    await append(gap, '0', new Uint8Array(10));
    await append(gap, '2', new Uint8Array(10));
    expect((await finalize(gap)).status).toBe(400);
    const short = await xInit(20);
    await append(short, '0', new Uint8Array(10));
    expect((await finalize(short)).status).toBe(400);
    const done = await xInit(10);
    await append(done, '0', new Uint8Array(10));
    expect((await finalize(done)).status).toBe(200);
    expect((await append(done, '1', new Uint8Array(10))).status).toBe(400);
  });

  it('a video is processing after finalize: a post naming it is refused and counted', async () => {
    const id = await xInit(10);
    await append(id, '0', new Uint8Array(10));
    const finalized = (await (await finalize(id)).json()) as { data: { processing_info?: { state: string } } };
    expect(finalized.data.processing_info?.state).toBe('pending');
    const before = x.media.refusedPosts.length;
    expect((await fetch(`${x.url}/2/tweets`, json({ text: 'too soon', media: { media_ids: [id] } }))).status).toBe(400);
    expect(x.media.refusedPosts.length).toBe(before + 1);
    // The app is waiting on it from the moment X said "pending" (the crash test's phase check).
    expect(x.media.processingSince(NOW).map((media) => media.id)).toContain(id);
    expect(x.media.processingSince(NOW + 1).map((media) => media.id)).not.toContain(id);
  });
});

describe('LinkedIn Images fake', () => {
  const headers = { ...auth, 'content-type': 'application/json', 'LinkedIn-Version': LINKEDIN_API.version, 'X-Restli-Protocol-Version': '2.0.0' };
  it('refuses bytes that are not a picture, and a post naming an image not uploaded yet', async () => {
    const init = await fetch(`${linkedin.url}/rest/images?action=initializeUpload`, { method: 'POST', headers, body: JSON.stringify({ initializeUploadRequest: { owner: 'urn:li:person:abc' } }) });
    const { value } = (await init.json()) as { value: { uploadUrl: string; image: string } };
    expect((await fetch(value.uploadUrl, { method: 'PUT', headers: auth, body: 'not an image' })).status).toBe(400);
    const post = await fetch(`${linkedin.url}/rest/posts`, {
      method: 'POST',
      headers,
      body: JSON.stringify({
        author: 'urn:li:person:abc',
        commentary: 'early',
        visibility: 'PUBLIC',
        distribution: { feedDistribution: 'MAIN_FEED', targetEntities: [], thirdPartyDistributionChannels: [] },
        lifecycleState: 'PUBLISHED',
        content: { media: { id: value.image } },
      }),
    });
    expect(post.status).toBe(422);
    expect(linkedin.images.refusedPosts.at(-1)).toContain('not AVAILABLE');
  });

  it('Videos: a part must be exactly its range, finalize needs every ETag in order, a post naming a video still PROCESSING is refused and counted', async () => {
    const size = 4 * 1024 * 1024 + 10;
    const init = await fetch(`${linkedin.url}/rest/videos?action=initializeUpload`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ initializeUploadRequest: { owner: 'urn:li:person:abc', fileSizeBytes: size, uploadCaptions: false, uploadThumbnail: false } }),
    });
    const { value } = (await init.json()) as { value: { video: string; uploadToken: string; uploadInstructions: Array<{ uploadUrl: string; firstByte: number; lastByte: number }> } };
    expect(value.uploadInstructions.map((part) => [part.firstByte, part.lastByte])).toEqual([[0, 4 * 1024 * 1024 - 1], [4 * 1024 * 1024, size - 1]]);
    const [first, second] = value.uploadInstructions;
    expect((await fetch(second!.uploadUrl, { method: 'PUT', body: new Uint8Array(11) })).status).toBe(400);
    const etags: string[] = [];
    for (const part of [first!, second!]) {
      const put = await fetch(part.uploadUrl, { method: 'PUT', body: new Uint8Array(part.lastByte - part.firstByte + 1) });
      expect(put.status).toBe(200);
      etags.push(put.headers.get('etag')!);
    }
    const finalize = (uploadedPartIds: string[]) =>
      fetch(`${linkedin.url}/rest/videos?action=finalizeUpload`, { method: 'POST', headers, body: JSON.stringify({ finalizeUploadRequest: { video: value.video, uploadToken: value.uploadToken, uploadedPartIds } }) });
    expect((await finalize([...etags].reverse())).status).toBe(422);
    expect((await finalize(etags.slice(0, 1))).status).toBe(422);
    expect((await finalize(etags)).status).toBe(200);
    const status = await fetch(`${linkedin.url}/rest/videos/${encodeURIComponent(value.video)}`, { headers });
    expect(((await status.json()) as { status: string }).status).toBe('PROCESSING');
    const post = await fetch(`${linkedin.url}/rest/posts`, {
      method: 'POST',
      headers,
      body: JSON.stringify({
        author: 'urn:li:person:abc',
        commentary: 'video too early',
        visibility: 'PUBLIC',
        distribution: { feedDistribution: 'MAIN_FEED', targetEntities: [], thirdPartyDistributionChannels: [] },
        lifecycleState: 'PUBLISHED',
        content: { media: { id: value.video, title: 'Too early' } },
      }),
    });
    expect(post.status).toBe(422);
    expect(linkedin.videos.refusedPosts.at(-1)).toContain('not AVAILABLE (status PROCESSING)');
  });

  it('Documents: bytes that are not a PDF are refused; a post naming a document still PROCESSING, or one without a title, is refused and counted', async () => {
    const initDocument = async () => {
      const init = await fetch(`${linkedin.url}/rest/documents?action=initializeUpload`, { method: 'POST', headers, body: JSON.stringify({ initializeUploadRequest: { owner: 'urn:li:person:abc' } }) });
      expect(init.status).toBe(200);
      return ((await init.json()) as { value: { uploadUrl: string; document: string } }).value;
    };
    const postNaming = (media: Record<string, unknown>, commentary: string) =>
      fetch(`${linkedin.url}/rest/posts`, {
        method: 'POST',
        headers,
        body: JSON.stringify({
          author: 'urn:li:person:abc',
          commentary,
          visibility: 'PUBLIC',
          distribution: { feedDistribution: 'MAIN_FEED', targetEntities: [], thirdPartyDistributionChannels: [] },
          lifecycleState: 'PUBLISHED',
          content: { media },
        }),
      });
    const early = await initDocument();
    expect(early.document).toMatch(/^urn:li:document:/);
    expect((await fetch(early.uploadUrl, { method: 'PUT', headers: auth, body: 'PK\u0003\u0004 a Word file' })).status).toBe(400);
    expect((await fetch(early.uploadUrl, { method: 'PUT', body: '%PDF-1.7 without a token' })).status).toBe(401);
    expect((await fetch(early.uploadUrl, { method: 'PUT', headers: auth, body: '%PDF-1.7\n%%EOF\n' })).status).toBe(201);
    const status = await fetch(`${linkedin.url}/rest/documents/${encodeURIComponent(early.document)}`, { headers });
    expect(((await status.json()) as { status: string }).status).toBe('PROCESSING');
    expect((await postNaming({ id: early.document, title: 'Menu' }, 'document too early')).status).toBe(422);
    expect(linkedin.documents.refusedPosts.at(-1)).toContain('not AVAILABLE (status PROCESSING)');

    linkedin.documents.processing.ms = 0;
    try {
      const ready = await initDocument();
      expect((await fetch(ready.uploadUrl, { method: 'PUT', headers: auth, body: '%PDF-1.7\n%%EOF\n' })).status).toBe(201);
      expect((await postNaming({ id: ready.document }, 'document without a title')).status).toBe(422);
      expect(linkedin.documents.refusedPosts.at(-1)).toBe('title is required for a document');
      expect((await postNaming({ id: ready.document, title: 'Menu' }, 'document with a title')).status).toBe(201);
    } finally {
      linkedin.documents.processing.ms = 3_000;
    }
  });
});

describe('Facebook photos fake', () => {
  it('refuses a source that is not a picture, and a feed post attaching an unknown photo (counted)', async () => {
    const form = new FormData();
    form.set('published', 'false');
    form.set('source', new Blob([new TextEncoder().encode('plain text')]), 'photo.jpg');
    const photo = await fetch(`${facebook.graphUrl}/123/photos`, { method: 'POST', headers: auth, body: form });
    expect(photo.status).toBe(400);
    expect(((await photo.json()) as { error: { code: number } }).error.code).toBe(324);
    const feed = await fetch(`${facebook.graphUrl}/123/feed`, json({ message: 'two photos', attached_media: [{ media_fbid: '999' }] }));
    expect(feed.status).toBe(400);
    expect(facebook.refusedPosts.at(-1)).toContain('invalid media_fbid');
  });
});
