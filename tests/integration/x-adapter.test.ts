import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createNodeHttpClient } from '../../electron/core/http/node-http-client';
import type { MediaItem, PlatformAdapter } from '../../electron/core/platforms/platform-adapter';
import { createXAdapter, X_DEFAULT_RATE_LIMIT_WAIT_MS } from '../../electron/core/platforms/x';
import { FakeXApi, X_POST_LIMIT, X_WINDOW_MS } from '../fakes/platforms/fake-x-api';
import { publishRequest, refusedBaseUrl } from '../support/publish-test-helpers';

const USER = '1460000000000000001';
const TOKEN = 'x-token-live';
const NOW = Date.UTC(2026, 10, 26, 1, 0, 0);
const clock = { now: () => NOW };
const http = createNodeHttpClient();

let xApi: FakeXApi;
let adapter: PlatformAdapter;
let counter = 0;
const text = (words = 'Hot cross buns today') => `${words} #${++counter}`;

beforeAll(async () => {
  xApi = await new FakeXApi({ isValidToken: (token) => token === TOKEN, clock }).start();
  adapter = createXAdapter({ baseUrl: xApi.url, http, clock, timeoutMs: 300 });
});
afterAll(() => xApi.stop());
beforeEach(() => expect(xApi.pendingFaults).toBe(0));

