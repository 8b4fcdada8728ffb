import { describe, expect, it } from 'vitest';
import { createFacebookAdapter } from '../../electron/core/platforms/facebook';
import { FACEBOOK_VIDEO_STEP } from '../../electron/core/platforms/facebook-video';
import type { PublishRequest, PublishSteps } from '../../electron/core/platforms/platform-adapter';
import type { HttpClient, HttpRequest, HttpResult } from '../../electron/core/ports/http-client';

// The Facebook video adapter's decisions on Meta's answers, against a scripted HTTP client (the
// strict fake and the engine are in tests/integration/facebook-video-publishing.test.ts).

const FILE = '/media/ab/video';
const TOTAL = 6144;
const video = { kind: 'video' as const, source: { path: FILE }, mimeType: 'video/mp4', byteLength: TOTAL, altText: null };

function scripted(answers: HttpResult[]): HttpClient & { sent: HttpRequest[] } {
  const sent: HttpRequest[] = [];
  return {
    sent,
    send: async (request) => {
      sent.push(request);
      const next = answers.shift();
      if (next === undefined) throw new Error(`no answer scripted for request ${sent.length}`);
      return next;
    },
  };
}
const json = (status: number, body: unknown): HttpResult => ({ kind: 'response', status, headers: {}, body: JSON.stringify(body) });
const offsets = (start: number, end: number) => json(200, { start_offset: String(start), end_offset: String(end) });
const wrongOffset = (errorData: unknown, message = 'There was a problem uploading your video.') =>
  json(400, { error: { code: 6001, error_subcode: 1363037, message, ...(errorData !== undefined ? { error_data: errorData } : {}) } });
const drop: HttpResult = { kind: 'no_answer', reason: 'reset', message: 'socket hang up' };

function journal(initial: Record<string, string> = {}): PublishSteps & { values: Map<string, string> } {
  const values = new Map(Object.entries(initial));
  return { values, get: (key) => values.get(key) ?? null, record: async (key, value) => void values.set(key, value) };
}

/** Publishes one video; returns the result, what was sent (the phase and start offset of each), the journal and whether the public step was marked. */
async function publish(answers: HttpResult[], steps = journal()) {
  const http = scripted(answers);
  let marked = 0;
  const request: PublishRequest = { text: 'Loaves', title: null, media: [video], accountId: '42', authorId: null, accessToken: 'tok', steps, beforePublicStep: async () => void marked++ };
  const result = await createFacebookAdapter({ baseUrl: 'https://graph.example/v26.0', http, clock: { now: () => 0 } }).publish(request);
  const sent = http.sent.map((r) => phaseOf(r));
  return { result, sent, steps, marked };
}

function phaseOf(request: HttpRequest): string {
  if (typeof request.body === 'string') return new URLSearchParams(request.body).get('upload_phase')!;
  const parts = (request.body as { parts: Array<Uint8Array | { start: number }> }).parts;
  const range = parts.find((part) => !(part instanceof Uint8Array)) as { start: number };
  return `transfer@${range.start}`;
}

const started = json(200, { upload_session_id: '7001', video_id: '8001', start_offset: '0', end_offset: '2048' });
const step = (phase: string) => JSON.stringify({ file: FILE, bytes: TOTAL, id: '7001', videoId: '8001', expiresAt: null, phase });

describe('Facebook video adapter', () => {
  it("follows the offsets Meta names with 1363037, from error_data as JSON text or from the message", async () => {
    const { result, sent } = await publish([started, drop, wrongOffset(JSON.stringify({ start_offset: 4096, end_offset: 6144 })), offsets(6144, 6144), json(200, { success: true })]);
    expect(sent).toEqual(['start', 'transfer@0', 'transfer@0', 'transfer@4096', 'finish']);
    expect(result.outcome).toEqual({ kind: 'published', platformPostId: '8001', url: 'https://www.facebook.com/42/videos/8001' });
    const fromMessage = await publish([started, wrongOffset(undefined, 'Invalid offset. error_data:{start_offset:2048,end_offset:6144}'), offsets(6144, 6144), json(200, { success: true })]);
    expect(fromMessage.sent).toEqual(['start', 'transfer@0', 'transfer@2048', 'finish']);
  });

  it('goes on from the journal: no new session, the first transfer at the offset Meta asked for last', async () => {
    const { sent, result } = await publish([offsets(6144, 6144), json(200, { success: true })], journal({ [FACEBOOK_VIDEO_STEP]: step('offsets:4096-6144') }));
    expect(sent).toEqual(['transfer@4096', 'finish']);
    expect(result.outcome.kind).toBe('published');
  });

  it('an upload stopped by quitting, or dropped six times in one try, is transient: no finish, no mark', async () => {
    const quit = await publish([started, { kind: 'not_sent', reason: 'aborted', message: 'closing' }]);
    expect(quit).toMatchObject({ result: { outcome: { kind: 'transient' } }, marked: 0 });
    const stuck = await publish([started, drop, drop, drop, drop, drop, drop]);
    expect(stuck.sent).toEqual(['start', ...Array(6).fill('transfer@0')]);
    expect(stuck).toMatchObject({ result: { outcome: { kind: 'transient' } }, marked: 0 });
  });

  it('a token refused mid-upload is auth, with the range Meta asked for kept in the journal', async () => {
    const { result, steps } = await publish([started, offsets(2048, 4096), json(400, { error: { code: 190, error_subcode: 463, message: 'Session has expired' } })]);
    expect(result.outcome.kind).toBe('auth');
    expect(JSON.parse(steps.values.get(FACEBOOK_VIDEO_STEP)!)).toMatchObject({ id: '7001', videoId: '8001', phase: 'offsets:2048-4096' });
  });

  it('the finish is the public step: marked first; no answer or an unreadable 2xx is unknown; not sent at all is transient', async () => {
    const lost = await publish([started, offsets(6144, 6144), drop]);
    expect(lost).toMatchObject({ result: { outcome: { kind: 'unknown' } }, marked: 1 });
    const unreadable = await publish([started, offsets(6144, 6144), json(200, { ok: 1 })]);
    expect(unreadable.result.outcome.kind).toBe('unknown');
    const refused = await publish([started, offsets(6144, 6144), { kind: 'not_sent', reason: 'refused', message: 'ECONNREFUSED' }]);
    expect(refused.result.outcome.kind).toBe('transient');
  });

  it('a picture beside the video, or an empty file, sends nothing', async () => {
    const http = scripted([]);
    const adapter = createFacebookAdapter({ baseUrl: 'https://graph.example/v26.0', http, clock: { now: () => 0 } });
    const picture = { kind: 'image' as const, source: { path: '/media/cd/pic' }, mimeType: 'image/jpeg', byteLength: 10, altText: null };
    const base = { text: 'x', title: null, accountId: '42', authorId: null, accessToken: 'tok' };
    expect((await adapter.publish({ ...base, media: [picture, video] })).outcome.kind).toBe('invalid');
    expect((await adapter.publish({ ...base, media: [{ ...video, byteLength: 0 }] })).outcome.kind).toBe('invalid');
    expect(http.sent).toEqual([]);
  });
});
