import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GRAPH_API, LINKEDIN_API } from '@shared/platforms/api-versions';
import { FakeFacebookGraph } from '../fakes/platforms/fake-facebook-graph';
import { FakeLinkedInPosts } from '../fakes/platforms/fake-linkedin-posts';
import { FakeXApi, X_DAY_MS, X_POST_DAILY_APP_LIMIT, X_POST_LIMIT, X_WINDOW_MS } from '../fakes/platforms/fake-x-api';
import { manualClock } from '../support/oauth-harness';

// A fake that accepts what the real service refuses hides bugs: each fake refuses what its
// platform documents refusing, with the platform's status and error body.

const TOKEN = 'live-token';
const clock = manualClock(Date.UTC(2026, 10, 26, 0, 0, 0));
let graph: FakeFacebookGraph;
let linkedin: FakeLinkedInPosts;
let xApi: FakeXApi;

beforeAll(async () => {
  const isValidToken = (token: string) => token === TOKEN;
  graph = await new FakeFacebookGraph({ isValidToken, clock, pageIds: ['1234'] }).start();
  linkedin = await new FakeLinkedInPosts({ isValidToken, clock }).start();
  xApi = await new FakeXApi({ isValidToken, clock }).start();
});
afterAll(async () => {
  await Promise.all([graph.stop(), linkedin.stop(), xApi.stop()]);
});

async function post(url: string, body: string, headers: Record<string, string> = {}) {
  const response = await fetch(url, { method: 'POST', body, headers });
  const text = await response.text();
  return { status: response.status, headers: response.headers, json: text === '' ? undefined : (JSON.parse(text) as Record<string, unknown>) };
}
const bearer = { authorization: `Bearer ${TOKEN}` };
const form = { ...bearer, 'content-type': 'application/x-www-form-urlencoded' };

describe('fake Facebook Graph', () => {
  it('creates a post from a form or JSON body under the Graph version in force', async () => {
    expect(graph.graphUrl).toBe(`${graph.url}/${GRAPH_API.version}`);
    expect(await post(`${graph.graphUrl}/1234/feed`, 'message=Hello+form', form)).toMatchObject({ status: 200, json: { id: expect.stringMatching(/^1234_\d+$/) } });
    expect(await post(`${graph.graphUrl}/1234/feed`, JSON.stringify({ link: 'https://example.com' }), { ...bearer, 'content-type': 'application/json' })).toMatchObject({ status: 200 });
  });

  it('refuses any other Graph version (an older pin, an unknown one) with Meta\'s deprecated-version error, and an unversioned path', async () => {
    for (const stale of ['v23.0', 'v25.0', 'v99.0']) {
      expect(await post(`${graph.url}/${stale}/1234/feed`, 'message=Old+pin', form)).toMatchObject({
        status: 400,
        json: { error: { code: 2635, type: 'OAuthException', message: expect.stringContaining(`latest version: ${GRAPH_API.version}`) } },
      });
    }
    expect(await post(`${graph.url}/1234/feed`, 'message=No+version', form)).toMatchObject({ status: 400, json: { error: { code: 2500 } } });
    expect(graph.posts.some((p) => p.message === 'Old pin' || p.message === 'No version')).toBe(false);
  });

  it('refuses a missing token (104), a bad one (190), and a token in the query or body', async () => {
    expect((await post(`${graph.graphUrl}/1234/feed`, 'message=a', { 'content-type': 'application/x-www-form-urlencoded' })).json).toMatchObject({ error: { code: 104, type: 'OAuthException' } });
    expect((await post(`${graph.graphUrl}/1234/feed`, 'message=a', { ...form, authorization: 'Bearer nope' })).json).toMatchObject({ error: { code: 190 } });
    expect((await post(`${graph.graphUrl}/1234/feed?access_token=${TOKEN}`, 'message=a', form)).status).toBe(400);
    expect((await post(`${graph.graphUrl}/1234/feed`, `message=a&access_token=${TOKEN}`, form)).status).toBe(400);
  });

  it('refuses an empty post, a bad link, a too-long message, an unknown Page and a repeated status', async () => {
    expect((await post(`${graph.graphUrl}/1234/feed`, '', form)).json).toMatchObject({ error: { code: 100, message: '(#100) Missing message or attachment' } });
    expect((await post(`${graph.graphUrl}/1234/feed`, 'message=a&link=ftp%3A%2F%2Fx', form)).json).toMatchObject({ error: { code: 100 } });
    expect((await post(`${graph.graphUrl}/1234/feed`, new URLSearchParams({ message: 'x'.repeat(63_207) }).toString(), form)).json).toMatchObject({ error: { code: 100 } });
    expect((await post(`${graph.graphUrl}/999/feed`, 'message=a', form)).json).toMatchObject({ error: { code: 100, error_subcode: 33 } });
    await post(`${graph.graphUrl}/1234/feed`, 'message=twice', form);
    const again = await post(`${graph.graphUrl}/1234/feed`, 'message=twice', form);
    expect(again).toMatchObject({ status: 400, json: { error: { code: 506, message: 'Duplicate status message' } } });
  });

  it('records the token for assertions but never shows it when a record is printed', async () => {
    await post(`${graph.graphUrl}/1234/feed`, 'message=recorded', form);
    const record = graph.requests.at(-1)!;
    expect(record.bearer).toBe(TOKEN);
    expect(record.headers.authorization).toBeUndefined();
    // (Earlier tests sent the token in the query and body on purpose; this record did not.)
    expect(JSON.stringify(record)).not.toContain(TOKEN);
    expect(inspect(record, { depth: 5 })).not.toContain(TOKEN);
  });
});

