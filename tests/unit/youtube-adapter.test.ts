import { describe, expect, it } from 'vitest';
import type { HttpClient, HttpRequest, HttpResult } from '../../electron/core/ports/http-client';
import { createYouTubeAdapter } from '../../electron/core/platforms/youtube';

// The YouTube adapter's decisions that the fake cannot easily provoke: quota, a session URI on
// another host (the token must not follow it), and a session that never takes more bytes.

const BASE = 'https://www.googleapis.com';
const video = { kind: 'video' as const, source: { path: '/videos/clip.mp4' }, mimeType: 'video/mp4', byteLength: 1024 * 1024, altText: null };
const request = { text: 'Clip', title: 'Clip', media: [video], accountId: 'ch', authorId: null, accessToken: 'tok' };

function scripted(answer: (request: HttpRequest, index: number) => HttpResult): HttpClient & { sent: HttpRequest[] } {
  const sent: HttpRequest[] = [];
  return { sent, send: async (r) => answer(r, sent.push(r) - 1) };
}
const response = (status: number, headers: Record<string, string> = {}, body: unknown = null): HttpResult => ({
  kind: 'response',
  status,
  headers,
  body: body === null ? '' : JSON.stringify(body),
});
const adapter = (http: HttpClient) => createYouTubeAdapter({ baseUrl: BASE, http, clock: { now: () => 1_000 }, chunkBytes: 256 * 1024 });

describe('the YouTube adapter', () => {
  it('a used-up upload quota waits instead of failing the post', async () => {
    const http = scripted(() => response(403, {}, { error: { code: 403, message: 'The request cannot be completed because you have exceeded your quota.', errors: [{ reason: 'quotaExceeded' }] } }));
    const result = await adapter(http).publish(request);
    expect(result.outcome).toMatchObject({ kind: 'rate_limited', retryAt: 1_000 + 60 * 60_000 });
    expect(result.platformErrorCode).toBe('quotaExceeded');
  });

  it('never sends the token to a session URI on another host', async () => {
    const http = scripted(() => response(200, { location: 'https://uploads.example.net/session/1' }));
    const result = await adapter(http).publish(request);
    expect(result.outcome.kind).toBe('transient');
    expect(http.sent).toHaveLength(1);
  });

  it('a session that keeps answering 308 without taking bytes gives up the try (transient), not an endless loop', async () => {
    const http = scripted((r, index) => (index === 0 ? response(200, { location: `${BASE}/upload/youtube/v3/videos?upload_id=abc` }) : response(308)));
    const result = await adapter(http).publish(request);
    expect(result.outcome.kind).toBe('transient');
    expect(http.sent.length).toBeLessThan(10);
    expect(http.sent.slice(1).every((r) => r.headers?.['content-range'] === `bytes 0-${256 * 1024 - 1}/${video.byteLength}`)).toBe(true);
  });

  it('refuses a post without exactly one video before sending anything', async () => {
    const http = scripted(() => response(500));
    expect((await adapter(http).publish({ ...request, media: [] })).outcome.kind).toBe('invalid');
    expect((await adapter(http).publish({ ...request, media: [video, video] })).outcome.kind).toBe('invalid');
    expect((await adapter(http).publish({ ...request, title: 'x'.repeat(101) })).outcome.kind).toBe('invalid');
    expect(http.sent).toEqual([]);
  });
});
