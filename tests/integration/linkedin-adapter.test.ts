import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createNodeHttpClient } from '../../electron/core/http/node-http-client';
import { createLinkedInAdapter, LINKEDIN_DEFAULT_RATE_LIMIT_WAIT_MS } from '../../electron/core/platforms/linkedin';
import { LINKEDIN_API } from '@shared/platforms/api-versions';
import type { PlatformAdapter } from '../../electron/core/platforms/platform-adapter';
import { FakeLinkedInPosts } from '../fakes/platforms/fake-linkedin-posts';
import { publishRequest, refusedBaseUrl } from '../support/publish-test-helpers';

const MEMBER = 'aBcD3fGh1J';
const ORG = '2414183';
const TOKEN = 'li-token-live';
const NOW = Date.UTC(2026, 10, 26, 1, 0, 0);
const clock = { now: () => NOW };
const http = createNodeHttpClient();

let linkedin: FakeLinkedInPosts;
let adapter: PlatformAdapter;
let counter = 0;
const text = (words = 'We are hiring a baker') => `${words} #${++counter}`;

beforeAll(async () => {
  linkedin = await new FakeLinkedInPosts({
    isValidToken: (token) => token === TOKEN,
    clock,
    mayPostAs: (_token, author) => author === `urn:li:person:${MEMBER}` || author === `urn:li:organization:${ORG}`,
  }).start();
  adapter = createLinkedInAdapter({ baseUrl: linkedin.url, http, clock, timeoutMs: 300 });
});
afterAll(() => linkedin.stop());
beforeEach(() => expect(linkedin.pendingFaults).toBe(0));

