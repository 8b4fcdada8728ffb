import { describe, expect, it } from 'vitest';
import type { HttpClient, HttpRequest, HttpResult } from '../../electron/core/ports/http-client';
import { createLinkedInAdapter } from '../../electron/core/platforms/linkedin';
import type { PublishSteps } from '../../electron/core/platforms/platform-adapter';

// The LinkedIn document upload's decisions the fake cannot easily show: the PDF goes as a range of
// the stored file (never its bytes in memory), an upload address off LinkedIn gets no byte and no
// token, a document never shares a post, and the post always carries a title.

const BASE = 'https://api.linkedin.com';
const document = { kind: 'document' as const, source: { path: '/media/ef/menu' }, mimeType: 'application/pdf', byteLength: 48_000, altText: null };
const picture = { kind: 'image' as const, source: { path: '/media/cd/photo' }, mimeType: 'image/jpeg', byteLength: 2048, altText: null };
const base = { text: 'Our spring menu\nTen new dishes', title: null, accountId: 'abc', authorId: null, accessToken: 'tok' };

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
const initialized = (uploadUrl = 'https://www.linkedin.com/dms-uploads/d/1') =>
  response(200, { value: { uploadUrl, uploadUrlExpiresAt: 1_000 + 86_400_000, document: 'urn:li:document:D4D1' } });

describe('the LinkedIn document upload', () => {
  it('initializes with the author as owner, PUTs the stored file as a range with the token, waits for AVAILABLE, posts content.media with a title', async () => {
    let checks = 0;
    const http = scripted((r) => {
      if (r.url.includes('initializeUpload')) return initialized();
      if (r.method === 'PUT') return response(201);
      if (r.method === 'GET') return response(200, { status: ++checks < 3 ? 'PROCESSING' : 'AVAILABLE' });
      return response(201, null, { 'x-restli-id': 'urn:li:share:1' });
    });
    const steps = memorySteps();
    const result = await adapter(http).publish({ ...base, media: [document], steps });
    expect(result.outcome.kind).toBe('published');
    expect(http.sent.map((r) => `${r.method} ${r.url}`)).toEqual([
      `POST ${BASE}/rest/documents?action=initializeUpload`,
      'PUT https://www.linkedin.com/dms-uploads/d/1',
      `GET ${BASE}/rest/documents/urn%3Ali%3Adocument%3AD4D1`,
      `GET ${BASE}/rest/documents/urn%3Ali%3Adocument%3AD4D1`,
      `GET ${BASE}/rest/documents/urn%3Ali%3Adocument%3AD4D1`,
      `POST ${BASE}/rest/posts`,
    ]);
    expect(JSON.parse(http.sent[0]!.body as string)).toEqual({ initializeUploadRequest: { owner: 'urn:li:person:abc' } });
    expect(http.sent[1]).toMatchObject({ body: { parts: [{ file: '/media/ef/menu', start: 0, length: 48_000 }] }, bearerToken: 'tok', headers: { 'content-type': 'application/pdf' } });
    expect(JSON.parse(http.sent.at(-1)!.body as string).content).toEqual({ media: { id: 'urn:li:document:D4D1', title: 'Our spring menu' } });
    expect(JSON.parse(steps.map.get('linkedin.document.0')!)).toMatchObject({ id: 'urn:li:document:D4D1', phase: 'available' });
  });

  it('an upload address off LinkedIn gets no byte and no token (transient: nothing was posted)', async () => {
    const http = scripted(() => initialized('https://uploads.example.net/d/1'));
    const result = await adapter(http).publish({ ...base, media: [document], steps: memorySteps() });
    expect(result.outcome.kind).toBe('transient');
    expect(http.sent).toHaveLength(1);
  });

  it('a document with a picture beside it is refused before anything is sent', async () => {
    const http = scripted(() => response(500));
    const result = await adapter(http).publish({ ...base, media: [document, picture] });
    expect(result.outcome).toMatchObject({ kind: 'invalid', message: 'LinkedIn takes one document per post, with no pictures or video beside it; nothing was sent.' });
    expect(http.sent).toEqual([]);
  });

  it('a post with no words still gives the document a title', async () => {
    const http = scripted((r) => {
      if (r.url.includes('initializeUpload')) return initialized();
      if (r.method === 'PUT') return response(201);
      if (r.method === 'GET') return response(200, { status: 'AVAILABLE' });
      return response(201, null, { 'x-restli-id': 'urn:li:share:2' });
    });
    await adapter(http).publish({ ...base, text: '  ', media: [document], steps: memorySteps() });
    expect(JSON.parse(http.sent.at(-1)!.body as string).content.media.title).toBe('Document');
  });
});