describe('X adapter against the fake X API', () => {
  it('publishes {text} and returns the id and its URL', async () => {
    const words = text('Open till 3pm https://paddo.example.com');
    const result = await adapter.publish(publishRequest({ text: words, accountId: USER, accessToken: TOKEN }));
    const post = xApi.posts.at(-1)!;
    expect(post.text).toBe(words);
    expect(result).toEqual({
      outcome: { kind: 'published', platformPostId: post.id, url: `https://x.com/i/web/status/${post.id}` },
      httpStatus: 201,
      platformErrorCode: null,
      rateLimit: { limit: X_POST_LIMIT, remaining: expect.any(Number), resetAt: expect.any(Number) },
    });
    const request = xApi.publishRequests().at(-1)!;
    expect(JSON.parse(request.body)).toEqual({ text: words });
    expect(request.bearer).toBe(TOKEN);
    expect(request.headers['content-type']).toBe('application/json');
  });

  it('classifies 401 as auth', async () => {
    expect(await adapter.publish(publishRequest({ text: text(), accountId: USER, accessToken: 'expired' }))).toMatchObject({
      outcome: { kind: 'auth' },
      httpStatus: 401,
    });
  });

  it('reports duplicate content in X\'s words, and other 403s as invalid', async () => {
    const words = text();
    await adapter.publish(publishRequest({ text: words, accountId: USER, accessToken: TOKEN }));
    const duplicate = await adapter.publish(publishRequest({ text: words, accountId: USER, accessToken: TOKEN }));
    expect(duplicate).toMatchObject({ outcome: { kind: 'duplicate' }, httpStatus: 403 });
    expect(duplicate.outcome.kind === 'duplicate' && duplicate.outcome.message).toContain('You are not allowed to create a Tweet with duplicate content.');

    const tooLong = await adapter.publish(publishRequest({ text: 'é'.repeat(281), accountId: USER, accessToken: TOKEN }));
    expect(tooLong).toMatchObject({ outcome: { kind: 'invalid' }, httpStatus: 403 });
    expect(tooLong.outcome.kind === 'invalid' && tooLong.outcome.message).toContain('too long');
  });

  it('classifies 400 as invalid', async () => {
    const result = await adapter.publish(publishRequest({ text: '', accountId: USER, accessToken: TOKEN }));
    expect(result).toMatchObject({ outcome: { kind: 'invalid' }, httpStatus: 400, platformErrorCode: 'Invalid Request' });
  });

  it('waits until x-rate-limit-reset after a 429, else one window', async () => {
    const resetAt = NOW + 7 * 60_000;
    xApi.rateLimitNext(resetAt);
    expect(await adapter.publish(publishRequest({ text: text(), accountId: USER, accessToken: TOKEN }))).toMatchObject({
      outcome: { kind: 'rate_limited', retryAt: resetAt },
      httpStatus: 429,
    });
    // Still inside the spent window on the fake's clock: refused again, same reset.
    expect(await adapter.publish(publishRequest({ text: text(), accountId: USER, accessToken: TOKEN }))).toMatchObject({
      outcome: { kind: 'rate_limited', retryAt: resetAt },
    });
    xApi.failNext({ status: 429 });
    expect(await adapter.publish(publishRequest({ text: text(), accountId: 'other', accessToken: TOKEN }))).toMatchObject({
      outcome: { kind: 'rate_limited', retryAt: NOW + X_DEFAULT_RATE_LIMIT_WAIT_MS },
    });
  });

  it('every answer reports X\'s window from its headers; a 201 saying x-rate-limit-remaining: 0 is published and names the reset', async () => {
    const small = await new FakeXApi({ isValidToken: () => true, clock, limitPerWindow: 2 }).start();
    try {
      const spending = createXAdapter({ baseUrl: small.url, http, clock });
      const first = await spending.publish(publishRequest({ text: text(), accountId: USER, accessToken: TOKEN }));
      const resetAt = Math.ceil((NOW + X_WINDOW_MS) / 1000) * 1000;
      expect(first).toMatchObject({ outcome: { kind: 'published' }, rateLimit: { limit: 2, remaining: 1, resetAt } });
      const last = await spending.publish(publishRequest({ text: text(), accountId: USER, accessToken: TOKEN }));
      expect(last).toMatchObject({ outcome: { kind: 'published' }, httpStatus: 201, rateLimit: { limit: 2, remaining: 0, resetAt } });
    } finally {
      await small.stop();
    }
  });

  it("reports POST /2/tweets' window with every answer of it, and none when a media step failed before it (a media limit holds only media)", async () => {
    const small = await new FakeXApi({ isValidToken: () => true, clock, mediaLimits: { initialize: 1 } }).start();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agencyiq-x-windows-'));
    try {
      const file = path.join(dir, 'cake.png');
      fs.writeFileSync(file, Buffer.alloc(2048, 7));
      const picture: MediaItem = { kind: 'image', source: { path: file }, mimeType: 'image/png', byteLength: 2048, altText: null };
      const resetAt = Math.ceil((NOW + X_WINDOW_MS) / 1000) * 1000;
      const spending = createXAdapter({ baseUrl: small.url, http, clock });
      // The tweet was answered: its window is reported (the media steps' windows are not this one).
      expect(await spending.publish(publishRequest({ text: text(), media: [picture], accountId: USER, accessToken: TOKEN }))).toMatchObject({
        outcome: { kind: 'published' },
        rateLimit: { limit: X_POST_LIMIT, remaining: X_POST_LIMIT - 1, resetAt },
      });
      // INITIALIZE's window is spent: nothing is sent, and no tweet figures are invented.
      const spent = await spending.publish(publishRequest({ text: text(), media: [picture], accountId: USER, accessToken: TOKEN }));
      expect(spent).toEqual({ outcome: { kind: 'rate_limited', retryAt: resetAt, scope: 'media', message: expect.any(String) }, httpStatus: null, platformErrorCode: null });
      // An adapter that did not know the window meets X's 429 on INITIALIZE: the same, with X's status.
      const unaware = createXAdapter({ baseUrl: small.url, http, clock });
      const limited = await unaware.publish(publishRequest({ text: text(), media: [picture], accountId: USER, accessToken: TOKEN }));
      expect(limited).toEqual({ outcome: { kind: 'rate_limited', retryAt: resetAt, scope: 'media', message: expect.any(String) }, httpStatus: 429, platformErrorCode: 'Too Many Requests' });
      expect(small.requests.filter((r) => r.path === '/2/media/upload/initialize').map((r) => ('status' in r.answer ? r.answer.status : 0))).toEqual([200, 429]);
      // Text posts on the account are not touched by the media window.
      expect(await spending.publish(publishRequest({ text: text(), accountId: USER, accessToken: TOKEN }))).toMatchObject({ outcome: { kind: 'published' }, rateLimit: { remaining: X_POST_LIMIT - 2 } });

      // POST /2/tweets' own 429 limits the connection, with its window.
      small.rateLimitNext(resetAt);
      expect(await spending.publish(publishRequest({ text: text(), accountId: USER, accessToken: TOKEN }))).toMatchObject({
        outcome: { kind: 'rate_limited', retryAt: resetAt, scope: 'connection' },
        httpStatus: 429,
        rateLimit: { limit: X_POST_LIMIT, remaining: 0, resetAt },
      });
    } finally {
      await small.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
    // An answer to POST /2/tweets without readable figures says so (null): the engine forgets the window rather than keep a stale one.
    xApi.failNext({ status: 503 });
    expect(await adapter.publish(publishRequest({ text: text(), accountId: USER, accessToken: TOKEN }))).toMatchObject({ outcome: { kind: 'transient' }, httpStatus: 503, rateLimit: null });
  });

  it('classifies 5xx and a refused connection as transient', async () => {
    const fresh = await new FakeXApi({ isValidToken: () => true, clock }).start();
    try {
      fresh.failNext({ status: 503 });
      const flaky = createXAdapter({ baseUrl: fresh.url, http, clock });
      expect(await flaky.publish(publishRequest({ text: text(), accountId: USER, accessToken: TOKEN }))).toMatchObject({ outcome: { kind: 'transient' }, httpStatus: 503 });
      expect(await flaky.publish(publishRequest({ text: text(), accountId: USER, accessToken: TOKEN }))).toMatchObject({ outcome: { kind: 'published' } });
    } finally {
      await fresh.stop();
    }
    const offline = createXAdapter({ baseUrl: await refusedBaseUrl(), http, clock });
    expect(await offline.publish(publishRequest({ text: text(), accountId: USER, accessToken: TOKEN }))).toMatchObject({ outcome: { kind: 'transient' }, httpStatus: null });
  });

  it('classifies a hang past the timeout, a reset after sending, and a 201 with a garbage body as unknown', async () => {
    const fresh = await new FakeXApi({ isValidToken: () => true, clock }).start();
    try {
      const target = createXAdapter({ baseUrl: fresh.url, http, clock, timeoutMs: 300 });
      fresh.hangNext({ created: true });
      expect(await target.publish(publishRequest({ text: text(), accountId: USER, accessToken: TOKEN }))).toMatchObject({ outcome: { kind: 'unknown' }, httpStatus: null });
      expect(fresh.posts).toHaveLength(1); // It exists: exactly why it must never be re-sent by itself.
      fresh.resetNext();
      expect(await target.publish(publishRequest({ text: text(), accountId: USER, accessToken: TOKEN }))).toMatchObject({ outcome: { kind: 'unknown' }, httpStatus: null });
      for (const body of ['not json', { data: { text: 'no id' } }, { data: { id: 12, text: 'x' } }]) {
        fresh.failNext({ status: 201, body });
        expect(await target.publish(publishRequest({ text: text(), accountId: USER, accessToken: TOKEN }))).toMatchObject({ outcome: { kind: 'unknown' }, httpStatus: 201 });
      }
    } finally {
      await fresh.stop();
    }
  });
});
