import fs from 'node:fs';
import path from 'node:path';
import type { AppInfo } from '../../shared/ipc/app-channels';
import { openDatabase, type OpenedDatabase } from './db/open-database';
import { createDeepLinkRouter, type DeepLinkHandlers, type DeepLinkRouter } from './deep-links/deep-link-router';
import { DraftStore } from './drafts/draft-store';
import { createDraftsHandlers } from './drafts/drafts-handlers';
import { EventHub } from './events/event-hub';
import { openConnections, type Connections } from './oauth/open-connections';
import type { RelayDeviceSession } from './oauth/relay-flow';
import type { AppHandlers } from './handler-types';
import { openLicence } from './licence/open-licence';
import { systemClock, type Clock } from './ports/clock';
import type { Logger } from './ports/logger';
import type { SecretStore } from './ports/secret-store';
import type { Shell } from './ports/shell';
import { createPreferencesHandlers } from './preferences/preferences-handlers';
import { PreferencesStore } from './preferences/preferences-store';
import { ProfileStore } from './profile/profile-store';
import { createProfileHandlers } from './profile/profile-handlers';

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
  /** The device's session with the licence server; the OAuth relay (Meta, LinkedIn) needs it. */
  relayDeviceSession?: RelayDeviceSession | null;
  /**
   * Honour test and development overrides that must never work in a shipped app (the licence
   * server's public key). True for the browser host and unpackaged Electron.
   */
  allowDevOverrides?: boolean;
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
  /** Connected platforms: `refresh.getAccessToken(connectionId)` for publishing. */
  connections: Pick<Connections, 'refresh' | 'store'>;
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

  const emptied = await drafts.emptyBin(clock.now() - BIN_RETENTION_MS);
  if (emptied > 0) options.logger.info('Emptied old drafts from the bin', { count: emptied });
  options.logger.info('Core ready', { schemaVersion: database.schemaVersion, host: options.host });

  // Each domain adds the kinds it owns (licence returns, OAuth callbacks, screen links).
  const deepLinkHandlers: DeepLinkHandlers = {};
  const licence = await openLicence({
    db: database.db,
    secretStore: options.secretStore,
    shell: options.shell,
    clock,
    logger: options.logger,
    events,
    env: options.env,
    allowDevOverrides: options.allowDevOverrides ?? false,
  });
  deepLinkHandlers['licence-return'] = (action) => licence.sync.onLicenceReturn(action.outcome);
  const connections = openConnections({
    db: database.db,
    secretStore: options.secretStore,
    shell: options.shell,
    events,
    logger: options.logger,
    clock,
    env: options.env,
    // The relay proves "the device that started the flow" with the licence domain's device session.
    relaySession: options.relayDeviceSession ?? licence.deviceSession,
  });
  Object.assign(deepLinkHandlers, connections.deepLinkHandlers);
  const openDeepLink = createDeepLinkRouter(deepLinkHandlers, options.logger);

  const handlers: AppHandlers = {
    'app.info': async () => ({ version: options.version, schemaVersion: database.schemaVersion, host: options.host }),
    ...createProfileHandlers(profile),
    ...createDraftsHandlers(drafts),
    ...createPreferencesHandlers(preferences, events),
    ...connections.handlers,
    ...licence.handlers,
  };
  return {
    handlers,
    database,
    events,
    openDeepLink,
    preferences,
    schemaVersion: database.schemaVersion,
    connections,
    close: async () => {
      connections.close();
      await licence.close();
      await database.close();
    },
  };
}
