import { describe, expect, it } from 'vitest';
import type { ConnectionsOverview } from '@shared/ipc/connections-channels';
import type { PostView } from '@shared/ipc/scheduling-channels';
import { gettingStartedSteps, glance, glancePeriod, todayAndNext } from '../../renderer/src/home/home-summary';

const noConnections: ConnectionsOverview = {
  protection: 'keyring',
  platforms: [
    { platform: 'x', status: { state: 'not_connected' }, notice: null },
    { platform: 'facebook', status: { state: 'waiting_for_browser' }, notice: null },
  ],
};
const xConnected: ConnectionsOverview = {
  ...noConnections,
  platforms: [{ platform: 'x', status: { state: 'connected', displayName: '@bean', expiresInDays: null, expiringSoon: false, alsoPostsAs: [] }, notice: null }],
};
const newOwner = { profile: { businessName: '', updatedAt: null }, connections: noConnections, licence: { state: 'none' as const }, anyScheduled: false };
const doneIds = (state: Parameters<typeof gettingStartedSteps>[0]) => gettingStartedSteps(state).filter((s) => s.done).map((s) => s.id);

describe('Home: getting started', () => {
  it('a brand-new owner has all four steps to do, in order', () => {
    expect(gettingStartedSteps(newOwner).map((s) => [s.id, s.done])).toEqual([
      ['profile', false],
      ['connect', false],
      ['plan', false],
      ['schedule', false],
    ]);
  });

  it('each step ticks itself off from the real state, and only from it', () => {
    // A profile saved with no business name is not done; a sign-in still in the browser is not a connection.
    expect(doneIds({ ...newOwner, profile: { businessName: '  ', updatedAt: 5 } })).toEqual([]);
    expect(doneIds({ ...newOwner, profile: { businessName: 'Noosa Bean', updatedAt: 5 } })).toEqual(['profile']);
    expect(doneIds({ ...newOwner, connections: xConnected })).toEqual(['connect']);
    expect(doneIds({ ...newOwner, licence: { state: 'lapsed' } })).toEqual(['plan']);
    expect(doneIds({ ...newOwner, anyScheduled: true })).toEqual(['schedule']);
  });
});

const post = (postId: string, scheduledAt: number): PostView => ({
  postId,
  excerpt: postId,
  state: 'scheduled',
  scheduledAt,
  timeZone: 'Australia/Brisbane',
  missedAt: null,
  targets: [],
});

describe('Home: today and next', () => {
  // Thursday 3 December 2026, 10:00 in Brisbane (UTC+10).
  const now = Date.parse('2026-12-03T00:00:00Z');
  it("splits by the business's calendar day, not the computer's or UTC's", () => {
    const lateToday = post('late today', Date.parse('2026-12-03T13:30:00Z')); // 11:30 pm Thursday in Brisbane
    const tomorrow = post('tomorrow', Date.parse('2026-12-03T14:30:00Z')); // 00:30 Friday in Brisbane, still Thursday in UTC
    const later = post('later', Date.parse('2026-12-10T00:00:00Z'));
    const split = todayAndNext([lateToday, tomorrow, later], 'Australia/Brisbane', now);
    expect(split.today.map((p) => p.postId)).toEqual(['late today']);
    expect(split.next?.postId).toBe('tomorrow');
  });

  it('leaves out posts from an earlier day and missed posts (they are under "Needs you"), and says when nothing comes next', () => {
    const earlier = post('earlier', Date.parse('2026-12-01T00:00:00Z'));
    const missedThisMorning = { ...post('missed', Date.parse('2026-12-02T21:00:00Z')), missedAt: Date.parse('2026-12-02T21:00:00Z') };
    expect(todayAndNext([earlier, missedThisMorning], 'Australia/Brisbane', now)).toEqual({ today: [], next: null });
  });
});

describe('Home: this cycle at a glance', () => {
  const now = Date.parse('2026-12-03T00:20:00Z');
  it('covers the billing cycle when the plan says when it began, else the last 30 days', () => {
    const cycleStart = Date.parse('2026-11-24T00:00:00Z');
    expect(glancePeriod({ usage: { used: 1, reserved: 0, left: 26, cycleStart, resetsAt: cycleStart + 30 * 86_400_000 } }, now)).toEqual({
      from: cycleStart,
      to: Date.parse('2026-12-03T01:00:00Z'),
      label: 'This cycle',
    });
    expect(glancePeriod({ usage: null }, now)).toEqual({ from: Date.parse('2026-11-03T01:00:00Z'), to: Date.parse('2026-12-03T01:00:00Z'), label: 'Last 30 days' });
  });

  it('sums only what the networks gave: a number no network gave is null ("not available"), never 0', () => {
    const network = { postsWithNumbers: 0, engagementRate: null, unavailable: [] };
    expect(
      glance({
        networks: [
          { ...network, platform: 'x', postsPublished: 3, impressions: 1200, engagements: null },
          { ...network, platform: 'facebook', postsPublished: 2, impressions: 300, engagements: null },
        ],
      }),
    ).toEqual({ postsPublished: 5, impressions: 1500, engagements: null });
  });
});
