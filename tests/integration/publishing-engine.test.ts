import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Platform } from '@shared/domain/platform';
import type { EventPayloadOf } from '@shared/ipc/contract';
import type { LeasePayload } from '@shared/licence/lease-format';
import type { PlatformAdapter, PublishResult } from '../../electron/core/platforms/platform-adapter';
import { readAllowance } from '../../electron/core/licence/allowance';
import { openTestCore, recordingNotifier, tempDataDir, type TestCore } from '../support/core-fixture';
import { billingPeriod, createLeaseSigner, DAY_MS } from '../support/lease-signer';
import {
  published,
  scriptedAdapter,
  seedConnection,
  seedLease,
  seedScheduledPost,
  SimulatedTime,
  waitUntil,
  type ReceivedPublish,
} from '../support/publishing-fixture';

// The publishing engine inside the real core (real SQLite, real licence verification, real
// connection vault), with scripted in-memory adapters and simulated time.

const T0 = Date.UTC(2026, 10, 26, 0, 0, 0);
const signer = createLeaseSigner();

let data: { dir: string; remove: () => void };
let time: SimulatedTime;
let received: ReceivedPublish[];
let harness: TestCore | null;
let changes: EventPayloadOf<'publishing.target-changed'>[];
let notifier: ReturnType<typeof recordingNotifier>;

beforeEach(() => {
  data = tempDataDir('agencyiq-engine-');
  time = new SimulatedTime(T0);
  received = [];
  harness = null;
  changes = [];
  notifier = recordingNotifier();
});

afterEach(async () => {
  await harness?.core.close();
  data.remove();
});

type Answer = Parameters<typeof scriptedAdapter>[2];

/** Opens the core once to seed (identity, lease, connections), then again with the engine's adapters, as an app start. */
async function start(options: {
  answers?: Partial<Record<Platform, Answer>>;
  postsPerCycle?: number;
  lease?: boolean | Partial<LeasePayload>;
  seed?: (t: TestCore, connections: Record<string, string>) => void | Promise<void>;
  platforms?: Platform[];
}): Promise<TestCore> {
  const platforms = options.platforms ?? ['facebook', 'linkedin', 'x'];
  const env = { AGENCYIQ_LICENCE_PUBLIC_KEY: signer.publicKeyRaw };
  const seeding = await openTestCore(data.dir, { clock: time, timers: time, env, allowDevOverrides: true });
  if (options.lease !== false) {
    const overrides = typeof options.lease === 'object' ? options.lease : {};
    await seedLease(seeding.core.database.sqlite, signer, T0, { postsPerCycle: options.postsPerCycle ?? 27, ...billingPeriod(T0 - 5 * DAY_MS), ...overrides });
  }
  const connections: Record<string, string> = {};
  for (const platform of platforms) connections[platform] = await seedConnection(seeding.core.connections.store, platform);
  await options.seed?.(seeding, connections);
  await seeding.core.close();

  const adapters: Partial<Record<Platform, PlatformAdapter>> = {};
  for (const platform of platforms) adapters[platform] = scriptedAdapter(platform, received, options.answers?.[platform]);
  harness = await openTestCore(data.dir, { clock: time, timers: time, env, allowDevOverrides: true, platformAdapters: adapters, notifier });
  harness.core.events.subscribe(({ event, payload }) => {
    if (event === 'publishing.target-changed') changes.push(payload as EventPayloadOf<'publishing.target-changed'>);
  });
  return harness;
}

function targetRow(t: TestCore, id: string) {
  return t.core.database.sqlite.prepare('SELECT * FROM post_targets WHERE id = ?').get(id) as {
    state: string;
    error_kind: string | null;
    last_error: string | null;
    platform_url: string | null;
    platform_post_id: string | null;
    next_attempt_at: number | null;
    attempt_count: number;
  };
}

function postState(t: TestCore, postId: string): string {
  return t.core.database.sqlite.prepare('SELECT state FROM posts WHERE id = ?').pluck().get(postId) as string;
}

async function usage(t: TestCore) {
  return readAllowance(t.core.database.db, { postsPerCycle: 27, ...billingPeriod(T0 - 5 * DAY_MS) }, time.now());
}

const FINAL = ['published', 'failed', 'needs_check', 'needs_reconnect'];
const settled = (t: TestCore, ...ids: string[]) => () => ids.every((id) => FINAL.includes(targetRow(t, id).state));

