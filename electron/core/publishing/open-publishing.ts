import type { Platform } from '@shared/domain/platform';
import type { SyncDatabase } from '../db/sync-transaction';
import type { EventSink } from '../events/event-hub';
import type { HandlersFor } from '../handler-types';
import type { Happening } from '../notifications/happening';
import type { PlatformAdapter } from '../platforms/platform-adapter';
import type { Clock } from '../ports/clock';
import type { Logger } from '../ports/logger';
import type { TimerHandle, Timers } from '../ports/timers';
import type { PublishingLease } from '../licence/quota-ledger';
import type { publishingChannels } from '@shared/ipc/publishing-channels';
import type { Recorded } from './outbox-store';
import { MediaStepsStore } from './media-steps-store';
import { createPublishingHandlers } from './publishing-handlers';
import { PublishingEngine, type PublishingTokens } from './publishing-engine';
import type { RetryPolicy } from './retry-policy';
import { TargetMedia } from './target-media';

/** How soon after the quota ledger moves the plan's usage is announced (coalescing a burst). */
export const LEDGER_ANNOUNCE_DELAY_MS = 250;

/** What the rest of the core gets from the publishing domain. */
export interface PublishingDomain {
  handlers: HandlersFor<keyof typeof publishingChannels>;
  /** Look at the outbox now: scheduling calls this after every change it makes. */
  wake(): void;
  /** Recovers interrupted sends (→ needs_check), then starts the engine. */
  start(): Promise<void>;
  /** Stops the engine at once (it claims nothing more); `close` waits for it. */
  stop(): void;
  /** Stops the engine; waits for the sends in flight to be recorded. */
  close(): Promise<void>;
}

/** Wires the engine and the publishing channels on one database. */
export function openPublishing(deps: {
  database: SyncDatabase;
  /** The data folder: the media library's files, and the copies prepared per network. */
  dataDir: string;
  clock: Clock;
  timers: Timers;
  logger: Logger;
  events: EventSink;
  adapters: Partial<Record<Platform, PlatformAdapter>>;
  tokens: PublishingTokens;
  lease(): Promise<PublishingLease | null>;
  missedAfterMinutes(): Promise<number>;
  tracker: { begin(): () => void };
  notify(happening: Happening): Promise<void>;
  /** The quota ledger moved (announce the plan's usage again). */
  onLedgerChanged(): void;
  retryPolicy?: RetryPolicy;
  concurrency?: number;
}): PublishingDomain {
  const onTargetChanged = (change: Recorded['change']) => deps.events.emit('publishing.target-changed', change);
  // The plan's usage is re-read and announced at most once per LEDGER_ANNOUNCE_DELAY_MS: a burst
  // of sends moves the ledger many times, and each announcement reads the whole cycle.
  let announcing: TimerHandle | null = null;
  const onLedgerChanged = () => {
    if (announcing !== null) return;
    announcing = deps.timers.setTimeout(() => {
      announcing = null;
      deps.onLedgerChanged();
    }, LEDGER_ANNOUNCE_DELAY_MS);
  };
  const engine = new PublishingEngine({
    database: deps.database,
    clock: deps.clock,
    timers: deps.timers,
    logger: deps.logger,
    adapters: deps.adapters,
    tokens: deps.tokens,
    lease: deps.lease,
    missedAfterMs: async () => (await deps.missedAfterMinutes()) * 60_000,
    tracker: deps.tracker,
    onTargetChanged,
    notify: deps.notify,
    onLedgerChanged,
    retryPolicy: deps.retryPolicy,
    concurrency: deps.concurrency,
    media: new TargetMedia(deps.database, deps.dataDir),
    steps: new MediaStepsStore(deps.database, deps.clock),
    onUploadProgress: (progress) => deps.events.emit('publishing.upload-progress', progress),
  });
  const handlers = createPublishingHandlers({
    database: deps.database,
    clock: deps.clock,
    afterDecision: (recorded) => {
      onTargetChanged(recorded.change);
      if (recorded.ledgerChanged) onLedgerChanged();
      engine.wake();
    },
  });
  return {
    handlers,
    wake: () => engine.wake(),
    start: () => engine.start(),
    // Claims nothing more from the moment the core starts closing, while the others close.
    stop: () => void engine.stop(),
    close: async () => {
      await engine.stop();
      if (announcing !== null) deps.timers.clearTimeout(announcing);
      announcing = null;
    },
  };
}
