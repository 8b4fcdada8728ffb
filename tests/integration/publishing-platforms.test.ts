import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Platform } from '@shared/domain/platform';
import { readAllowance } from '../../electron/core/licence/allowance';
import { FakeFacebookGraph } from '../fakes/platforms/fake-facebook-graph';
import { FakeLinkedInPosts } from '../fakes/platforms/fake-linkedin-posts';
import { FakeXApi } from '../fakes/platforms/fake-x-api';
import { openTestCore, tempDataDir, type TestCore } from '../support/core-fixture';
import { billingPeriod, createLeaseSigner, DAY_MS } from '../support/lease-signer';
import { seedConnection, seedLease, seedScheduledPost, SimulatedTime, waitUntil } from '../support/publishing-fixture';

// The engine with the real adapters (the default of openCore) against the strict local fakes of
// Facebook Graph, LinkedIn Posts and X, over real HTTP, on simulated time.

const T0 = Date.UTC(2026, 10, 26, 0, 0, 0);
const signer = createLeaseSigner();
const TOKENS: Record<'facebook' | 'linkedin' | 'x', string> = { facebook: 'fb-page-token', linkedin: 'li-token', x: 'x-token' };
/** A LinkedIn token the test revokes for good. */
const REVOKED_LINKEDIN = 'li-token-revoked';
const LEASE = { postsPerCycle: 27, ...billingPeriod(T0 - 5 * DAY_MS) };

let time: SimulatedTime;
let facebook: FakeFacebookGraph;
let linkedin: FakeLinkedInPosts;
let x: FakeXApi;
let data: { dir: string; remove: () => void };
let t: TestCore | null;
let counter = 0;

beforeAll(async () => {
  const clock = { now: () => time.now() };
  const valid = (token: string) => Object.values(TOKENS).includes(token) || token === REVOKED_LINKEDIN;
  facebook = await new FakeFacebookGraph({ isValidToken: valid, clock }).start();
  linkedin = await new FakeLinkedInPosts({ isValidToken: valid, clock }).start();
  x = await new FakeXApi({ isValidToken: valid, clock }).start();
});
afterAll(async () => {
  await Promise.all([facebook.stop(), linkedin.stop(), x.stop()]);
});
beforeEach(() => {
  time = new SimulatedTime(T0);
  data = tempDataDir('agencyiq-publish-real-');
  t = null;
});
afterEach(async () => {
  await t?.core.close();
  data.remove();
});

const env = () => ({
  AGENCYIQ_LICENCE_PUBLIC_KEY: signer.publicKeyRaw,
  AGENCYIQ_PUBLISH_FACEBOOK_URL: facebook.graphUrl,
  AGENCYIQ_PUBLISH_LINKEDIN_URL: linkedin.url,
  AGENCYIQ_PUBLISH_X_URL: x.url,
  AGENCYIQ_PUBLISH_TIMEOUT_MS: '400',
});

/** Seeds lease, connections and one post to `platforms`, then starts the app as the owner would. */
async function startWithPost(
  platforms: Array<'facebook' | 'linkedin' | 'x'>,
  tokens: Partial<typeof TOKENS> = {},
): Promise<{ text: string; targets: Partial<Record<Platform, string>> }> {
  const text = `Fresh loaves at 7am, batch ${++counter}`;
  const seeding = await openTestCore(data.dir, { clock: time, timers: time, env: env(), allowDevOverrides: true, platformAdapters: {} });
  await seedLease(seeding.core.database.sqlite, signer, T0, LEASE);
  const targets = [];
  for (const platform of platforms) {
    targets.push({ platform, connectionId: await seedConnection(seeding.core.connections.store, platform, { accessToken: tokens[platform] ?? TOKENS[platform] }) });
  }
  const post = seedScheduledPost(seeding.core.database.sqlite, { body: text, scheduledAt: T0, targets });
  await seeding.core.close();
  t = await openTestCore(data.dir, { clock: time, timers: time, env: env(), allowDevOverrides: true });
  return { text, targets: post.targets };
}

const row = (id: string) =>
  t!.core.database.sqlite.prepare('SELECT state, error_kind, platform_url, platform_post_id FROM post_targets WHERE id = ?').get(id) as {
    state: string;
    error_kind: string | null;
    platform_url: string | null;
    platform_post_id: string | null;
  };