describe('fake LinkedIn Posts API', () => {
  const headers = { ...bearer, 'content-type': 'application/json', 'LinkedIn-Version': LINKEDIN_API.version, 'X-Restli-Protocol-Version': '2.0.0' };
  const body = (overrides: Record<string, unknown> = {}) =>
    JSON.stringify({
      author: 'urn:li:person:abc',
      commentary: 'Hello LinkedIn',
      visibility: 'PUBLIC',
      distribution: { feedDistribution: 'MAIN_FEED', targetEntities: [], thirdPartyDistributionChannels: [] },
      lifecycleState: 'PUBLISHED',
      isReshareDisabledByAuthor: false,
      ...overrides,
    });
  const url = () => `${linkedin.url}/rest/posts`;

  it('creates a post: 201, empty body, URN in x-restli-id', async () => {
    const created = await post(url(), body({ commentary: 'A fresh one' }), headers);
    expect(created.status).toBe(201);
    expect(created.json).toBeUndefined();
    expect(created.headers.get('x-restli-id')).toMatch(/^urn:li:share:\d+$/);
  });

  it('refuses a missing LinkedIn-Version (400), a retired one (426) and a missing Rest.li protocol header (400)', async () => {
    const { 'LinkedIn-Version': _version, ...withoutVersion } = headers;
    expect(await post(url(), body(), withoutVersion)).toMatchObject({ status: 400, json: { code: 'VERSION_MISSING' } });
    expect(await post(url(), body(), { ...headers, 'LinkedIn-Version': '202201' })).toMatchObject({
      status: 426,
      json: { status: 426, code: 'NONEXISTENT_VERSION', message: 'Requested version 202201 is not active' },
    });
    const { 'X-Restli-Protocol-Version': _protocol, ...withoutProtocol } = headers;
    expect((await post(url(), body(), withoutProtocol)).status).toBe(400);
  });

  it('serves a version for about a year by the fake clock\'s date: from its month until the 15th of that month a year later (426 otherwise)', async () => {
    const status = async (version: string) => (await post(url(), body({ commentary: `Version ${version} at ${clock.now()}` }), { ...headers, 'LinkedIn-Version': version })).status;
    // The clock reads 2026-11-26: 202511 was sunset on 2026-11-15, 202612 is not out yet.
    expect(await status('202511')).toBe(426);
    expect(await status('202512')).toBe(201);
    expect(await status('202611')).toBe(201);
    expect(await status('202612')).toBe(426);
    expect(await status(LINKEDIN_API.version)).toBe(201);
  });

  it('reads commentary as little text: an unescaped reserved character silently cuts the post there (still 201)', async () => {
    expect((await post(url(), body({ commentary: 'Open (almost) every day' }), headers)).status).toBe(201);
    expect(linkedin.posts.at(-1)).toMatchObject({ commentary: 'Open ', littleText: 'Open (almost) every day' });
    expect((await post(url(), body({ commentary: 'Open \\(almost\\) every day #bread @[Sam](urn:li:person:abc) {hashtag|\\#|rye}' }), headers)).status).toBe(201);
    expect(linkedin.posts.at(-1)!.commentary).toBe('Open (almost) every day #bread Sam #rye');
  });

  it('refuses a bad token (401), commentary over 3,000 characters (422), a malformed body (422) and a repeated post (422 DUPLICATE_POST)', async () => {
    expect(await post(url(), body(), { ...headers, authorization: 'Bearer nope' })).toMatchObject({ status: 401, json: { code: 'INVALID_ACCESS_TOKEN' } });
    expect((await post(url(), body({ commentary: 'a'.repeat(3000) + 'b' }), headers)).status).toBe(422);
    expect((await post(url(), body({ commentary: 'a'.repeat(3000) }), headers)).status).toBe(201);
    expect((await post(url(), body({ author: 'someone' }), headers)).status).toBe(422);
    expect((await post(url(), body({ lifecycleState: 'DRAFTED' }), headers)).status).toBe(422);
    expect((await post(url(), body({ distribution: undefined }), headers)).status).toBe(422);
    expect((await post(url(), body(), { ...headers, 'content-type': 'text/plain' })).status).toBe(415);
    await post(url(), body({ commentary: 'Twice' }), headers);
    const again = await post(url(), body({ commentary: 'Twice' }), headers);
    expect(again).toMatchObject({ status: 422, json: { errorDetails: { inputErrors: [{ code: 'DUPLICATE_POST' }] } } });
  });
});