const transient = (message = 'Service Unavailable'): PublishResult => ({ outcome: { kind: 'transient', message }, httpStatus: 503, platformErrorCode: null });

describe('publishing engine', () => {
  it('publishes a due post to every platform once, stores id and link, charges one post', async () => {
    let post!: ReturnType<typeof seedScheduledPost>;
    let draft!: ReturnType<typeof seedScheduledPost>;
    const t = await start({
      seed: (s, c) => {
        // A draft (with its platforms chosen) next to it: never sent, never charged.
        draft = seedScheduledPost(s.core.database.sqlite, { body: 'Still a draft', scheduledAt: T0 - 60_000, targets: [{ platform: 'x', connectionId: c.x! }] });
        s.core.database.sqlite.prepare(`UPDATE posts SET state = 'draft', scheduled_at = NULL, schedule_time_zone = NULL WHERE id = ?`).run(draft.postId);
        s.core.database.sqlite.prepare(`UPDATE post_targets SET state = 'draft' WHERE post_id = ?`).run(draft.postId);
        post = seedScheduledPost(s.core.database.sqlite, {
          body: 'Sourdough is back on Saturday',
          scheduledAt: T0 - 60_000,
          targets: [
            { platform: 'facebook', connectionId: c.facebook! },
            { platform: 'x', connectionId: c.x! },
          ],
        });
      },
    });
    await waitUntil(settled(t, post.targets.facebook!, post.targets.x!), 'both targets published');

    expect(received.map((r) => r.platform).sort()).toEqual(['facebook', 'x']);
    expect(received.every((r) => r.request.text === 'Sourdough is back on Saturday')).toBe(true);
    expect(received.find((r) => r.platform === 'x')!.request.accessToken).toBe('x-token');
    const x = targetRow(t, post.targets.x!);
    expect(x.state).toBe('published');
    expect(x.platform_url).toMatch(/^https:\/\/social\.example\/posts\//);
    expect(postState(t, post.postId)).toBe('done');
    expect(await usage(t)).toMatchObject({ used: 1, reserved: 0 });

    const attempts = await t.call('publishing.attempts', { targetId: post.targets.x! });
    expect(attempts.attempts).toHaveLength(1);
    expect(attempts.attempts[0]).toMatchObject({ outcome: 'published', httpStatus: 201 });
    expect(changes.filter((c) => c.targetId === post.targets.x!).map((c) => c.state)).toEqual(['publishing', 'published']);
    expect(notifier.shown.map((n) => n.title).sort()).toEqual(['Posted to Facebook', 'Posted to X']);
    const status = await t.call('licence.status', {});
    expect(status.usage).toMatchObject({ used: 1, reserved: 0 });
    const overview = await t.call('publishing.overview', {});
    expect(overview.recent.map((p) => p.postId)).toEqual([post.postId]);
    expect(t.core.publishing.isPublishing()).toBe(false);
    expect(received.some((r) => r.request.text === 'Still a draft')).toBe(false);
    expect(t.core.database.sqlite.prepare('SELECT COUNT(*) FROM quota_ledger WHERE post_id = ?').pluck().get(draft.postId)).toBe(0);
  });

  it('sleeps until the next due instant (capped), never sends early, and sends when the clock reaches it', async () => {
    let post!: ReturnType<typeof seedScheduledPost>;
    const t = await start({
      seed: (s, c) => {
        post = seedScheduledPost(s.core.database.sqlite, { body: 'Later', scheduledAt: T0 + 10 * 60_000, targets: [{ platform: 'x', connectionId: c.x! }] });
      },
    });
    // A long sleep is capped at 5 minutes, so a computer waking from sleep is noticed.
    await waitUntil(() => time.nextTimerAt() === T0 + 5 * 60_000, 'the engine to sleep 5 minutes (its cap)');
    time.advance(5 * 60_000);
    await waitUntil(() => time.nextTimerAt() === T0 + 10 * 60_000, 'the engine to sleep until the post is due');
    expect(received).toHaveLength(0);
    time.advance(5 * 60_000);
    // Other timers of the core (the running record's 5-minute heartbeat) can fall due at the same
    // instants, so the engine may arm its wake a moment after the clock moved: due now, it fires
    // on the next turn of the simulated clock, never earlier than the post's time.
    const sent = settled(t, post.targets.x!);
    await waitUntil(() => (time.advance(0), sent()), 'the post to go out');
    expect(received).toHaveLength(1);
  });

  it('refuses with the reset date when the cycle has no posts left; nothing is sent and nothing charged', async () => {
    let posts: ReturnType<typeof seedScheduledPost>[] = [];
    const t = await start({
      postsPerCycle: 1,
      seed: (s, c) => {
        posts = [1, 2].map((n) =>
          seedScheduledPost(s.core.database.sqlite, { body: `Post ${n}`, scheduledAt: T0 - n * 1000, targets: [{ platform: 'x', connectionId: c.x! }] }),
        );
      },
    });
    await waitUntil(settled(t, posts[0]!.targets.x!, posts[1]!.targets.x!), 'both settled');
    const [first, second] = posts.map((p) => targetRow(t, p.targets.x!));
    expect([first!.state, second!.state].sort()).toEqual(['failed', 'published']);
    const refused = [first!, second!].find((r) => r.state === 'failed')!;
    expect(refused.error_kind).toBe('quota');
    // The cycle anchored 5 days before T0 resets 25 days after it: 21 December 2026 (Brisbane).
    expect(refused.last_error).toContain('21 December 2026');
    expect(received).toHaveLength(1);
    const allowance = await readAllowance(t.core.database.db, { postsPerCycle: 1, ...billingPeriod(T0 - 5 * DAY_MS) }, time.now());
    expect(allowance).toMatchObject({ used: 1, reserved: 0 });
  });

  it('without a plan, nothing is sent: the target fails with plain words', async () => {
    let post!: ReturnType<typeof seedScheduledPost>;
    const t = await start({
      lease: false,
      seed: (s, c) => {
        post = seedScheduledPost(s.core.database.sqlite, { body: 'No plan', scheduledAt: T0, targets: [{ platform: 'x', connectionId: c.x! }] });
      },
    });
    await waitUntil(settled(t, post.targets.x!), 'the refusal');
    expect(targetRow(t, post.targets.x!)).toMatchObject({ state: 'failed', error_kind: 'quota' });
    expect(targetRow(t, post.targets.x!).last_error).toMatch(/needs an active plan/);
    expect(received).toHaveLength(0);
  });

  it('a plan in grace (payment past due) still publishes; a lease that ran out publishes nothing', async () => {
    let post!: ReturnType<typeof seedScheduledPost>;
    const grace = await start({
      lease: { status: 'past_due', graceUntil: T0 + 3 * DAY_MS },
      seed: (s, c) => {
        post = seedScheduledPost(s.core.database.sqlite, { body: 'In grace', scheduledAt: T0, targets: [{ platform: 'x', connectionId: c.x! }] });
      },
    });
    await waitUntil(settled(grace, post.targets.x!), 'published in grace');
    expect(targetRow(grace, post.targets.x!).state).toBe('published');
    await grace.core.close();
    harness = null;
    data.remove();
    data = tempDataDir('agencyiq-engine-');
    received = [];

    const expired = await start({
      // Issued 8 days ago, lived 7: the computer was offline too long to renew it.
      lease: { issuedAt: T0 - 8 * DAY_MS, expiresAt: T0 - DAY_MS },
      seed: (s, c) => {
        post = seedScheduledPost(s.core.database.sqlite, { body: 'Lapsed', scheduledAt: T0, targets: [{ platform: 'x', connectionId: c.x! }] });
      },
    });
    await waitUntil(settled(expired, post.targets.x!), 'refused');
    expect(targetRow(expired, post.targets.x!)).toMatchObject({ state: 'failed', error_kind: 'quota' });
    expect(received).toHaveLength(0);
  });

  it('keeps used + reserved within the allowance while many posts publish at once; 2 platforms cost 1 post', async () => {
    const allowance = 3;
    let posts: ReturnType<typeof seedScheduledPost>[] = [];
    let peak = 0;
    const slow: Answer = async () => {
      const now = await readAllowance(harness!.core.database.db, { postsPerCycle: allowance, ...billingPeriod(T0 - 5 * DAY_MS) }, time.now());
      peak = Math.max(peak, now.used + now.reserved);
      await new Promise((resolve) => setTimeout(resolve, 5));
      return published();
    };
    const t = await start({
      postsPerCycle: allowance,
      answers: { facebook: slow, x: slow },
      seed: (s, c) => {
        posts = Array.from({ length: 10 }, (_, n) =>
          seedScheduledPost(s.core.database.sqlite, {
            body: `Post ${n}`,
            scheduledAt: T0 - 1000,
            targets: [
              { platform: 'facebook', connectionId: c.facebook! },
              { platform: 'x', connectionId: c.x! },
            ],
          }),
        );
      },
    });
    const all = posts.flatMap((p) => [p.targets.facebook!, p.targets.x!]);
    await waitUntil(settled(t, ...all), 'every target settled');
    const publishedPosts = posts.filter((p) => targetRow(t, p.targets.facebook!).state === 'published' || targetRow(t, p.targets.x!).state === 'published');
    expect(publishedPosts).toHaveLength(allowance);
    expect(peak).toBeLessThanOrEqual(allowance);
    const end = await readAllowance(t.core.database.db, { postsPerCycle: allowance, ...billingPeriod(T0 - 5 * DAY_MS) }, time.now());
    expect(end).toMatchObject({ used: allowance, reserved: 0 });
    // Each published post went out on both platforms; the refused ones on none.
    expect(received).toHaveLength(allowance * 2);
  });

  it('retries a transient failure with backoff, then publishes once', async () => {
    let post!: ReturnType<typeof seedScheduledPost>;
    const t = await start({
      answers: { x: (_r, nth) => (nth < 2 ? transient() : published()) },
      seed: (s, c) => {
        post = seedScheduledPost(s.core.database.sqlite, { body: 'Retry me', scheduledAt: T0, targets: [{ platform: 'x', connectionId: c.x! }] });
      },
    });
    await waitUntil(() => received.length === 1 && targetRow(t, post.targets.x!).state === 'scheduled', 'the first failure');
    const firstWait = targetRow(t, post.targets.x!).next_attempt_at! - T0;
    expect(firstWait).toBeGreaterThanOrEqual(5_000);
    expect(firstWait).toBeLessThanOrEqual(10_000);
    time.advance(firstWait - 1);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(received).toHaveLength(1); // not before its time
    time.advance(1);
    await waitUntil(() => received.length === 2 && targetRow(t, post.targets.x!).state === 'scheduled', 'the second failure');
    time.advance(60_000);
    await waitUntil(settled(t, post.targets.x!), 'published');
    expect(received).toHaveLength(3);
    const outcomes = (await t.call('publishing.attempts', { targetId: post.targets.x! })).attempts.map((a) => a.outcome);
    expect(outcomes).toEqual(['retry', 'retry', 'published']);
    expect(await usage(t)).toMatchObject({ used: 1, reserved: 0 });
  });

  it('gives up after the bounded retries and charges nothing', async () => {
    let post!: ReturnType<typeof seedScheduledPost>;
    const t = await start({
      answers: { x: () => transient() },
      seed: (s, c) => {
        post = seedScheduledPost(s.core.database.sqlite, { body: 'Down', scheduledAt: T0, targets: [{ platform: 'x', connectionId: c.x! }] });
      },
    });
    for (let i = 0; i < 10 && !settled(t, post.targets.x!)(); i++) {
      await waitUntil(() => targetRow(t, post.targets.x!).state !== 'publishing' && received.length === i + 1, `try ${i + 1}`);
      time.advance(60 * 60_000);
    }
    await waitUntil(settled(t, post.targets.x!), 'failed');
    expect(received).toHaveLength(4);
    expect(targetRow(t, post.targets.x!)).toMatchObject({ state: 'failed', error_kind: 'transient' });
    expect(await usage(t)).toMatchObject({ used: 0, reserved: 0 });
  });

  it('an unknown outcome becomes needs_check and is never sent again by itself; the owner resolves it', async () => {
    let post!: ReturnType<typeof seedScheduledPost>;
    const t = await start({
      answers: { x: (_r, nth) => (nth === 0 ? { outcome: { kind: 'unknown', message: 'the connection dropped after sending' }, httpStatus: null, platformErrorCode: null } : published()) },
      seed: (s, c) => {
        post = seedScheduledPost(s.core.database.sqlite, { body: 'Maybe', scheduledAt: T0, targets: [{ platform: 'x', connectionId: c.x! }] });
      },
    });
    await waitUntil(settled(t, post.targets.x!), 'needs_check');
    expect(targetRow(t, post.targets.x!).state).toBe('needs_check');
    time.advance(7 * DAY_MS);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(received).toHaveLength(1);
    expect(await usage(t)).toMatchObject({ used: 0, reserved: 1 });
    const overview = await t.call('publishing.overview', {});
    expect(overview.needsAttention.map((p) => p.postId)).toEqual([post.postId]);

    const view = await t.call('publishing.resolveCheck', {
      targetId: post.targets.x!,
      resolution: { kind: 'was-published', url: 'https://x.com/paddington/status/42' },
    });
    expect(view.targets[0]).toMatchObject({ state: 'published', platformUrl: 'https://x.com/paddington/status/42' });
    expect(received).toHaveLength(1);
    expect(await usage(t)).toMatchObject({ used: 1, reserved: 0 });
  });

  it('"Publish again" after an unknown outcome sends exactly once more; "Discard" releases the quota', async () => {
    let posts: ReturnType<typeof seedScheduledPost>[] = [];
    const unknown: PublishResult = { outcome: { kind: 'unknown', message: 'timed out' }, httpStatus: null, platformErrorCode: null };
    const t = await start({
      answers: { x: (_r, nth) => (nth < 2 ? unknown : published()) },
      seed: (s, c) => {
        posts = [0, 1].map((n) => seedScheduledPost(s.core.database.sqlite, { body: `Post ${n}`, scheduledAt: T0 + n, targets: [{ platform: 'x', connectionId: c.x! }] }));
      },
    });
    time.advance(1);
    const [again, discard] = posts.map((p) => p.targets.x!);
    await waitUntil(settled(t, again!, discard!), 'both needs_check');
    await t.call('publishing.resolveCheck', { targetId: discard!, resolution: { kind: 'discard' } });
    expect(targetRow(t, discard!).state).toBe('failed');
    await t.call('publishing.resolveCheck', { targetId: again!, resolution: { kind: 'publish-again' } });
    await waitUntil(() => targetRow(t, again!).state === 'published', 'published again');
    expect(received).toHaveLength(3);
    expect(await usage(t)).toMatchObject({ used: 1, reserved: 0 });
  });

  it('a refused token with nothing to renew it: that target needs_reconnect, the other platform is published', async () => {
    let post!: ReturnType<typeof seedScheduledPost>;
    const t = await start({
      answers: { linkedin: () => ({ outcome: { kind: 'auth', message: 'REVOKED_ACCESS_TOKEN' }, httpStatus: 401, platformErrorCode: 'REVOKED_ACCESS_TOKEN' }) },
      seed: (s, c) => {
        post = seedScheduledPost(s.core.database.sqlite, {
          body: 'Two places',
          scheduledAt: T0,
          targets: [
            { platform: 'linkedin', connectionId: c.linkedin! },
            { platform: 'x', connectionId: c.x! },
          ],
        });
      },
    });
    await waitUntil(settled(t, post.targets.linkedin!, post.targets.x!), 'both settled');
    expect(targetRow(t, post.targets.linkedin!)).toMatchObject({ state: 'needs_reconnect', error_kind: 'auth' });
    expect(targetRow(t, post.targets.x!).state).toBe('published');
    expect(received.filter((r) => r.platform === 'linkedin')).toHaveLength(1);
    expect((await t.core.connections.store.byPlatform('linkedin'))?.state).toBe('needs_reconnect');
    expect(notifier.shown.map((n) => n.title)).toContain('Reconnect LinkedIn');
    expect(await usage(t)).toMatchObject({ used: 1, reserved: 0 });
  });

  it('a rate limit holds every target of that connection until the reset time, then publishes', async () => {
    const resetAt = T0 + 15 * 60_000;
    let posts: ReturnType<typeof seedScheduledPost>[] = [];
    const t = await start({
      answers: { x: (_r, nth) => (nth === 0 ? { outcome: { kind: 'rate_limited', retryAt: resetAt, message: 'Too Many Requests' }, httpStatus: 429, platformErrorCode: null } : published()) },
      seed: (s, c) => {
        posts = [0, 60_000].map((offset) =>
          seedScheduledPost(s.core.database.sqlite, {
            body: `At +${offset}`,
            scheduledAt: T0 + offset,
            targets: [
              { platform: 'x', connectionId: c.x! },
              { platform: 'facebook', connectionId: c.facebook! },
            ],
          }),
        );
      },
    });
    await waitUntil(() => targetRow(t, posts[0]!.targets.x!).state === 'scheduled' && targetRow(t, posts[0]!.targets.facebook!).state === 'published', 'the 429');
    expect(targetRow(t, posts[0]!.targets.x!).next_attempt_at).toBe(resetAt);
    time.advance(60_000);
    await waitUntil(() => targetRow(t, posts[1]!.targets.facebook!).state === 'published', 'the second post on Facebook');
    expect(received.filter((r) => r.platform === 'x')).toHaveLength(1);
    time.advance(resetAt - time.now() - 1);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(received.filter((r) => r.platform === 'x')).toHaveLength(1);
    time.advance(1);
    await waitUntil(settled(t, posts[0]!.targets.x!, posts[1]!.targets.x!), 'both X targets');
    expect(received.filter((r) => r.platform === 'x')).toHaveLength(3);
    expect(await usage(t)).toMatchObject({ used: 2, reserved: 0 });
  });

  it('duplicate and invalid fail with the platform words; a platform without an adapter or connection fails as not connected', async () => {
    let post!: ReturnType<typeof seedScheduledPost>;
    const t = await start({
      platforms: ['facebook', 'x'],
      answers: {
        x: () => ({ outcome: { kind: 'duplicate', message: 'You are not allowed to create a Tweet with duplicate content.' }, httpStatus: 403, platformErrorCode: null }),
        facebook: () => ({ outcome: { kind: 'invalid', message: '(#368) The action attempted has been deemed abusive' }, httpStatus: 400, platformErrorCode: '368' }),
      },
      seed: (s, c) => {
        post = seedScheduledPost(s.core.database.sqlite, {
          body: 'Refused everywhere',
          scheduledAt: T0,
          targets: [
            { platform: 'x', connectionId: c.x! },
            { platform: 'facebook', connectionId: c.facebook! },
            { platform: 'linkedin', connectionId: null },
          ],
        });
      },
    });
    await waitUntil(settled(t, post.targets.x!, post.targets.facebook!, post.targets.linkedin!), 'all settled');
    expect(targetRow(t, post.targets.x!)).toMatchObject({ state: 'failed', error_kind: 'duplicate', last_error: 'You are not allowed to create a Tweet with duplicate content.' });
    expect(targetRow(t, post.targets.facebook!)).toMatchObject({ state: 'failed', error_kind: 'invalid' });
    expect(targetRow(t, post.targets.linkedin!)).toMatchObject({ state: 'failed', error_kind: 'not_connected' });
    expect(postState(t, post.postId)).toBe('done');
    expect(await usage(t)).toMatchObject({ used: 0, reserved: 0 });

    // "Publish again" on a failed target sends it once more.
    await t.call('publishing.retry', { targetId: post.targets.x! });
    await waitUntil(() => received.filter((r) => r.platform === 'x').length === 2 && settled(t, post.targets.x!)(), 'the retry');
  });

  it('at start: a send cut off by a crash becomes needs_check, and a post more than 15 minutes late is missed, not sent', async () => {
    let interrupted!: ReturnType<typeof seedScheduledPost>;
    let late!: ReturnType<typeof seedScheduledPost>;
    let onTime!: ReturnType<typeof seedScheduledPost>;
    const t = await start({
      seed: (s, c) => {
        const sqlite = s.core.database.sqlite;
        interrupted = seedScheduledPost(sqlite, { body: 'Cut off', scheduledAt: T0 - 60_000, targets: [{ platform: 'x', connectionId: c.x! }] });
        sqlite.prepare(`UPDATE post_targets SET state = 'publishing' WHERE id = ?`).run(interrupted.targets.x!);
        sqlite.prepare(`UPDATE posts SET state = 'publishing' WHERE id = ?`).run(interrupted.postId);
        sqlite.prepare('INSERT INTO publish_attempts (target_id, started_at) VALUES (?, ?)').run(interrupted.targets.x!, T0 - 60_000);
        late = seedScheduledPost(sqlite, { body: 'Late', scheduledAt: T0 - 16 * 60_000, targets: [{ platform: 'x', connectionId: c.x! }] });
        onTime = seedScheduledPost(sqlite, { body: 'Slightly late', scheduledAt: T0 - 14 * 60_000, targets: [{ platform: 'x', connectionId: c.x! }] });
      },
    });
    await waitUntil(settled(t, onTime.targets.x!), 'the slightly late post');
    expect(targetRow(t, interrupted.targets.x!).state).toBe('needs_check');
    const attempts = (await t.call('publishing.attempts', { targetId: interrupted.targets.x! })).attempts;
    expect(attempts.map((a) => a.outcome)).toEqual(['unknown']);
    expect(t.core.database.sqlite.prepare('SELECT missed_at FROM posts WHERE id = ?').pluck().get(late.postId)).toBe(T0);
    expect(targetRow(t, late.targets.x!).state).toBe('scheduled');
    expect(received.map((r) => r.request.text)).toEqual(['Slightly late']);
    expect(notifier.shown.map((n) => n.title)).toContain('A post was missed');
  });
});
