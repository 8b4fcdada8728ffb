import type { ChannelName, EventName } from '@shared/ipc/contract';

/**
 * What each contract event means for the renderer's cached reads, as data:
 * - `replace`: the event carries the whole answer of that channel (`connections.changed` is the
 *   connections overview), so the cache takes it as is — no round trip;
 * - `invalidate`: these channels' answers may have changed; queries on screen read again,
 *   the others on their next use. Invalidations are gathered for `SETTLE_MS`, because a post
 *   going out moves several targets within milliseconds and one reload covers them all.
 * Events that are not data (navigation, notifications, progress, the assistant's streamed text) are absent; after
 * `backups.restored` the page reloads (`app/use-app-events.ts`), which empties the cache.
 */
export interface EventEffect {
  replace?: ChannelName;
  invalidate: readonly ChannelName[];
}

const POSTS: readonly ChannelName[] = [
  'scheduling.calendar',
  'scheduling.upcoming',
  'scheduling.started',
  'scheduling.check',
  'scheduling.get',
  'publishing.overview',
  'publishing.attempts',
  'drafts.list',
  // The posts left this cycle change as posts go out.
  'licence.status',
];

export const EVENT_EFFECTS: Partial<Record<EventName, EventEffect>> = {
  'connections.changed': { replace: 'connections.list', invalidate: ['publishing.overview', 'scheduling.check'] },
  'licence.changed': { replace: 'licence.status', invalidate: ['licence.devices', 'licence.plans', 'scheduling.check'] },
  // The owner's sleeping hours decide which posts are marked "likely asleep".
  'preferences.changed': { replace: 'preferences.get', invalidate: ['scheduling.asleep'] },
  'updates.changed': { replace: 'updates.status', invalidate: [] },
  // Accepting the weak store rebuilds the licence and connections on it.
  'secrets.changed': { replace: 'secrets.status', invalidate: ['connections.list', 'licence.status'] },
  'backups.changed': { replace: 'backups.list', invalidate: [] },
  'scheduling.changed': { invalidate: [...POSTS, 'scheduling.slots.get'] },
  // A post published changes the Results page's counts.
  'publishing.target-changed': { invalidate: [...POSTS, 'results.overview'] },
};

/** The gathering window for invalidations (see above). */
export const SETTLE_MS = 150;
