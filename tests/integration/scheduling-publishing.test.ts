import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Platform } from '@shared/domain/platform';
import { FakeLinkedInPosts } from '../fakes/platforms/fake-linkedin-posts';
import type { RecordedPublishRequest } from '../fakes/platforms/fake-publish-server';
import { FakeXApi } from '../fakes/platforms/fake-x-api';
import { openTestCore, tempDataDir, type TestCore } from '../support/core-fixture';
import { billingPeriod, createLeaseSigner, DAY_MS } from '../support/lease-signer';
import { seedConnection, seedLease, SimulatedTime, waitUntil } from '../support/publishing-fixture';

// Scheduling and the publishing engine together, as the owner lives it: posts scheduled through
// the scheduling channels (wall times in the business's zone), published by the engine through
// the real X and LinkedIn adapters to the strict local fakes over HTTP, on simulated time. The
// fakes stamp each request with the simulated clock, so "went out at the right UTC instant" is
// read off the request itself.

const signer = createLeaseSigner();
const TOKENS = { x: 'x-token', linkedin: 'li-token' } as const;
const MINUTE = 60_000;

let time: SimulatedTime;
let x: FakeXApi;
let linkedin: FakeLinkedInPosts;
let data: { dir: string; remove: () => void };
let t: TestCore | null;

beforeAll(async () => {
  const clock = { now: () => time.now() };
  const valid = (token: string) => (Object.values(TOKENS) as string[]).includes(token);
  x = await new FakeXApi({ isValidToken: valid, clock }).start();
  linkedin = await new FakeLinkedInPosts({ isValidToken: valid, clock }).start();
});
afterAll(async () => {
  await Promise.all([x.stop(), linkedin.stop()]);
});
beforeEach(() => {
  data = tempDataDir('agencyiq-schedule-publish-');
  t = null;
});
afterEach(async () => {
  await t?.core.close();
  data.remove();
});

const env = () => ({
  AGENCYIQ_LICENCE_PUBLIC_KEY: signer.publicKeyRaw,
  AGENCYIQ_PUBLISH_X_URL: x.url,
  AGENCYIQ_PUBLISH_LINKEDIN_URL: linkedin.url,
});

/** Seeds this computer's lease and the X and LinkedIn connections, then starts the app on simulated time starting at `start`. */
async function startApp(start: number): Promise<TestCore> {
  time = new SimulatedTime(start);
  const seeding = await openTestCore(data.dir, { clock: time, timers: time, env: env(), allowDevOverrides: true, platformAdapters: {} });
  await seedLease(seeding.core.database.sqlite, signer, start, { postsPerCycle: 27, ...billingPeriod(start - 5 * DAY_MS) });
  for (const platform of ['x', 'linkedin'] as const) await seedConnection(seeding.core.connections.store, platform, { accessToken: TOKENS[platform] });
  await seeding.core.close();
  return reopen();
}

async function reopen(): Promise<TestCore> {
  t = await openTestCore(data.dir, { clock: time, timers: time, env: env(), allowDevOverrides: true });
  return t;
}

async function setZone(timeZone: string): Promise<void> {
  await t!.call('profile.save', { businessName: 'Paddington Sourdough', offering: '', audience: '', toneOfVoice: '', website: '', timeZone });
}

async function draft(body: string, platforms: Platform[]): Promise<string> {
  const id = randomUUID();
  await t!.call('drafts.save', { id, body, targets: platforms.map((platform) => ({ platform, text: null, title: null })) });
  return id;
}

/** Every publish request any fake received for this exact text. */
function requestsFor(text: string): Array<{ platform: 'x' | 'linkedin'; request: RecordedPublishRequest }> {
  return [
    ...x.publishRequests().filter((r) => (JSON.parse(r.body) as { text?: string }).text === text).map((request) => ({ platform: 'x' as const, request })),
    ...linkedin
      .publishRequests()
      .filter((r) => (JSON.parse(r.body) as { commentary?: string }).commentary === text)
      .map((request) => ({ platform: 'linkedin' as const, request })),
  ];
}

function postState(postId: string): string {
  return t!.core.database.sqlite.prepare('SELECT state FROM posts WHERE id = ?').pluck().get(postId) as string;
}

/** Lets the engine finish what a clock move started (real time; the simulated clock stands still). */
async function engineIdle(): Promise<void> {
  await waitUntil(() => time.nextTimerAt() !== null && !t!.core.publishing.isPublishing(), 'the engine to go back to sleep');
  await new Promise((resolve) => setTimeout(resolve, 30));
}

/**
 * Moves the clock to a minute before each post's instant (nothing may have arrived), then to the
 * instant (it arrives then, at exactly that simulated time, once per platform).
 */
