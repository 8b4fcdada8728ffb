import type { schedulingChannels } from '@shared/ipc/scheduling-channels';
import type { Database } from '../db/schema';
import type { EventSink } from '../events/event-hub';
import type { HandlersFor } from '../handler-types';
import type { Clock } from '../ports/clock';
import type { ProfileStore } from '../profile/profile-store';
import type { ConnectionStore } from '../connections/connection-store';
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
  wake: () => void;
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
    wake: deps.wake,
    events: deps.events,
  });
  return { handlers: createSchedulingHandlers({ scheduler, store, slots, db: deps.db, timeZone }), scheduler, slots, close: () => {} };
}