const FINAL = ['published', 'failed', 'needs_check', 'needs_reconnect'];
const allSettled = (targets: Partial<Record<Platform, string>>) => () => Object.values(targets).every((id) => FINAL.includes(row(id!).state));
const usage = () => readAllowance(t!.core.database.db, LEASE, time.now());
const sent = (text: string) => ({
  facebook: facebook.publishRequests().filter((r) => new URLSearchParams(r.body).get('message') === text).length,
  linkedin: linkedin.publishRequests().filter((r) => (JSON.parse(r.body) as { commentary?: string }).commentary === text).length,
  x: x.publishRequests().filter((r) => (JSON.parse(r.body) as { text?: string }).text === text).length,
});

describe('publishing through the real adapters', () => {
  it('happy path on Facebook, LinkedIn and X: each fake gets the post once; ids and links stored; one post charged', async () => {
    const post = await startWithPost(['facebook', 'linkedin', 'x']);
    await waitUntil(allSettled(post.targets), 'all three published');
    for (const platform of ['facebook', 'linkedin', 'x'] as const) {
      expect(row(post.targets[platform]!)).toMatchObject({ state: 'published', error_kind: null });
      expect(row(post.targets[platform]!).platform_url).toMatch(/^https:\/\//);
    }
    expect(x.posts.filter((p) => p.text === post.text)).toHaveLength(1);
    expect(linkedin.posts.filter((p) => p.commentary === post.text)).toHaveLength(1);
    expect(facebook.posts.filter((p) => p.message === post.text)).toHaveLength(1);
    expect(row(post.targets.x!).platform_post_id).toBe(x.posts.find((p) => p.text === post.text)!.id);
    expect(await usage()).toMatchObject({ used: 1, reserved: 0 });
  });

  it('X answers 503 then 201: one retry, published once', async () => {
    x.failNext({ status: 503 });
    const post = await startWithPost(['x']);
    await waitUntil(() => row(post.targets.x!).state === 'scheduled' && x.pendingFaults === 0, 'the 503');
    time.advance(60_000);
    await waitUntil(allSettled(post.targets), 'published');
    expect(row(post.targets.x!).state).toBe('published');
    expect(sent(post.text).x).toBe(2);
    expect(x.posts.filter((p) => p.text === post.text)).toHaveLength(1);
    const attempts = await t!.call('publishing.attempts', { targetId: post.targets.x! });
    expect(attempts.attempts.map((a) => [a.outcome, a.httpStatus])).toEqual([
      ['retry', 503],
      ['published', 201],
    ]);
  });

  it('a revoked LinkedIn token: that target needs_reconnect, Facebook and X are published', async () => {
    linkedin.revoke(REVOKED_LINKEDIN);
    const post = await startWithPost(['facebook', 'linkedin', 'x'], { linkedin: REVOKED_LINKEDIN });
    await waitUntil(allSettled(post.targets), 'all settled');
    expect(row(post.targets.linkedin!)).toMatchObject({ state: 'needs_reconnect', error_kind: 'auth' });
    expect(row(post.targets.facebook!).state).toBe('published');
    expect(row(post.targets.x!).state).toBe('published');
    // No refresh token: nothing to renew with, so the refused request is not repeated.
    expect(sent(post.text).linkedin).toBe(1);
    expect(await usage()).toMatchObject({ used: 1, reserved: 0 });
  });

  it('X 429: the engine waits until the reset time from the headers, then publishes', async () => {
    const resetAt = T0 + 10 * 60_000;
    x.rateLimitNext(resetAt);
    const post = await startWithPost(['x']);
    await waitUntil(() => row(post.targets.x!).state === 'scheduled' && x.pendingFaults === 0, 'the 429');
    time.advance(resetAt - T0 - 1_000);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(sent(post.text).x).toBe(1);
    time.advance(1_000);
    await waitUntil(allSettled(post.targets), 'published after the reset');
    expect(row(post.targets.x!).state).toBe('published');
    expect(sent(post.text).x).toBe(2);
    const reset = (await t!.call('publishing.attempts', { targetId: post.targets.x! })).attempts;
    expect(reset[1]!.startedAt).toBeGreaterThanOrEqual(resetAt);
  });

  it('X takes the post but the answer never comes: needs_check, and it is never sent again', async () => {
    x.hangNext({ created: true });
    const post = await startWithPost(['x']);
    await waitUntil(allSettled(post.targets), 'the timeout');
    expect(row(post.targets.x!)).toMatchObject({ state: 'needs_check', error_kind: 'unknown' });
    time.advance(DAY_MS);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(sent(post.text).x).toBe(1);
    expect(x.posts.filter((p) => p.text === post.text)).toHaveLength(1);
  });
});
