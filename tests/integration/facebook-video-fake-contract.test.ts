import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FakeFacebookGraph } from '../fakes/platforms/fake-facebook-graph';
import { sizedMovie } from '../support/media-fixtures';

// The Page videos edge's resumable upload in the Graph fake refuses what Meta refuses
// (docs/platform-apis.md, "Facebook Pages"), so an adapter that sends the wrong range, a chunk it
// was not asked for, or a finish before the last byte fails a test instead of passing.

const TOKEN = 'video-token';
const PAGE = '104857600000001';
const OTHER_PAGE = '104857600000002';
const CHUNK = 2048;
const MOVIE = sizedMovie(5000);
let facebook: FakeFacebookGraph;

beforeAll(async () => {
  facebook = await new FakeFacebookGraph({ isValidToken: (token) => token === TOKEN, videoChunkBytes: CHUNK }).start();
});
afterAll(() => facebook.stop());
beforeEach(() => {
  facebook.video.violations.length = 0;
  facebook.video.refusedFinishes.length = 0;
});

type Answer = { status: number; body: Record<string, unknown> };
async function videos(fields: Record<string, string>, chunk?: Uint8Array, page = PAGE): Promise<Answer> {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.set(name, value);
  if (chunk !== undefined) form.set('video_file_chunk', new Blob([new Uint8Array(chunk)]), 'chunk');
  const answer = await fetch(`${facebook.graphUrl}/${page}/videos`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}` }, body: form });
  return { status: answer.status, body: (await answer.json()) as Record<string, unknown> };
}
const start = async (size = MOVIE.length) => (await videos({ upload_phase: 'start', file_size: String(size) })).body as { upload_session_id: string; video_id: string; start_offset: string; end_offset: string };
const transfer = (session: string, offset: number, bytes: Uint8Array, page = PAGE) => videos({ upload_phase: 'transfer', upload_session_id: session, start_offset: String(offset) }, bytes, page);
const finish = (session: string, page = PAGE) => videos({ upload_phase: 'finish', upload_session_id: session, description: 'Fresh loaves' }, undefined, page);
const subcode = (answer: Answer) => (answer.body.error as { error_subcode?: number }).error_subcode;

describe('Facebook Page videos fake (resumable upload)', () => {
  it('start names a session, the video and the first range (offsets as strings); transfers move the range until start meets end; finish publishes once', async () => {
    const session = await start();
    expect(session).toMatchObject({ upload_session_id: expect.stringMatching(/^\d+$/), video_id: expect.stringMatching(/^\d+$/), start_offset: '0', end_offset: String(CHUNK) });
    let at = { start: 0, end: CHUNK };
    while (at.start < at.end) {
      const next = await transfer(session.upload_session_id, at.start, MOVIE.subarray(at.start, at.end));
      expect(next.status).toBe(200);
      at = { start: Number(next.body.start_offset), end: Number(next.body.end_offset) };
    }
    expect(at).toEqual({ start: MOVIE.length, end: MOVIE.length });
    expect(await finish(session.upload_session_id)).toEqual({ status: 200, body: { success: true } });
    expect(facebook.video.videos.find((v) => v.id === session.video_id)).toMatchObject({ pageId: PAGE, description: 'Fresh loaves', published: true, bytes: MOVIE.length });
    expect(facebook.video.violations).toEqual([]);
  });

  it('a transfer at another offset than the session holds: subcode 1363037 with the offsets it wants in error_data', async () => {
    const { upload_session_id: id } = await start();
    await transfer(id, 0, MOVIE.subarray(0, CHUNK));
    const again = await transfer(id, 0, MOVIE.subarray(0, CHUNK));
    expect(again.status).toBe(400);
    expect(again.body.error).toMatchObject({ error_subcode: 1363037, error_data: { start_offset: String(CHUNK), end_offset: String(2 * CHUNK) } });
    expect(facebook.video.violations).toEqual([]);
  });

  it('refuses a chunk larger than asked, an unknown session and another Page\'s session (each a violation)', async () => {
    const { upload_session_id: id } = await start();
    expect((await transfer(id, 0, MOVIE.subarray(0, CHUNK + 1))).status).toBe(400);
    expect((await transfer('999', 0, MOVIE.subarray(0, CHUNK))).status).toBe(400);
    expect((await transfer(id, 0, MOVIE.subarray(0, CHUNK), OTHER_PAGE)).status).toBe(400);
    expect(facebook.video.violations).toHaveLength(3);
  });

  it('refuses bytes that are not a video (1363031)', async () => {
    const { upload_session_id: id } = await start();
    const answer = await transfer(id, 0, new Uint8Array(CHUNK).fill(7));
    expect(answer.status).toBe(400);
    expect(subcode(answer)).toBe(1363031);
  });

  it('refuses AND counts a finish before every byte arrived; a second finish is a violation', async () => {
    const { upload_session_id: id } = await start();
    await transfer(id, 0, MOVIE.subarray(0, CHUNK));
    expect((await finish(id)).status).toBe(400);
    expect(facebook.video.refusedFinishes).toHaveLength(1);
    const small = await start(2000);
    await transfer(small.upload_session_id, 0, MOVIE.subarray(0, 2000));
    expect((await finish(small.upload_session_id)).status).toBe(200);
    expect((await finish(small.upload_session_id)).status).toBe(400);
    expect(facebook.video.violations).toEqual([`second finish of session ${small.upload_session_id}`]);
  });

  it('refuses a file under 1 KB at the start (1363022) and a token in the body', async () => {
    const tiny = await videos({ upload_phase: 'start', file_size: '10' });
    expect(tiny.status).toBe(400);
    expect(subcode(tiny)).toBe(1363022);
    expect((await videos({ upload_phase: 'start', file_size: '5000', access_token: TOKEN })).status).toBe(400);
  });
});
