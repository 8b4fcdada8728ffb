import type { ConnectionsOverview } from '@shared/ipc/connections-channels';
import type { LicenceStatus } from '@shared/ipc/licence-channels';
import type { Profile } from '@shared/ipc/profile-channels';
import type { ResultsOverview } from '@shared/ipc/results-channels';
import type { PostView } from '@shared/ipc/scheduling-channels';
import type { Route } from '../app/route';
import { wallClock } from '../scheduling/zoned-time';

/**
 * What Home shows, worked out from the contract's answers (pure, so each rule is tested on its
 * own): the getting-started steps, what goes out today and next, and the cycle at a glance.
 */

export interface GettingStartedStep {
  id: 'profile' | 'connect' | 'plan' | 'schedule';
  label: string;
  /** What doing it gives the owner, shown under the label until it is done. */
  why: string;
  done: boolean;
  /** Where to do it, and the link's words. */
  route: Route;
  action: string;
}

/**
 * The new owner's four steps, each ticked off by the real state: a business name saved, a
 * network connected (a sign-in to renew still counts: the network was connected), a plan
 * chosen (any state but "none"), a post that has left the drafts.
 */
export function gettingStartedSteps(state: {
  profile: Pick<Profile, 'businessName' | 'updatedAt'>;
  connections: ConnectionsOverview;
  licence: Pick<LicenceStatus, 'state'>;
  anyScheduled: boolean;
}): GettingStartedStep[] {
  const connected = state.connections.platforms.some((p) => p.status.state === 'connected' || p.status.state === 'needs_reconnect');
  return [
    {
      id: 'profile',
      label: 'Tell AgencyIQ about your business',
      why: 'Your business name, what you offer and your time zone: posts are scheduled in your time.',
      done: state.profile.updatedAt !== null && state.profile.businessName.trim() !== '',
      route: { page: 'brand' },
      action: 'Fill in your business profile',
    },
    {
      id: 'connect',
      label: 'Connect a network',
      why: 'Sign in to Facebook, LinkedIn or X in your browser so AgencyIQ can post for you.',
      done: connected,
      route: { page: 'connections' },
      action: 'Connect a network',
    },
    {
      id: 'plan',
      label: 'Choose a plan',
      why: 'Drafting is free; a plan lets AgencyIQ publish your posts.',
      done: state.licence.state !== 'none',
      route: { page: 'plan' },
      action: 'Choose a plan',
    },
    {
      id: 'schedule',
      label: 'Schedule your first post',
      why: 'Write a post and pick a time, or add it to your next free posting time.',
      done: state.anyScheduled,
      route: { page: 'compose', draftId: null },
      action: 'Write a post',
    },
  ];
}

export interface TodayAndNext {
  /** Posts due today in the business's zone (still to go out, or going out now), soonest first. */
  today: PostView[];
  /** The first post after today, if any. */
  next: PostView | null;
}

/**
 * Splits the upcoming list (soonest first) into today's posts and the next one after today, by the
 * business's calendar day. A missed post is left out: it will not go out by itself (it is under
 * "Needs you", waiting for the owner's choice).
 */
export function todayAndNext(upcoming: readonly PostView[], zone: string, now: number): TodayAndNext {
  const today = wallClock(now, zone).date;
  const dated = upcoming.filter((post): post is PostView & { scheduledAt: number } => post.scheduledAt !== null && post.missedAt === null);
  return {
    today: dated.filter((post) => wallClock(post.scheduledAt, zone).date === today),
    next: dated.find((post) => wallClock(post.scheduledAt, zone).date > today) ?? null,
  };
}

const DAY_MS = 86_400_000;

/**
 * The period "results at a glance" covers: this billing cycle when a plan says when it started,
 * otherwise the last 30 days; always ending at `now` rounded up to the hour (a stable query key).
 */
export function glancePeriod(licence: Pick<LicenceStatus, 'usage'> | null, now: number): { from: number; to: number; label: string } {
  const to = Math.ceil(now / 3_600_000) * 3_600_000;
  const start = licence?.usage?.cycleStart;
  if (start !== undefined && start < to && to - start <= 366 * DAY_MS) return { from: start, to, label: 'This cycle' };
  return { from: to - 30 * DAY_MS, to, label: 'Last 30 days' };
}

export interface Glance {
  postsPublished: number;
  /** Null: no network gave that number for any post of the period (not available, never 0). */
  impressions: number | null;
  engagements: number | null;
}

/** The networks' results summed: posts published, and impressions and engagements over the posts that have them. */
export function glance(overview: Pick<ResultsOverview, 'networks'>): Glance {
  const sum = (key: 'impressions' | 'engagements') => {
    const given = overview.networks.map((n) => n[key]).filter((v): v is number => v !== null);
    return given.length === 0 ? null : given.reduce((a, b) => a + b, 0);
  };
  return {
    postsPublished: overview.networks.reduce((total, n) => total + n.postsPublished, 0),
    impressions: sum('impressions'),
    engagements: sum('engagements'),
  };
}