async function expectEachToGoOutAt(posts: ReadonlyArray<{ text: string; postId: string; at: number; platforms: Platform[] }>): Promise<void> {
  for (const post of [...posts].sort((a, b) => a.at - b.at)) {
    time.advance(post.at - MINUTE - time.now());
    await engineIdle();
    expect(requestsFor(post.text), `${post.text}: nothing before ${new Date(post.at).toISOString()}`).toEqual([]);
    time.advance(MINUTE);
    await waitUntil(() => postState(post.postId) === 'done', `${post.text} to be published`);
    const arrived = requestsFor(post.text);
    expect(arrived.map((r) => r.platform).sort(), post.text).toEqual([...post.platforms].sort());
    for (const { request } of arrived) {
      expect(new Date(request.at).toISOString(), post.text).toBe(new Date(post.at).toISOString());
      expect(request.answer).toEqual({ status: 201 });
    }
  }
}

describe('scheduled posts go out at the right UTC instant across daylight-saving changes', () => {
  it('09:00 in Brisbane and in Sydney on the days either side of the October change (Sydney +10 → +11; Brisbane stays +10)', async () => {
    await startApp(Date.parse('2026-10-01T22:00:00Z')); // Friday 2 October, 08:00 in both cities
    const posts: Array<{ text: string; postId: string; at: number; platforms: Platform[] }> = [];
    const schedule = async (zone: string, date: string, expected: string, platforms: Platform[]) => {
      await setZone(zone);
      const text = `Fresh loaves, ${date} 09:00 ${zone}`;
      const postId = await draft(text, platforms);
      const view = await t!.call('scheduling.schedule', { postId, when: { kind: 'at', date, time: '09:00' } });
      expect(view.timeZone).toBe(zone);
      expect(new Date(view.scheduledAt!).toISOString(), `${zone} ${date}`).toBe(expected);
      posts.push({ text, postId, at: view.scheduledAt!, platforms });
    };
    await schedule('Australia/Brisbane', '2026-10-03', '2026-10-02T23:00:00.000Z', ['x', 'linkedin']);
    await schedule('Australia/Brisbane', '2026-10-04', '2026-10-03T23:00:00.000Z', ['x', 'linkedin']);
    await schedule('Australia/Sydney', '2026-10-03', '2026-10-02T23:00:00.000Z', ['x']);
    await schedule('Australia/Sydney', '2026-10-04', '2026-10-03T22:00:00.000Z', ['x']);
    await schedule('Australia/Sydney', '2026-10-05', '2026-10-04T22:00:00.000Z', ['linkedin']);

    // The Brisbane and Sydney posts of Saturday share an instant; Sunday's Sydney post goes an hour before Brisbane's.
    const saturday = posts.filter((p) => p.at === Date.parse('2026-10-02T23:00:00Z'));
    expect(saturday).toHaveLength(2);
    time.advance(saturday[0]!.at - MINUTE - time.now());
    await engineIdle();
    expect(saturday.flatMap((p) => requestsFor(p.text))).toEqual([]);
    time.advance(MINUTE);
    for (const post of saturday) await waitUntil(() => postState(post.postId) === 'done', post.text);
    for (const post of saturday) {
      expect(requestsFor(post.text).map((r) => new Date(r.request.at).toISOString())).toEqual(post.platforms.map(() => '2026-10-02T23:00:00.000Z'));
    }
    await expectEachToGoOutAt(posts.filter((p) => !saturday.includes(p)));
  });

  it('09:00 in Sydney on the days either side of the April change (+11 → +10), and Brisbane beside it', async () => {
    await startApp(Date.parse('2027-04-01T22:00:00Z')); // Friday 2 April 2027; the change is Sunday 4 April, 03:00 → 02:00
    const posts: Array<{ text: string; postId: string; at: number; platforms: Platform[] }> = [];
    for (const [zone, date, expected] of [
      ['Australia/Sydney', '2027-04-03', '2027-04-02T22:00:00.000Z'],
      ['Australia/Sydney', '2027-04-04', '2027-04-03T23:00:00.000Z'],
      ['Australia/Brisbane', '2027-04-04', '2027-04-03T23:00:00.000Z'],
      ['Australia/Brisbane', '2027-04-05', '2027-04-04T23:00:00.000Z'],
    ] as const) {
      await setZone(zone);
      const text = `Hot cross buns, ${date} 09:00 ${zone}`;
      const platforms: Platform[] = zone === 'Australia/Sydney' ? ['x'] : ['linkedin'];
      const postId = await draft(text, platforms);
      const view = await t!.call('scheduling.schedule', { postId, when: { kind: 'at', date, time: '09:00' } });
      expect(new Date(view.scheduledAt!).toISOString(), `${zone} ${date}`).toBe(expected);
      posts.push({ text, postId, at: view.scheduledAt!, platforms });
    }
    // Sunday's two posts share 23:00 UTC: Sydney is back on +10 like Brisbane.
    const sunday = posts.filter((p) => p.at === Date.parse('2027-04-03T23:00:00Z'));
    await expectEachToGoOutAt(posts.filter((p) => !sunday.includes(p) && p.at < Date.parse('2027-04-03T23:00:00Z')));
    time.advance(sunday[0]!.at - MINUTE - time.now());
    await engineIdle();
    expect(sunday.flatMap((p) => requestsFor(p.text))).toEqual([]);
    time.advance(MINUTE);
    for (const post of sunday) await waitUntil(() => postState(post.postId) === 'done', post.text);
    for (const post of sunday) expect(requestsFor(post.text).map((r) => new Date(r.request.at).toISOString())).toEqual(['2027-04-03T23:00:00.000Z']);
    await expectEachToGoOutAt(posts.filter((p) => p.at > Date.parse('2027-04-03T23:00:00Z')));
  });
});

