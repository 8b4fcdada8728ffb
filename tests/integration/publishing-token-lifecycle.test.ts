import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FakeFacebookGraph } from '../fakes/platforms/fake-facebook-graph';
import { FakeLinkedInPosts } from '../fakes/platforms/fake-linkedin-posts';
import { FakeXApi } from '../fakes/platforms/fake-x-api';
import { createLeaseSigner } from '../support/lease-signer';
import { approveInBrowser, manualClock, openOAuthTestCore, startOAuthFakes, type OAuthFakes, type OAuthTestCore } from '../support/oauth-harness';
import { seedConnection, seedLease, seedScheduledPost, waitUntil } from '../support/publishing-fixture';
import { testSecretStore } from '../support/test-ports';

// Tokens over their whole life, end to end: X connected through its (fake) authorization server
// with PKCE and rotating single-use refresh tokens, posts published by the real engine and X
// adapter to the strict fake X API, which accepts only access tokens that server issued and
// that have not run out.

let oauth: OAuthFakes;
let xApi: FakeXApi;
let facebook: FakeFacebookGraph;
let linkedin: FakeLinkedInPosts;
/** Access tokens the fake X API no longer accepts (run out, or the owner removed the app). */
const dead = new Set<string>();
const clock = manualClock(Date.UTC(2026, 10, 26, 0, 0, 0));
const signer = createLeaseSigner();
let t: OAuthTestCore | null = null;
let counter = 0;

beforeAll(async () => {
  oauth = await startOAuthFakes();
  xApi = await new FakeXApi({ isValidToken: (token) => oauth.servers.x.isIssuedAccessToken(token) && !dead.has(token), clock, userOf: () => 'paddosourdough' }).start();
  facebook = await new FakeFacebookGraph({ isValidToken: (token) => token === 'facebook-token', clock }).start();
  linkedin = await new FakeLinkedInPosts({ isValidToken: (token) => token === 'linkedin-token', clock }).start();
});
afterAll(async () => {
  await Promise.all([xApi.stop(), facebook.stop(), linkedin.stop(), oauth.stop()]);
});
afterEach(async () => {
  await t?.core.close();
  t = null;
});

const env = () => ({
  ...oauth.env,
  AGENCYIQ_LICENCE_PUBLIC_KEY: signer.publicKeyRaw,
  AGENCYIQ_PUBLISH_X_URL: xApi.url,
  AGENCYIQ_PUBLISH_FACEBOOK_URL: facebook.graphUrl,
  AGENCYIQ_PUBLISH_LINKEDIN_URL: linkedin.url,
});

async function storedTokens(core: OAuthTestCore, id: string): Promise<{ accessToken: string; refreshToken: string | null }> {
  const row = core.core.database.sqlite.prepare('SELECT token_ciphertext FROM connections WHERE id = ?').get(id) as { token_ciphertext: Buffer };
  return JSON.parse(await testSecretStore().decrypt(row.token_ciphertext));
}

/** Connects X the way the owner does (browser consent, deep link back), with a lease, then closes the app. */
async function connectX(): Promise<{ dataDir: string; xId: string; oldToken: string; seed: OAuthTestCore }> {
  const seed = await openOAuthTestCore(env(), { clock, allowDevOverrides: true });
  t = seed;
  await seed.core.handlers['connections.connect']({ platform: 'x' });
  await seed.core.openDeepLink(await approveInBrowser(seed.shell.opened.at(-1)!));
  const record = await seed.core.connections.store.byPlatform('x');
  expect(record?.state).toBe('connected');
  await seedLease(seed.core.database.sqlite, signer, clock.now());
  return { dataDir: seed.dataDir, xId: record!.id, oldToken: (await storedTokens(seed, record!.id)).accessToken, seed };
}

/** Restarts the app on the same data (the engine starts and looks at the outbox). */
async function reopen(dataDir: string): Promise<OAuthTestCore> {
  await t?.core.close();
  t = await openOAuthTestCore(env(), { dataDir, clock, allowDevOverrides: true });
  return t;
}

const targetState = (core: OAuthTestCore, id: string) =>
  core.core.database.sqlite.prepare('SELECT state, error_kind FROM post_targets WHERE id = ?').get(id) as { state: string; error_kind: string | null };
const xRequestsFor = (text: string) => xApi.publishRequests().filter((r) => (JSON.parse(r.body) as { text: string }).text === text);

