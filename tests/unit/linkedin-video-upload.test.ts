import { describe, expect, it } from 'vitest';
import type { HttpClient, HttpRequest, HttpResult } from '../../electron/core/ports/http-client';
import { createLinkedInAdapter } from '../../electron/core/platforms/linkedin';
import type { PublishSteps } from '../../electron/core/platforms/platform-adapter';

// The LinkedIn video upload's decisions the fake cannot easily show: each part goes as a file
// range of the stored file (never its bytes in memory), instructions that do not cover the file
// or point off LinkedIn get no byte and no token, and a video never shares a post.

const BASE = 'https://api.linkedin.com';
const SIZE = 10 * 1024 * 1024;
const video = { kind: 'video' as const, source: { path: '/media/ab/clip' }, mimeType: 'video/mp4', byteLength: SIZE, altText: null };
const picture = { kind: 'image' as const, source: { path: '/media/cd/photo' }, mimeType: 'image/jpeg', byteLength: 2048, altText: null };
const base = { text: 'Team video', title: null, accountId: 'abc', authorId: null, accessToken: 'tok' };

function scripted(answer: (request: HttpRequest) => HttpResult): HttpClient & { sent: HttpRequest[] } {
  const sent: HttpRequest[] = [];
  return { sent, send: async (r) => (sent.push(r), answer(r)) };
}
const response = (status: number, body: unknown = null, headers: Record<string, string> = {}): HttpResult => ({
  kind: 'response',
  status,
  headers,
  body: body === null ? '' : JSON.stringify(body),
});
function memorySteps(): PublishSteps & { map: Map<string, string> } {
  const map = new Map<string, string>();
  return { map, get: (key) => map.get(key) ?? null, record: async (key, value) => void map.set(key, value) };
}
const adapter = (http: HttpClient) =>
  createLinkedInAdapter({ baseUrl: BASE, http, clock: { now: () => 1_000 }, timers: { setTimeout: (run) => (run(), 0), clearTimeout: () => {} } });

const PART = 4 * 1024 * 1024;
const instructions = (host = 'https://www.linkedin.com') => [
  { uploadUrl: `${host}/dms-uploads/v/0`, firstByte: 0, lastByte: PART - 1 },
  { uploadUrl: `${host}/dms-uploads/v/1`, firstByte: PART, lastByte: 2 * PART - 1 },
  { uploadUrl: `${host}/dms-uploads/v/2`, firstByte: 2 * PART, lastByte: SIZE - 1 },
];
const initialized = (parts = instructions()) => response(200, { value: { video: 'urn:li:video:C5F1', uploadToken: 'ut', uploadInstructions: parts } });

describe('the LinkedIn video upload', () => {
  it('PUTs each part as a range of the stored file and finalizes with the ETags in order', async () => {
    const http = scripted((r) => {
      if (r.url.includes('initializeUpload')) return initialized();
      if (r.method === 'PUT') return response(200, null, { etag: `etag-${r.url.slice(-1)}` });
      if (r.url.includes('finalizeUpload')) return response(200);
      if (r.method === 'GET') return response(200, { status: 'AVAILABLE' });
      return response(201, null, { 'x-restli-id': 'urn:li:share:1' });
    });
    const steps = memorySteps();
    const result = await adapter(http).publish({ ...base, media: [video], steps });
    expect(result.outcome.kind).toBe('published');
    const puts = http.sent.filter((r) => r.method === 'PUT');
    expect(puts.map((r) => r.body)).toEqual(instructions().map((part) => ({ parts: [{ file: '/media/ab/clip', start: part.firstByte, length: part.lastByte - part.firstByte + 1 }] })));
    const finalize = http.sent.find((r) => r.url.includes('finalizeUpload'))!;
    expect(JSON.parse(finalize.body as string)).toEqual({ finalizeUploadRequest: { video: 'urn:li:video:C5F1', uploadToken: 'ut', uploadedPartIds: ['etag-0', 'etag-1', 'etag-2'] } });
    expect(steps.map.get('linkedin.video.0.part.1')).toBe(JSON.stringify({ video: 'urn:li:video:C5F1', etag: 'etag-1' }));
  });

  it('instructions that leave a gap, or point off LinkedIn, get no part and no token (transient: nothing was posted)', async () => {
    const gap = instructions();
    gap[1] = { ...gap[1]!, firstByte: PART + 1 };
    for (const parts of [gap, instructions('https://uploads.example.net')]) {
      const http = scripted(() => initialized(parts));
      const result = await adapter(http).publish({ ...base, media: [video], steps: memorySteps() });
      expect(result.outcome.kind).toBe('transient');
      expect(http.sent).toHaveLength(1);
    }
  });

  it('a video with a picture beside it is refused before anything is sent', async () => {
    const http = scripted(() => response(500));
    const result = await adapter(http).publish({ ...base, media: [video, picture] });
    expect(result.outcome).toMatchObject({ kind: 'invalid' });
    expect(http.sent).toEqual([]);
  });
});
