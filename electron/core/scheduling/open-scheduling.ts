import type { schedulingChannels } from '@shared/ipc/scheduling-channels';
import type { Database } from '../db/schema';
import type { EventSink } from '../events/event-hub';
import type { HandlersFor } from '../handler-types';
import type { MediaLibrary } from '../media/media-library';
import type { UsualSleep } from '@shared/ipc/scheduling-channels';
import type { Clock } from '../ports/clock';
import type { ProfileStore } from '../profile/profile-store';
import type { ConnectionStore } from '../connections/connection-store';
import type { RunningSpan } from './likely-asleep';
import { QueueSlotsStore } from './queue-slots-store';
import { ScheduleStore } from './schedule-store';
import { Scheduler, type SchedulerDeps } from './scheduler';
import { createSchedulingHandlers } from './scheduling-handlers';

export interface SchedulingDomain {
  handlers: HandlersFor<keyof typeof schedulingChannels>;
  scheduler: Scheduler;
  slots: QueueSlotsStore;
  /** Nothing runs in the background; here for the one shape every domain has. */
  close(): void;
}

/** Builds scheduling on one open database: stores, the scheduler and its handlers. Nothing runs in the background. */
export function openScheduling(deps: {
  db: Database;
  clock: Clock;
  events: EventSink;
  connections: Pick<ConnectionStore, 'byPlatform'>;
  profile: Pick<ProfileStore, 'get'>;
  licenceStatus: SchedulerDeps['licenceStatus'];
  preferredHours: SchedulerDeps['preferredHours'];
  wake: () => void;
  /** The post's attachments (the media library's list), checked against each network's media rules. */
  media?: Pick<MediaLibrary, 'list'>;
  /** For "likely asleep": when the core was running, and the hours the owner said it sleeps. */
  runningSpans: () => Promise<RunningSpan[]>;
  usualSleep: () => Promise<UsualSleep | null>;
}): SchedulingDomain {
  const store = new ScheduleStore(deps.db, deps.clock);
  const slots = new QueueSlotsStore(deps.db, deps.clock);
  const timeZone = async () => (await deps.profile.get()).timeZone;
  const scheduler = new Scheduler({
    db: deps.db,
    store,
    slots,
    clock: deps.clock,
    connectionOf: (platform) => deps.connections.byPlatform(platform),
    timeZone,
    licenceStatus: deps.licenceStatus,
    preferredHours: deps.preferredHours,
    wake: deps.wake,
    events: deps.events,
    ...(deps.media ? { mediaOf: async (postId: string) => (await deps.media!.list(postId)).filter((attachment) => !attachment.missing) } : {}),
  });
  return { handlers: createSchedulingHandlers({
      scheduler,
      store,
      slots,
      db: deps.db,
      timeZone,
      clock: deps.clock,
      runningSpans: deps.runningSpans,
      usualSleep: deps.usualSleep,
    }), scheduler, slots, close: () => {} };
}