describe('publishing across a token\'s life', () => {
  it('an access token past its expiry is refreshed once before sending; five posts due together share that one refresh', async () => {
    const { dataDir, xId, oldToken, seed } = await connectX();
    clock.advance(2 * 60 * 60 * 1000 + 60_000); // X access tokens last 2 hours.
    dead.add(oldToken);
    const texts = Array.from({ length: 5 }, () => `Expired token, batch ${++counter}`);
    const posts = texts.map((body) => seedScheduledPost(seed.core.database.sqlite, { body, scheduledAt: clock.now(), targets: [{ platform: 'x', connectionId: xId }] }));
    const hitsBefore = oauth.servers.x.tokenEndpointHits();

    const app = await reopen(dataDir);
    await waitUntil(() => posts.every((p) => targetState(app, p.targets.x!).state === 'published'), 'all five published');
    expect(oauth.servers.x.tokenEndpointHits() - hitsBefore).toBe(1);
    const renewed = await storedTokens(app, xId);
    expect(renewed.accessToken).not.toBe(oldToken);
    for (const text of texts) {
      const requests = xRequestsFor(text);
      expect(requests).toHaveLength(1);
      expect(requests[0]!.bearer).toBe(renewed.accessToken);
    }
  });

  it('a token X refuses before its stated expiry is renewed once and the post sent again with the new one', async () => {
    const { dataDir, xId, oldToken, seed } = await connectX();
    dead.add(oldToken); // X invalidated it early (password change on X's side, say).
    const text = `Refused early, batch ${++counter}`;
    const post = seedScheduledPost(seed.core.database.sqlite, { body: text, scheduledAt: clock.now(), targets: [{ platform: 'x', connectionId: xId }] });
    const hitsBefore = oauth.servers.x.tokenEndpointHits();

    const app = await reopen(dataDir);
    await waitUntil(() => targetState(app, post.targets.x!).state === 'published', 'published with the renewed token');
    expect(oauth.servers.x.tokenEndpointHits() - hitsBefore).toBe(1);
    const renewed = (await storedTokens(app, xId)).accessToken;
    expect(xRequestsFor(text).map((r) => [r.bearer === oldToken ? 'old' : r.bearer === renewed ? 'renewed' : 'other', r.answer])).toEqual([
      ['old', { status: 401 }],
      ['renewed', { status: 201 }],
    ]);
    const attempts = (await app.core.handlers['publishing.attempts']({ targetId: post.targets.x! })).attempts;
    expect(attempts.map((a) => [a.outcome, a.httpStatus])).toEqual([
      ['retry', 401],
      ['published', 201],
    ]);
  });

  it('the owner removed the app on X: the X target needs_reconnect after one refused renewal, Facebook and LinkedIn publish', async () => {
    const { dataDir, xId, oldToken, seed } = await connectX();
    const fbId = await seedConnection(seed.core.connections.store, 'facebook');
    const liId = await seedConnection(seed.core.connections.store, 'linkedin');
    oauth.servers.x.revokeAllRefreshTokens();
    dead.add(oldToken);
    const text = `Everywhere but X, batch ${++counter}`;
    const post = seedScheduledPost(seed.core.database.sqlite, {
      body: text,
      scheduledAt: clock.now(),
      targets: [
        { platform: 'facebook', connectionId: fbId },
        { platform: 'linkedin', connectionId: liId },
        { platform: 'x', connectionId: xId },
      ],
    });
    const hitsBefore = oauth.servers.x.tokenEndpointHits();

    const app = await reopen(dataDir);
    const final = ['published', 'failed', 'needs_check', 'needs_reconnect'];
    await waitUntil(() => Object.values(post.targets).every((id) => final.includes(targetState(app, id!).state)), 'all settled');
    expect(targetState(app, post.targets.x!)).toEqual({ state: 'needs_reconnect', error_kind: 'auth' });
    expect(targetState(app, post.targets.facebook!).state).toBe('published');
    expect(targetState(app, post.targets.linkedin!).state).toBe('published');
    expect(xRequestsFor(text)).toHaveLength(1);
    expect(oauth.servers.x.tokenEndpointHits() - hitsBefore).toBe(1);
    // The Connections page says so in plain words.
    const x = await app.platform('x');
    expect(x.status).toMatchObject({ state: 'needs_reconnect', displayName: '@paddosourdough' });
    expect(x.status.state === 'needs_reconnect' && x.status.reason).toBeTruthy();
    expect(app.events.some((e) => e.event === 'connections.changed')).toBe(true);
  });
});
