import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FakeYouTubeUpload } from '../fakes/platforms/fake-youtube-upload';

// The YouTube fake refuses what Google's resumable upload refuses, so the adapter's tests prove
// something: bad session requests, chunks off the 256 KiB grid, inconsistent Content-Range.

const KIB256 = 256 * 1024;
let yt: FakeYouTubeUpload;
beforeAll(async () => {
  yt = await new FakeYouTubeUpload({ isValidToken: (token) => token === 'ok' }).start();
});
afterAll(() => yt.stop());
beforeEach(() => {
  yt.violations.length = 0;
});

const sessionUrl = () => `${yt.url}/upload/youtube/v3/videos?uploadType=resumable&part=snippet,status`;
const start = (options: { body?: unknown; headers?: Record<string, string>; token?: string; url?: string } = {}) =>
  fetch(options.url ?? sessionUrl(), {
    method: 'POST',
    headers: {
      authorization: `Bearer ${options.token ?? 'ok'}`,
      'content-type': 'application/json; charset=UTF-8',
      'x-upload-content-length': String(KIB256 + 10),
      'x-upload-content-type': 'video/mp4',
      ...options.headers,
    },
    body: JSON.stringify(options.body ?? { snippet: { title: 'Loaves', description: '' }, status: { privacyStatus: 'private' } }),
  });
const put = (session: string, range: string, bytes: number) =>
  fetch(session, { method: 'PUT', headers: { authorization: 'Bearer ok', 'content-range': range }, body: new Uint8Array(bytes) });
const reason = async (response: Response) => ((await response.json()) as { error: { errors: Array<{ reason: string }> } }).error.errors[0]!.reason;

describe('the fake YouTube resumable upload', () => {
  it('refuses sessions Google refuses: bad token, missing title, 101-character title, unknown privacy, non-video type, no length', async () => {
    expect((await start({ token: 'expired' })).status).toBe(401);
    expect(await reason(await start({ body: { snippet: { title: ' ' }, status: { privacyStatus: 'private' } } }))).toBe('invalidTitle');
    expect(await reason(await start({ body: { snippet: { title: 'x'.repeat(101) }, status: { privacyStatus: 'private' } } }))).toBe('invalidTitle');
    expect((await start({ body: { snippet: { title: 'x'.repeat(100) }, status: { privacyStatus: 'private' } } })).status).toBe(200);
    expect(await reason(await start({ body: { snippet: { title: 'Loaves' }, status: { privacyStatus: 'secret' } } }))).toBe('invalidPrivacyStatus');
    expect(await reason(await start({ headers: { 'x-upload-content-type': 'image/jpeg' } }))).toBe('invalidContentType');
    expect((await start({ headers: { 'x-upload-content-length': '' } })).status).toBe(400);
    expect((await start({ url: `${yt.url}/upload/youtube/v3/videos?uploadType=multipart&part=snippet,status` })).status).toBe(400);
    expect(yt.violations).toHaveLength(2);
  });

  it('takes 256 KiB-multiple chunks in order, answers 308 + Range and the probe, and creates the video with the last byte', async () => {
    const session = (await start()).headers.get('location')!;
    const total = KIB256 + 10;
    const probe0 = await put(session, `bytes */${total}`, 0);
    expect([probe0.status, probe0.headers.get('range')]).toEqual([308, null]);
    expect((await put(session, `bytes 0-99999/${total}`, 100_000)).status).toBe(400);
    expect(yt.violations.at(-1)).toMatch(/not a multiple of 256 KiB/);
    expect((await put(session, `bytes 10-${KIB256 + 9}/${total}`, KIB256)).status).toBe(400);
    expect(yt.violations.at(-1)).toMatch(/starts at 10, the session holds 0/);
    expect((await put(session, `bytes 0-${KIB256 - 1}/${total + 1}`, KIB256)).status).toBe(400);
    const first = await put(session, `bytes 0-${KIB256 - 1}/${total}`, KIB256);
    expect([first.status, first.headers.get('range')]).toEqual([308, `bytes=0-${KIB256 - 1}`]);
    const probe = await put(session, `bytes */${total}`, 0);
    expect([probe.status, probe.headers.get('range')]).toEqual([308, `bytes=0-${KIB256 - 1}`]);
    const last = await put(session, `bytes ${KIB256}-${total - 1}/${total}`, 10);
    expect(last.status).toBe(201);
    expect(((await last.json()) as { id: string }).id).toBe(yt.videos.at(-1)!.id);
    expect((await put(session, `bytes */${total}`, 0)).status).toBe(201);
    // Uploading the bytes again cannot make a second video.
    expect((await put(session, `bytes 0-${KIB256 - 1}/${total}`, KIB256)).status).toBe(400);
    expect(yt.videos.filter((v) => v.bytes === total)).toHaveLength(1);
  });

  it('an expired session answers 404; a token that expired mid-upload 401 while the session keeps its bytes', async () => {
    const session = (await start()).headers.get('location')!;
    expect((await put(session, `bytes 0-${KIB256 - 1}/${KIB256 + 10}`, KIB256)).status).toBe(308);
    yt.expireSessions();
    expect((await put(session, `bytes */${KIB256 + 10}`, 0)).status).toBe(404);
    const other = (await start()).headers.get('location')!;
    expect((await put(other, `bytes 0-${KIB256 - 1}/${KIB256 + 10}`, KIB256)).status).toBe(308);
    yt.expireTokenAfterPuts(0);
    expect((await put(other, `bytes */${KIB256 + 10}`, 0)).status).toBe(401);
    expect(yt.sessions.get(new URL(other).searchParams.get('upload_id')!)!.received).toBe(KIB256);
  });

  it('with a slow front end, holds each chunk answer and says an upload is under way until the last answer left', async () => {
    const slow = await new FakeYouTubeUpload({ isValidToken: (token) => token === 'ok', chunkDelayMs: 200 }).start();
    try {
      const since = Date.now();
      const total = KIB256 + 10;
      const created = await fetch(`${slow.url}/upload/youtube/v3/videos?uploadType=resumable&part=snippet,status`, {
        method: 'POST',
        headers: { authorization: 'Bearer ok', 'content-type': 'application/json', 'x-upload-content-length': String(total), 'x-upload-content-type': 'video/mp4' },
        body: JSON.stringify({ snippet: { title: 'Loaves', description: '' }, status: { privacyStatus: 'private' } }),
      });
      const session = created.headers.get('location')!;
      expect(slow.uploadingSince(since)).toHaveLength(1);
      expect(slow.uploadingSince(Date.now() + 1)).toHaveLength(0);
      const last = put(session, `bytes 0-${total - 1}/${total}`, total);
      // The video exists once its last byte arrived; the answer is held, and the upload still counts as under way.
      while (slow.videos.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
      expect(slow.uploadingSince(since)).toHaveLength(1);
      expect((await last).status).toBe(201);
      expect(slow.uploadingSince(since)).toHaveLength(0);
      expect(slow.videos).toHaveLength(1);
    } finally {
      await slow.stop();
    }
  });
});
