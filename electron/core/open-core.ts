import fs from 'node:fs';
import path from 'node:path';
import type { AppInfo } from '../../shared/ipc/app-channels';
import { openDatabase, type OpenedDatabase } from './db/open-database';
import { createDeepLinkRouter, type DeepLinkHandlers, type DeepLinkRouter } from './deep-links/deep-link-router';
import { DraftStore } from './drafts/draft-store';
import { createDraftsHandlers } from './drafts/drafts-handlers';
import { EventHub } from './events/event-hub';
import type { AppHandlers } from './handler-types';
import { systemClock, type Clock } from './ports/clock';
import type { Logger } from './ports/logger';
import type { SecretStore } from './ports/secret-store';
import type { Shell } from './ports/shell';
import { createPreferencesHandlers } from './preferences/preferences-handlers';
import { PreferencesStore } from './preferences/preferences-store';
import { ProfileStore } from './profile/profile-store';
import { createProfileHandlers } from './profile/profile-handlers';
import type { Timers } from './ports/timers';
import { PublishingTracker } from './publishing/publishing-tracker';
import { nextScheduledAt } from './scheduling/next-scheduled-post';
import { BROWSER_HOST_UPDATES_REASON, openUpdates, type UpdatesOption } from './updates/open-updates';
import type { UpdateController } from './updates/update-controller';
import { createUpdatesHandlers } from './updates/updates-handlers';

export const DATABASE_FILE_NAME = 'agencyiq.db';
const BIN_RETENTION_MS = 30 * 24 * 60 * 60 * 1000;

export interface CoreOptions {
  /** The per-user folder that holds the database. */
  dataDir: string;
  logger: Logger;
  host: AppInfo['host'];
  version: string;
  clock?: Clock;
  /** Encrypts tokens and keys before they reach SQLite. */
  secretStore: SecretStore;
  /** Opens pages in the owner's browser. */
  shell: Shell;
  /**
   * Configuration (server URLs, client ids, endpoint overrides for tests). Each domain parses
   * the keys it owns with its own schema; the hosts pass `process.env`.
   */
  env: Readonly<Record<string, string | undefined>>;
  /** The app's own update feed, or why this build has none (default: the browser host's reason). */
  updates?: UpdatesOption;
  /** Delayed calls (periodic update checks); tests inject fakes. */
  timers?: Timers;
}

/** What the tray's one-line status is computed from. */
export interface BackgroundStatus {
  publishing: boolean;
  nextScheduledAt: number | null;
  /** The business's IANA zone, in which times are shown. */
  timeZone: string;
}

export interface Core {
  handlers: AppHandlers;
  database: OpenedDatabase;
  /** Every `agencyiq://` link goes here, raw; it is parsed and routed to its owner. */
  openDeepLink: DeepLinkRouter;
  /** The Settings switches, for the shell's adapters (updater, tray, notifier). */
  preferences: PreferencesStore;
  /** Subscribe a transport here to push contract events to the renderer. */
  events: EventHub;
  schemaVersion: number;
  /** Publishes in flight: the engine drives it; the updater and the quit guard wait on it. */
  publishing: PublishingTracker;
  /** The update state machine, for the shell's "Restart to update" and tray. */
  updates: UpdateController;
  /** For the tray's status line. */
  backgroundStatus(): Promise<BackgroundStatus>;
  close(): Promise<void>;
}

/**
 * Builds the whole core against one data folder. Both hosts call this: the Electron main
 * process and the browser host differ only in the transport they put in front of `handlers`.
 */
export async function openCore(options: CoreOptions): Promise<Core> {
  const clock = options.clock ?? systemClock;
  fs.mkdirSync(options.dataDir, { recursive: true });
  const database = openDatabase(path.join(options.dataDir, DATABASE_FILE_NAME));
  const drafts = new DraftStore(database.db, clock);
  const profile = new ProfileStore(database.db, clock);
  const events = new EventHub(options.logger);
  const preferences = new PreferencesStore(database.db, clock);
  const publishing = new PublishingTracker();

  const emptied = await drafts.emptyBin(clock.now() - BIN_RETENTION_MS);
  if (emptied > 0) options.logger.info('Emptied old drafts from the bin', { count: emptied });
  options.logger.info('Core ready', { schemaVersion: database.schemaVersion, host: options.host });

  // Each domain adds the kinds it owns (licence returns, OAuth callbacks, screen links).
  const deepLinkHandlers: DeepLinkHandlers = {};
  const openDeepLink = createDeepLinkRouter(deepLinkHandlers, options.logger);

  // Periodic update checks start here, once the database and the stores above are open.
  const updates = await openUpdates({
    updates: options.updates ?? { disabledReason: BROWSER_HOST_UPDATES_REASON },
    publishing,
    preferences,
    events,
    clock,
    logger: options.logger,
    timers: options.timers,
  });

  const handlers: AppHandlers = {
    'app.info': async () => ({ version: options.version, schemaVersion: database.schemaVersion, host: options.host }),
    ...createProfileHandlers(profile),
    ...createDraftsHandlers(drafts),
    ...createPreferencesHandlers(preferences, events),
    ...createUpdatesHandlers(updates.controller),
  };
  return {
    handlers,
    database,
    events,
    openDeepLink,
    preferences,
    schemaVersion: database.schemaVersion,
    publishing,
    updates: updates.controller,
    backgroundStatus: async () => ({
      publishing: publishing.isPublishing(),
      nextScheduledAt: await nextScheduledAt(database.db),
      timeZone: (await profile.get()).timeZone,
    }),
    close: () => {
      updates.stop();
      return database.close();
    },
  };
}
