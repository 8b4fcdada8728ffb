import type { schedulingChannels, UsualSleep } from '@shared/ipc/scheduling-channels';
import type { HandlersFor } from '../handler-types';
import { readPostView, readPostViews } from '../publishing/post-views';
import type { Clock } from '../ports/clock';
import { likelyAsleep, type RunningSpan } from './likely-asleep';
import type { QueueSlotsStore } from './queue-slots-store';
import type { ScheduleStore } from './schedule-store';
import type { Scheduler } from './scheduler';

/** The `scheduling.*` part of the IPC contract. */
export function createSchedulingHandlers(deps: {
  scheduler: Scheduler;
  store: ScheduleStore;
  slots: QueueSlotsStore;
  db: Parameters<typeof readPostViews>[0];
  timeZone(): Promise<string>;
  clock: Clock;
  /** The core's record of when it was running (`running-record.ts`). */
  runningSpans(): Promise<RunningSpan[]>;
  /** The hours the owner said the computer usually sleeps, or null. */
  usualSleep(): Promise<UsualSleep | null>;
}): HandlersFor<keyof typeof schedulingChannels> {
  const { scheduler, store, slots, db, timeZone } = deps;
  return {
    'scheduling.schedule': ({ postId, when }) => scheduler.schedule(postId, when),
    'scheduling.check': async ({ postId }) => ({ problems: await scheduler.check(postId) }),
    'scheduling.reschedule': ({ postId, date, time }) => scheduler.reschedule(postId, date, time),
    'scheduling.unschedule': ({ postId }) => scheduler.unschedule(postId),
    'scheduling.get': async ({ postId }) => ({ timeZone: await timeZone(), post: await readPostView(db, postId) }),
    'scheduling.calendar': async ({ from, to }) => ({
      timeZone: await timeZone(),
      items: await readPostViews(db, await store.calendarIds(from, to)),
    }),
    'scheduling.upcoming': async ({ limit, offset }) => {
      const ids = await store.upcomingIds(limit + 1, offset);
      return {
        timeZone: await timeZone(),
        items: await readPostViews(db, ids.slice(0, limit)),
        hasMore: ids.length > limit,
      };
    },
    'scheduling.publishNow': ({ postId }) => scheduler.publishNow(postId),
    'scheduling.resolveMissed': ({ postId, choice }) => scheduler.resolveMissed(postId, choice),
    'scheduling.started': async () => ({ anyScheduled: await store.anyBeyondDrafts() }),
    'scheduling.asleep': async ({ instants }) => {
      const [zone, spans, usualSleep] = await Promise.all([timeZone(), deps.runningSpans(), deps.usualSleep()]);
      const now = deps.clock.now();
      return { reasons: instants.map((at) => likelyAsleep({ at, zone, now, usualSleep, spans })) };
    },
    'scheduling.slots.get': async () => ({ timeZone: await timeZone(), slots: await slots.get() }),
    'scheduling.slots.set': async ({ slots: wanted }) => ({ timeZone: await timeZone(), slots: await slots.set(wanted) }),
  };
}