describe('LinkedIn adapter against the fake Posts API', () => {
  it('publishes as the member with the versioned headers and returns the URN and its URL', async () => {
    const commentary = text();
    const result = await adapter.publish(publishRequest({ text: commentary, accountId: MEMBER, accessToken: TOKEN }));
    const post = linkedin.posts.at(-1)!;
    expect(post).toMatchObject({ author: `urn:li:person:${MEMBER}`, commentary });
    expect(result).toEqual({
      outcome: { kind: 'published', platformPostId: post.urn, url: `https://www.linkedin.com/feed/update/${post.urn}/` },
      httpStatus: 201,
      platformErrorCode: null,
    });
    const request = linkedin.publishRequests().at(-1)!;
    expect(request.headers['linkedin-version']).toBe(LINKEDIN_API.version);
    expect(request.headers['x-restli-protocol-version']).toBe('2.0.0');
    expect(request.bearer).toBe(TOKEN);
    expect(JSON.parse(request.body)).toEqual({
      author: `urn:li:person:${MEMBER}`,
      commentary,
      visibility: 'PUBLIC',
      distribution: { feedDistribution: 'MAIN_FEED', targetEntities: [], thirdPartyDistributionChannels: [] },
      lifecycleState: 'PUBLISHED',
      isReshareDisabledByAuthor: false,
    });
  });

  it('publishes as an organisation when the target names one', async () => {
    const result = await adapter.publish(publishRequest({ text: text(), accountId: MEMBER, authorId: ORG, accessToken: TOKEN }));
    expect(result.outcome.kind).toBe('published');
    expect(linkedin.posts.at(-1)!.author).toBe(`urn:li:organization:${ORG}`);
  });

  it('classifies 401 (invalid or revoked token) as auth', async () => {
    expect(await adapter.publish(publishRequest({ text: text(), accountId: MEMBER, accessToken: 'old-token' }))).toMatchObject({
      outcome: { kind: 'auth' },
      httpStatus: 401,
      platformErrorCode: 'INVALID_ACCESS_TOKEN',
    });
    const revoking = await new FakeLinkedInPosts({ isValidToken: () => true, clock }).start();
    try {
      revoking.revoke(TOKEN);
      const revoked = await createLinkedInAdapter({ baseUrl: revoking.url, http, clock }).publish(publishRequest({ text: text(), accountId: MEMBER, accessToken: TOKEN }));
      expect(revoked).toMatchObject({ outcome: { kind: 'auth' }, platformErrorCode: 'REVOKED_ACCESS_TOKEN' });
    } finally {
      await revoking.stop();
    }
  });

  it('waits per Retry-After after a 429, else the documented default', async () => {
    linkedin.rateLimitNext(120);
    expect(await adapter.publish(publishRequest({ text: text(), accountId: MEMBER, accessToken: TOKEN }))).toMatchObject({
      outcome: { kind: 'rate_limited', retryAt: NOW + 120_000 },
      httpStatus: 429,
      platformErrorCode: 'TOO_MANY_REQUESTS',
    });
    linkedin.rateLimitNext();
    expect(await adapter.publish(publishRequest({ text: text(), accountId: MEMBER, accessToken: TOKEN }))).toMatchObject({
      outcome: { kind: 'rate_limited', retryAt: NOW + LINKEDIN_DEFAULT_RATE_LIMIT_WAIT_MS },
    });
  });

  it('reports DUPLICATE_POST as a duplicate in LinkedIn\'s words', async () => {
    const commentary = text('Same words twice');
    await adapter.publish(publishRequest({ text: commentary, accountId: MEMBER, accessToken: TOKEN }));
    const result = await adapter.publish(publishRequest({ text: commentary, accountId: MEMBER, accessToken: TOKEN }));
    expect(result).toMatchObject({ outcome: { kind: 'duplicate' }, httpStatus: 422, platformErrorCode: 'DUPLICATE_POST' });
    expect(result.outcome.kind === 'duplicate' && result.outcome.message).toMatch(/^LinkedIn refused a duplicate post: Content is a duplicate of urn:li:share:\d+$/);
  });

  it('classifies too-long commentary and a forbidden author as invalid', async () => {
    const long = await adapter.publish(publishRequest({ text: 'a'.repeat(3001), accountId: MEMBER, accessToken: TOKEN }));
    expect(long).toMatchObject({ outcome: { kind: 'invalid' }, httpStatus: 422, platformErrorCode: 'MAX_LENGTH_EXCEEDED' });
    const foreign = await adapter.publish(publishRequest({ text: text(), accountId: MEMBER, authorId: '999', accessToken: TOKEN }));
    expect(foreign).toMatchObject({ outcome: { kind: 'invalid' }, httpStatus: 403, platformErrorCode: 'ACCESS_DENIED' });
  });

  it('says the app needs an update when LinkedIn has retired its API version', async () => {
    // LinkedIn a year after the version in force was released: it has been sunset.
    const yearLater = { now: () => Date.parse(`${LINKEDIN_API.sunset!}T00:00:00Z`) };
    const retired = await new FakeLinkedInPosts({ isValidToken: () => true, clock: yearLater }).start();
    try {
      const result = await createLinkedInAdapter({ baseUrl: retired.url, http, clock }).publish(publishRequest({ text: text(), accountId: MEMBER, accessToken: TOKEN }));
      expect(result).toMatchObject({ outcome: { kind: 'invalid' }, httpStatus: 426, platformErrorCode: 'NONEXISTENT_VERSION' });
      expect(result.outcome.kind === 'invalid' && result.outcome.message).toMatch(/needs an update/);
    } finally {
      await retired.stop();
    }
    linkedin.failNext({ status: 400, body: { status: 400, code: 'VERSION_MISSING', message: 'A version must be present.' } });
    const missing = await adapter.publish(publishRequest({ text: text(), accountId: MEMBER, accessToken: TOKEN }));
    expect(missing.outcome.kind === 'invalid' && missing.outcome.message).toMatch(/needs an update/);
  });

  it('publishes with the version in force on today\'s date (the fake on the real clock)', async () => {
    const today = await new FakeLinkedInPosts({ isValidToken: () => true, clock: { now: () => Date.now() } }).start();
    try {
      const result = await createLinkedInAdapter({ baseUrl: today.url, http, clock }).publish(publishRequest({ text: text(), accountId: MEMBER, accessToken: TOKEN }));
      expect(result).toMatchObject({ outcome: { kind: 'published' }, httpStatus: 201 });
    } finally {
      await today.stop();
    }
  });

  it('publishes text full of little-text reserved characters intact, links and hashtags as written', async () => {
    const words = [
      'Open (almost) every day [except Monday] — 50% off *today*',
      'Order at https://paddington-sourdough.example.com/menu_(winter)?a=1#rye (or call) #SourdoughSaturday',
      'Ask @sam <3 ~ a_b | {c} \\ back\\slash #',
    ];
    for (const said of words) {
      const result = await adapter.publish(publishRequest({ text: said, accountId: MEMBER, accessToken: TOKEN }));
      expect(result.outcome.kind).toBe('published');
      expect(linkedin.posts.at(-1)!.commentary).toBe(said);
    }
    // The link and the hashtag went as typed (so LinkedIn links them), everything else escaped.
    expect(linkedin.posts.at(-2)!.littleText).toBe(
      'Order at https://paddington-sourdough.example.com/menu_(winter)?a=1#rye \\(or call\\) #SourdoughSaturday',
    );
  });

  it('classifies 5xx and a refused connection as transient', async () => {
    linkedin.failNext({ status: 502 });
    expect(await adapter.publish(publishRequest({ text: text(), accountId: MEMBER, accessToken: TOKEN }))).toMatchObject({ outcome: { kind: 'transient' }, httpStatus: 502 });
    const offline = createLinkedInAdapter({ baseUrl: await refusedBaseUrl(), http, clock });
    expect(await offline.publish(publishRequest({ text: text(), accountId: MEMBER, accessToken: TOKEN }))).toMatchObject({ outcome: { kind: 'transient' }, httpStatus: null });
  });

  it('classifies a hang past the timeout, a reset after sending, and 201 without x-restli-id as unknown', async () => {
    linkedin.hangNext();
    expect(await adapter.publish(publishRequest({ text: text(), accountId: MEMBER, accessToken: TOKEN }))).toMatchObject({ outcome: { kind: 'unknown' }, httpStatus: null });
    linkedin.resetNext({ created: true });
    expect(await adapter.publish(publishRequest({ text: text(), accountId: MEMBER, accessToken: TOKEN }))).toMatchObject({ outcome: { kind: 'unknown' }, httpStatus: null });
    linkedin.failNext({ status: 201, body: '' });
    expect(await adapter.publish(publishRequest({ text: text(), accountId: MEMBER, accessToken: TOKEN }))).toMatchObject({ outcome: { kind: 'unknown' }, httpStatus: 201 });
    linkedin.failNext({ status: 201, body: '', headers: { 'x-restli-id': 'garbage' } });
    expect(await adapter.publish(publishRequest({ text: text(), accountId: MEMBER, accessToken: TOKEN }))).toMatchObject({ outcome: { kind: 'unknown' }, httpStatus: 201 });
  });
});