describe('fake X API', () => {
  const headers = { ...bearer, 'content-type': 'application/json' };
  const url = () => `${xApi.url}/2/tweets`;

  it('counts 280 weighted: a URL weighs 23 whatever its length', async () => {
    const link = 'https://paddington-sourdough.example.com/a/very/long/path/to/the/weekend/menu';
    const fits = `${'a'.repeat(256)} ${link}`; // 256 + 1 + 23 = 280
    expect((await post(url(), JSON.stringify({ text: fits }), headers)).status).toBe(201);
    const over = await post(url(), JSON.stringify({ text: `b${fits}` }), headers);
    expect(over).toMatchObject({ status: 403, json: { detail: expect.stringContaining('too long') } });
    expect((await post(url(), JSON.stringify({ text: '😀'.repeat(141) }), headers)).status).toBe(403);
  });

  it('refuses a bad token (401), a non-JSON or empty body (400) and duplicate content (403)', async () => {
    expect((await post(url(), JSON.stringify({ text: 'a' }), { ...headers, authorization: 'Bearer nope' })).status).toBe(401);
    expect((await post(url(), 'text=a', { ...bearer, 'content-type': 'application/x-www-form-urlencoded' })).status).toBe(400);
    expect((await post(url(), JSON.stringify({}), headers)).status).toBe(400);
    await post(url(), JSON.stringify({ text: 'Once only' }), headers);
    expect(await post(url(), JSON.stringify({ text: 'Once only' }), headers)).toMatchObject({
      status: 403,
      json: { detail: 'You are not allowed to create a Tweet with duplicate content.' },
    });
  });

  it('allows 100 requests per 15 minutes per user, says so in x-rate-limit-* headers, and 429s past it', async () => {
    const limited = await new FakeXApi({ isValidToken: () => true, clock }).start();
    try {
      expect(X_POST_LIMIT).toBe(100);
      const start = clock.now();
      let last = await post(`${limited.url}/2/tweets`, JSON.stringify({ text: 'post 0' }), headers);
      expect(last.headers.get('x-rate-limit-limit')).toBe(String(X_POST_LIMIT));
      expect(last.headers.get('x-rate-limit-remaining')).toBe(String(X_POST_LIMIT - 1));
      expect(last.headers.get('x-rate-limit-reset')).toBe(String(Math.ceil((start + X_WINDOW_MS) / 1000)));
      for (let i = 1; i < X_POST_LIMIT; i++) last = await post(`${limited.url}/2/tweets`, JSON.stringify({ text: `post ${i}` }), headers);
      expect(last.status).toBe(201);
      expect(last.headers.get('x-rate-limit-remaining')).toBe('0');
      const refused = await post(`${limited.url}/2/tweets`, JSON.stringify({ text: 'one too many' }), headers);
      expect(refused).toMatchObject({ status: 429, json: { title: 'Too Many Requests' } });
      expect(refused.headers.get('x-rate-limit-reset')).toBe(String(Math.ceil((start + X_WINDOW_MS) / 1000)));
      // Another user has their own window.
      expect((await post(`${limited.url}/2/tweets`, JSON.stringify({ text: 'someone else' }), { ...headers, authorization: 'Bearer other' })).status).toBe(201);
      clock.advance(X_WINDOW_MS);
      expect((await post(`${limited.url}/2/tweets`, JSON.stringify({ text: 'next window' }), headers)).status).toBe(201);
      expect(limited.posts).toHaveLength(X_POST_LIMIT + 2);
    } finally {
      await limited.stop();
    }
  });

  it("says the account's and the app's 24-hour limits on every answer, and 429s once the account's day is spent, whatever the 15-minute window says", async () => {
    const daily = await new FakeXApi({ isValidToken: () => true, clock, dailyLimitPerUser: 2 }).start();
    try {
      const start = clock.now();
      const dayReset = String(Math.ceil((start + X_DAY_MS) / 1000));
      const first = await post(`${daily.url}/2/tweets`, JSON.stringify({ text: 'day 0' }), headers);
      expect(first.status).toBe(201);
      expect(['limit', 'remaining', 'reset'].map((h) => first.headers.get(`x-user-limit-24hour-${h}`))).toEqual(['2', '1', dayReset]);
      expect(['limit', 'remaining', 'reset'].map((h) => first.headers.get(`x-app-limit-24hour-${h}`))).toEqual([String(X_POST_DAILY_APP_LIMIT), String(X_POST_DAILY_APP_LIMIT - 1), dayReset]);
      const second = await post(`${daily.url}/2/tweets`, JSON.stringify({ text: 'day 1' }), headers);
      expect(second.headers.get('x-user-limit-24hour-remaining')).toBe('0');
      // A new 15-minute window does not reopen the day.
      clock.advance(X_WINDOW_MS);
      const refused = await post(`${daily.url}/2/tweets`, JSON.stringify({ text: 'day 2' }), headers);
      expect(refused).toMatchObject({ status: 429, json: { title: 'Too Many Requests' } });
      expect(refused.headers.get('x-rate-limit-remaining')).toBe(String(X_POST_LIMIT));
      expect(refused.headers.get('x-user-limit-24hour-remaining')).toBe('0');
      expect(refused.headers.get('x-user-limit-24hour-reset')).toBe(dayReset);
      // Another user has their own day (the app's is shared).
      const other = await post(`${daily.url}/2/tweets`, JSON.stringify({ text: 'someone else' }), { ...headers, authorization: 'Bearer other' });
      expect(other.status).toBe(201);
      expect(other.headers.get('x-app-limit-24hour-remaining')).toBe(String(X_POST_DAILY_APP_LIMIT - 3));
      clock.advance(X_DAY_MS);
      expect((await post(`${daily.url}/2/tweets`, JSON.stringify({ text: 'next day' }), headers)).status).toBe(201);
      expect(daily.posts.map((p) => p.text)).toEqual(['day 0', 'day 1', 'someone else', 'next day']);
    } finally {
      await daily.stop();
    }
  });

  it('in instant mode counts requests without keeping them, and enforces no window', async () => {
    const instant = await new FakeXApi({ isValidToken: () => true, instant: true }).start();
    try {
      for (let i = 0; i < X_POST_LIMIT + 5; i++) expect((await post(`${instant.url}/2/tweets`, JSON.stringify({ text: 'same' }), headers)).status).toBe(201);
      expect(instant.received).toBe(X_POST_LIMIT + 5);
      expect(instant.requests).toHaveLength(0);
    } finally {
      await instant.stop();
    }
  });
});