describe('scheduling hands posts to the engine', () => {
  it('"Add to next free slot": the engine publishes each post at its slot instant (DST-correct), the second at the next free slot', async () => {
    await startApp(Date.parse('2026-10-01T22:00:00Z')); // Friday 2 October, 08:00 Sydney (AEST, +10)
    await setZone('Australia/Sydney');
    await t!.call('scheduling.slots.set', { slots: [{ weekday: 7, time: '09:00' }, { weekday: 2, time: '12:00' }] });
    const first = await draft('Sunday sourdough', ['x']);
    const second = await draft('Tuesday rye', ['x', 'linkedin']);
    const a = await t!.call('scheduling.schedule', { postId: first, when: { kind: 'next-slot' } });
    const b = await t!.call('scheduling.schedule', { postId: second, when: { kind: 'next-slot' } });
    // Sunday 4 October 09:00 is already daylight time (+11); Sunday's slot is taken, so the next free one is Tuesday 12:00.
    expect(new Date(a.scheduledAt!).toISOString()).toBe('2026-10-03T22:00:00.000Z');
    expect(new Date(b.scheduledAt!).toISOString()).toBe('2026-10-06T01:00:00.000Z');
    await expectEachToGoOutAt([
      { text: 'Sunday sourdough', postId: first, at: a.scheduledAt!, platforms: ['x'] },
      { text: 'Tuesday rye', postId: second, at: b.scheduledAt!, platforms: ['x', 'linkedin'] },
    ]);
  });

  it('Publish now wakes the engine: the post goes out at once, without the clock moving', async () => {
    const start = Date.parse('2026-10-01T22:00:00Z');
    await startApp(start);
    await engineIdle();
    const postId = await draft('Out of the oven right now', ['x', 'linkedin']);
    const view = await t!.call('scheduling.publishNow', { postId });
    expect(view.scheduledAt).toBe(start);
    await waitUntil(() => postState(postId) === 'done', 'the post to go out');
    expect(time.now()).toBe(start);
    expect(requestsFor('Out of the oven right now').map((r) => [r.platform, r.request.at]).sort()).toEqual([
      ['linkedin', start],
      ['x', start],
    ]);
    const status = await t!.call('licence.status', {});
    expect(status.usage).toMatchObject({ used: 1, left: 26 });
  });

  it('a post missed while the app was closed waits for the owner, then "publish now" sends it once', async () => {
    await startApp(Date.parse('2026-10-01T22:00:00Z'));
    const postId = await draft('Missed the morning', ['x']);
    await t!.call('scheduling.schedule', { postId, when: { kind: 'at', date: '2026-10-02', time: '09:00' } }); // Brisbane, 23:00Z
    await t!.core.close();
    t = null;
    time.advance(3 * 60 * MINUTE); // the computer was off until 11:00
    await reopen();
    await engineIdle();
    const missed = (await t!.call('scheduling.upcoming', {})).items.find((item) => item.postId === postId)!;
    expect(missed.missedAt).toBe(time.now());
    expect(requestsFor('Missed the morning')).toEqual([]);

    const resolved = await t!.call('scheduling.resolveMissed', { postId, choice: { kind: 'publish-now' } });
    expect(resolved).toMatchObject({ missedAt: null, scheduledAt: time.now() });
    await waitUntil(() => postState(postId) === 'done', 'the post to go out');
    expect(requestsFor('Missed the morning').map((r) => r.request.at)).toEqual([time.now()]);
  });
});
