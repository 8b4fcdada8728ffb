import path from 'node:path';
import type { AppInfo } from '@shared/ipc/app-channels';
import type { ChannelName } from '@shared/ipc/contract';
import { AssistantSettingsStore } from './assistant/assistant-settings-store';
import { openAssistant } from './assistant/open-assistant';
import { BackgroundThread } from './background/background-thread';
import { openAppInfo } from './app-info/open-app-info';
import { OpenedDomains } from './domain';
import { openDrafts } from './drafts/open-drafts';
import { openPreferences } from './preferences/open-preferences';
import { openProfile } from './profile/open-profile';
import type { ProfileStore } from './profile/profile-store';
import { BackupService } from './backups/backup-service';
import { BackupStore } from './backups/backup-store';
import { createBackupsHandlers } from './backups/backups-handlers';
import { startDailyBackups } from './backups/daily-backups';
import { openCheckedDatabase } from './backups/open-checked-database';
import { LiveDatabase } from './db/live-database';
import { openDatabase, type OpenedDatabase } from './db/open-database';
import { createDeepLinkRouter, type DeepLinkHandlers, type DeepLinkRouter } from './deep-links/deep-link-router';
import { createDiagnosticsHandlers } from './diagnostics/diagnostics-handlers';
import { DiagnosticsService } from './diagnostics/diagnostics-service';
import { findMissingMedia } from './media/missing-media';
import type { MediaLibrary } from './media/media-library';
import { openMedia } from './media/open-media';
import { EventHub } from './events/event-hub';
import type { AppHandlers, Handler, HandlersFor } from './handler-types';
import type { Happening } from './notifications/happening';
import { createInWindowNotifier } from './notifications/in-window-notifier';
import { createNotificationRouter } from './notifications/notification-router';
import { openLicence, type LicenceDomain } from './licence/open-licence';
import { openWaitingLicence } from './licence/waiting-licence';
import { openConnections, type Connections } from './connections/open-connections';
import type { RelayDeviceSession } from './connections/relay-flow';
import { systemClock, type Clock } from './ports/clock';
import type { Logger } from './ports/logger';
import type { Notifier } from './ports/notifier';
import type { SaveDialog } from './ports/save-dialog';
import type { SecretStore } from './ports/secret-store';
import type { Shell } from './ports/shell';
import type { PreferencesStore } from './preferences/preferences-store';
import { defaultPreferences } from '@shared/ipc/preferences-channels';
import { systemTimers, type Timers } from './ports/timers';
import type { Platform } from '@shared/domain/platform';
import { createNodeHttpClient } from './http/node-http-client';
import type { PlatformAdapter } from './platforms/platform-adapter';
import { createMediaStaging } from './media/media-staging';
import { createPlatformAdapters } from './platforms/platform-adapters';
import { openPublishing, type PublishingDomain } from './publishing/open-publishing';
import { openResults, type ResultsDomain } from './results/open-results';
import { ensurePrivateFolder } from './security/private-files';
import { PublishingTracker } from './publishing/publishing-tracker';
import { nextScheduledAt } from './scheduling/next-scheduled-post';
import { countNeedsAttention } from './publishing/publishing-overview';
import { openScheduling } from './scheduling/open-scheduling';
import { suggestedHours } from './results/suggested-hours';
import { openRunningRecord, type RunningRecord } from './scheduling/running-record';
import { BROWSER_HOST_UPDATES_REASON, openUpdates, type UpdatesOption } from './updates/open-updates';
import type { UpdateController } from './updates/update-controller';
import { SecretStorageGate, SecretStorageWaitingError } from './vault/secret-storage-gate';
import { createUpdatesHandlers } from './updates/updates-handlers';

export const DATABASE_FILE_NAME = 'agencyiq.db';

export interface CoreOptions {
  /** The per-user folder that holds the database. */
  dataDir: string;
  logger: Logger;
  host: AppInfo['host'];
  version: string;
  clock?: Clock;
  /**
   * Encrypts tokens and keys before they reach SQLite; null when the host has no way to encrypt.
   * Behind the SecretStorageGate: a weak store waits for the owner's choice, and without one the
   * app still opens (drafting needs no secrets) while connections and the licence wait.
   */
  secretStore: SecretStore | null;
  /** Opens pages in the owner's browser, and folders in the file manager. */
  shell: Shell;
  /**
   * Configuration (server URLs, client ids, endpoint overrides for tests). Each domain parses
   * the keys it owns with its own schema; the hosts pass `process.env`.
   */
  env: Readonly<Record<string, string | undefined>>;
  /** Where the host's logger writes its files; the diagnostics zip takes its logs from here. */
  logsFolder: string;
  /** Asks the owner where to save the diagnostics zip. */
  saveDialog: SaveDialog;
  /** OS notifications; without one (browser host) they are shown in the window (`app.notification`). */
  notifier?: Notifier;
  /** The app's own update feed, or why this build has none (default: the browser host's reason). */
  updates?: UpdatesOption;
  /** Every delayed call of the core (sync, backups, the engine's wake-ups, sign-in expiry); tests inject fakes. */
  timers?: Timers;
  /** The device's session with the licence server for the OAuth relay; default: the licence domain's. */
  relayDeviceSession?: RelayDeviceSession | null;
  /**
   * Honour test and development overrides that must never work in a shipped app: the licence
   * server's URL and public key, the OAuth endpoints, the publishing base URLs
   * (config/dev-overrides.ts). True for the browser host and unpackaged Electron.
   */
  allowDevOverrides?: boolean;
  /**
   * The publishing adapters, one per platform; default: Facebook Pages, LinkedIn and X over HTTP
   * (`AGENCYIQ_PUBLISH_<FACEBOOK|LINKEDIN|X>_URL`). Tests may inject scripted ones.
   */
  platformAdapters?: Partial<Record<Platform, PlatformAdapter>>;
  /**
   * The background worker's bundled entry (`background-worker.cjs`, built next to each host's
   * bundle): backups, restore checks, the diagnostics zip and drafts search run there.
   */
  backgroundWorkerFile: string;
}

/** What the tray's one-line status is computed from. */
export interface BackgroundStatus {
  publishing: boolean;
  nextScheduledAt: number | null;
  /** The business's IANA zone, in which times are shown. */
  timeZone: string;
  /** Posts waiting for the owner (the Publishing page's "needs attention"): the tray's count. */
  needsAttention: number;
}

export interface Core {
  handlers: AppHandlers;
  /** The database in use now (a restore replaces it; read this each time, do not keep it). */
  readonly database: OpenedDatabase;
  /** Every `agencyiq://` link goes here, raw; it is parsed and routed to its owner. */
  openDeepLink: DeepLinkRouter;
  /** The Settings switches, for the shell's adapters (updater, tray, notifier); follows a restore. */
  readonly preferences: PreferencesStore;
  /** Subscribe a transport here to push contract events to the renderer. */
  events: EventHub;
  /** The domains (publishing, connections, scheduling) report here what the owner should hear about. */
  notify(happening: Happening): Promise<void>;
  readonly schemaVersion: number;
  /** Publishes in flight: the engine drives it; the updater and the quit guard wait on it. */
  publishing: PublishingTracker;
  /** The update state machine, for the shell's "Restart to update" and tray. */
  updates: UpdateController;
  /** For the tray's status line. */
  backgroundStatus(): Promise<BackgroundStatus>;
  /**
   * Makes the publishing engine look at the clock now. Its timers do not count time asleep, so
   * the shell calls this when the computer resumes or is unlocked.
   */
  wake(): void;
  /** The Results collector in use now (follows a restore); `resume()` when the network is back. */
  readonly results: ResultsDomain['collector'];
  /** Called each time a page says it is listening (`app.rendererReady`); returns the unsubscribe. */
  onRendererReady(listener: () => void): () => void;
  /** Connected platforms (`refresh.getAccessToken(connectionId)` for publishing); follows a restore. */
  readonly connections: Pick<Connections, 'refresh' | 'store'>;
  close(): Promise<void>;
  /**
   * For a process about to be ended (Windows log-off or shutdown): stops the background work
   * and closes the database file now, synchronously (SQLite checkpoints the WAL as it closes).
   * Anything still in flight fails and is found at the next start, as after a crash.
   */
  closeNow(): void;
}

/** What is built on one open database; rebuilt, behind the same handlers, when a backup is restored. */
interface Domains {
  database: OpenedDatabase;
  preferences: PreferencesStore;
  profile: ProfileStore;
  assistantSettings: AssistantSettingsStore;
  /** The media library (the assistant reads attached pictures from it for alt text). */
  mediaLibrary: MediaLibrary;
  licence: LicenceDomain;
  connections: Connections;
  /** The engine: `wake()` after anything that may make a post due (scheduling calls it). */
  publishing: PublishingDomain;
  /** The Results collector: reads published posts' numbers on schedule. */
  results: ResultsDomain;
  /** When the core was running (a heartbeat on the Timers port), for "likely asleep". */
  running: RunningRecord;
  handlers: HandlersFor<DomainChannel>;
  /** Starts every domain's background work, in the order they were opened. */
  start(): Promise<void>;
  /** Stops what runs in the background against this database, the last opened domain first. */
  close(): Promise<void>;
}
/** The channels served by the database's domains; backups, diagnostics, updates and the assistant live outside the swap. */
type DomainChannel = Exclude<
  ChannelName,
  `backups.${string}` | `diagnostics.${string}` | `updates.${string}` | `secrets.${string}` | `assistant.${string}` | 'app.rendererReady'
>;

/**
 * Builds the whole core against one data folder. Both hosts call this: the Electron main
 * process and the browser host differ only in the transport they put in front of `handlers`.
 */
export async function openCore(options: CoreOptions): Promise<Core> {
  const clock = options.clock ?? systemClock;
  const timers = options.timers ?? systemTimers;
  const { logger } = options;
  // A packaged app (the default) ignores the environment's server, endpoint and key overrides.
  const allowDevOverrides = options.allowDevOverrides ?? false;
  ensurePrivateFolder(options.dataDir);
  const databasePath = path.join(options.dataDir, DATABASE_FILE_NAME);
  const events = new EventHub(logger);
  const secrets = new SecretStorageGate(options.secretStore, options.dataDir);
  if (!secrets.usable) logger.warn('Saved sign-ins cannot be kept yet; connections and the licence wait', { state: secrets.state });
  const publishing = new PublishingTracker();
  // Long work off this thread (it also answers the window): started on first use.
  const background = new BackgroundThread({ workerFile: options.backgroundWorkerFile, logger, timers });
  // The core's one HTTP client: publishing, the licence server, the relay, discovery, revocation.
  const http = createNodeHttpClient();
  // Parsed once, before anything opens: a malformed publish URL stops the start with its name.
  // Instagram's pictures go online through the licence server, signed in with the device session
  // of whichever licence domain is current (read at call time: a restore rebuilds it).
  const stagingSession: RelayDeviceSession = options.relayDeviceSession ?? {
    get serverUrl() {
      return live.current.licence.deviceSession.serverUrl;
    },
    bearerToken: (renew) => live.current.licence.deviceSession.bearerToken(renew),
  };
  const platformAdapters =
    options.platformAdapters ??
    createPlatformAdapters({
      env: options.env,
      clock,
      http,
      allowDevOverrides,
      logger,
      timers,
      staging: createMediaStaging(stagingSession, http),
    });
  // `npm run sandbox` sets AGENCYIQ_SANDBOX=1 so every page says nothing leaves the computer; a
  // shipped app ignores it like every other development override.
  const sandbox = allowDevOverrides && options.env['AGENCYIQ_SANDBOX'] === '1';
  // Read lazily: the engine first notifies after `live` exists (it starts once the domains are built).
  const notify = createNotificationRouter({
    notifier: options.notifier ?? createInWindowNotifier(events),
    notificationsEnabled: () => live.use(async ({ preferences }) => (await preferences.get()).notificationsEnabled),
    logger,
  });

  // The domains on one database, opened in this order (each may use those before it), started
  // in this order once all are open, closed in reverse. A failure while opening one closes the
  // ones already open and the database, so nothing is left running against it.
  const buildDomains = async (database: OpenedDatabase): Promise<Domains> => {
    const opened = new OpenedDomains(logger);
    try {
      const appInfo = opened.add(openAppInfo({ version: options.version, schemaVersion: database.schemaVersion, host: options.host, sandbox }));
      const drafts = opened.add(
        await openDrafts({ db: database.db, clock, logger, search: (query) => background.run('readQuery', { databasePath, ...query, parameters: [...query.parameters] }) }),
      );
      const profile = opened.add(openProfile({ db: database.db, clock }));
      const preferences = opened.add(openPreferences({ db: database.db, clock, defaults: defaultPreferences(options.host), events }));
      // The device identity and the lease live in this database, so the licence domain is rebuilt
      // with it on a restore. Without usable secret storage this computer's licence identity
      // cannot exist: the licence waits.
      const licence = opened.add(
        !secrets.usable
          ? openWaitingLicence({ gate: secrets, events })
          : await openLicence({
              db: database.db,
              secretStore: secrets,
              shell: options.shell,
              clock,
              timers,
              logger,
              events,
              env: options.env,
              allowDevOverrides,
              http,
            }),
      );
      const connections = opened.add(
        openConnections({
          db: database.db,
          secretStore: secrets,
          shell: options.shell,
          events,
          logger,
          clock,
          timers,
          env: options.env,
          // The relay proves "the device that started the flow" with the licence domain's device session.
          relaySession: options.relayDeviceSession ?? licence.deviceSession,
          http,
          allowDevOverrides,
          // Called only on a disconnect, after openCore has returned (so `backups` exists by then).
          forgetInCopies: (platform) => backups.forgetPlatform(platform),
        }),
      );
      const publishingDomain = opened.add(
        openPublishing({
          database,
          dataDir: options.dataDir,
          clock,
          timers,
          logger,
          events,
          adapters: platformAdapters,
          tokens: connections.refresh,
          lease: () => licence.sync.verifiedLease(),
          missedAfterMinutes: async () => (await preferences.store.get()).missedAfterMinutes,
          tracker: publishing,
          notify,
          // The Plan page and the quota line show usage from `licence.status`: announce it again.
          onLedgerChanged: () => licence.sync.ledgerChanged(),
        }),
      );
      const media = opened.add(openMedia({ database, dataDir: options.dataDir, clock, timers, logger }));
      // Results: reads published posts' numbers on schedule; publishing goes first (the tracker).
      const results = opened.add(
        openResults({
          db: database.db,
          clock,
          timers,
          logger,
          http,
          env: options.env,
          allowDevOverrides,
          events,
          tokens: connections.refresh,
          publishing,
          collectX: async () => (await preferences.store.get()).collectXResults,
          timeZone: async () => (await profile.store.get()).timeZone,
        }),
      );
      const running = opened.add(openRunningRecord({ db: database.db, clock, timers, logger }));
      const scheduling = opened.add(
        openScheduling({
          db: database.db,
          clock,
          events,
          connections: connections.store,
          profile: profile.store,
          licenceStatus: () => licence.sync.status(),
          // "Add to next free slot" prefers the suggested best hours only when the owner says so.
          preferredHours: async (platforms) =>
            (await preferences.store.get()).nextSlotPrefersBestTimes ? suggestedHours(database.db, clock.now(), (await profile.store.get()).timeZone, platforms) : [],
          // Every schedule change may make something due sooner: the engine re-reads its next due instant.
          wake: () => publishingDomain.wake(),
          media: media.library,
          runningSpans: () => running.record.spans(),
          usualSleep: async () => (await preferences.store.get()).usualSleep,
        }),
      );
      // The assistant's provider lives in this database, its key in the vault; the assistant itself
      // is built once, outside the swap (below).
      const assistantSettings = new AssistantSettingsStore(database.db, clock, secrets);
      return {
        database,
        preferences: preferences.store,
        profile: profile.store,
        assistantSettings,
        mediaLibrary: media.library,
        licence,
        connections,
        publishing: publishingDomain,
        results,
        running: running.record,
        handlers: {
          ...appInfo.handlers,
          ...profile.handlers,
          ...drafts.handlers,
          ...preferences.handlers,
          ...licence.handlers,
          ...connections.handlers,
          // A sign-in is refused before the browser opens, not after the owner went through it.
          'connections.connect': async (request) => {
            if (!secrets.usable) throw new SecretStorageWaitingError(secrets.state);
            return connections.handlers['connections.connect'](request);
          },
          ...publishingDomain.handlers,
          ...scheduling.handlers,
          ...media.handlers,
          ...results.handlers,
        },
        start: () => opened.start(),
        close: () => opened.close(),
      };
    } catch (error) {
      await opened.close();
      await database.close(); // a configuration mistake must not leave the database open
      throw error;
    }
  };

  // A damaged database is moved aside before anything reads it; the app starts on a new one.
  const opened = openCheckedDatabase(databasePath, { clock, logger });
  // The engine starts once the domains are in place (its first pass may notify through `live`).
  const live = new LiveDatabase(await buildDomains(opened.database), async () => {
    const rebuilt = await buildDomains(openDatabase(databasePath));
    await rebuilt.start();
    return rebuilt;
  });
  await live.current.start();
  logger.info('Core ready', { schemaVersion: opened.database.schemaVersion, host: options.host });

  const backups = new BackupService({
    store: new BackupStore(options.dataDir, clock, logger),
    background,
    live,
    databasePath,
    events,
    clock,
    logger,
    findMissingMedia: () => live.use(({ database }) => findMissingMedia(database.db, options.dataDir)),
  });
  if (opened.damaged !== null) backups.noteDamagedAtStart(opened.damaged);
  // Not on a damaged start: the first backup would push the good ones towards rotation before
  // the owner had a chance to restore one.
  const dailyBackups =
    opened.damaged === null
      ? startDailyBackups({ backUpIfDue: () => backups.backUpIfDue(), logger, timers })
      : { stop: () => {} };

  const diagnostics = new DiagnosticsService({
    logsFolder: options.logsFolder,
    saveDialog: options.saveDialog,
    shell: options.shell,
    clock,
    logger,
    background,
    appFacts: () =>
      live.use(async ({ database, preferences }) => ({
        app: { version: options.version, host: options.host, schemaVersion: database.schemaVersion },
        sqlite: database.sqlite.prepare('select sqlite_version() as version').pluck().get(),
        // Not 'secretProtection': a key naming a secret is masked, and this one is not a secret.
        vaultProtection: secrets.protection,
        vaultState: secrets.state,
        preferences: await preferences.get(),
        backups: backups.list(),
        recoveryAtStart: backups.recovery(),
      })),
  });

  // Each domain adds the kinds it owns (licence returns, OAuth callbacks, screen links).
  const deepLinkHandlers: DeepLinkHandlers = {
    'open-compose': async () => events.emit('app.navigate', { route: '#/compose' }),
    'open-draft': async ({ id }) => events.emit('app.navigate', { route: `#/compose/${id}` }),
    'licence-return': (action) => live.use(({ licence }) => licence.sync.onLicenceReturn(action.outcome)),
    // A flow waits in the connections domain of the database in use.
    'oauth-callback': (action) => live.use(({ connections }) => connections.deepLinkHandlers['oauth-callback'](action)),
    'oauth-error': (action) => live.use(({ connections }) => connections.deepLinkHandlers['oauth-error'](action)),
    'oauth-complete': (action) => live.use(({ connections }) => connections.deepLinkHandlers['oauth-complete'](action)),
  };
  const openDeepLink = createDeepLinkRouter(deepLinkHandlers, logger);

  // The updater reads the switches through the live database, so a restore cannot strand it.
  const livePreferences = { get: () => live.use(({ preferences }) => preferences.get()) };
  const updates = await openUpdates({
    updates: options.updates ?? { disabledReason: BROWSER_HOST_UPDATES_REASON },
    publishing,
    preferences: livePreferences,
    events,
    clock,
    logger,
    timers,
  });

  // Outside the swap: a restore never waits for an answer still streaming in.
  const assistant = openAssistant({
    settings: {
      get: () => live.use(({ assistantSettings }) => assistantSettings.get()),
      save: (input) => live.use(({ assistantSettings }) => assistantSettings.save(input)),
      connection: () => live.use(({ assistantSettings }) => assistantSettings.connection()),
    },
    profile: { get: () => live.use(({ profile }) => profile.get()) },
    pictures: { downsized: (id, maxEdge) => live.use(({ mediaLibrary }) => mediaLibrary.downsizedPicture(id, maxEdge)) },
    clock,
    timers,
    logger,
    events,
    env: options.env,
  });

  // One stable handlers object for the dispatcher: each call reaches the domains in use now.
  const domainHandlers = {} as Record<DomainChannel, Handler<DomainChannel>>;
  for (const channel of Object.keys(live.current.handlers) as DomainChannel[]) {
    domainHandlers[channel] = (request) =>
      live.use((current) => (current.handlers[channel] as Handler<DomainChannel>)(request as never));
  }
  const rendererReadyListeners = new Set<() => void>();
  const handlers: AppHandlers = {
    ...(domainHandlers as unknown as HandlersFor<DomainChannel>),
    'secrets.status': async () => secrets.status(),
    'secrets.acceptWeakStorage': async () => {
      if (secrets.acceptWeak(clock.now())) {
        logger.info('The owner chose to keep saved sign-ins without a keyring');
        // The domains are rebuilt on the same database, now with a licence and sign-ins that work.
        await live.replace(async () => ({ undo: () => {} }));
        events.emit('secrets.changed', secrets.status());
        await live.use(async ({ licence, connections }) => {
          await licence.sync.announce();
          events.emit('connections.changed', await connections.handlers['connections.list']({}));
        });
      }
      return secrets.status();
    },
    'app.rendererReady': async () => {
      for (const listener of [...rendererReadyListeners]) listener();
      return {};
    },
    ...createBackupsHandlers(backups),
    ...createDiagnosticsHandlers(diagnostics),
    ...createUpdatesHandlers(updates.controller),
    ...assistant.handlers,
  };

  return {
    handlers,
    get database() {
      return live.current.database;
    },
    events,
    openDeepLink,
    get preferences() {
      return live.current.preferences;
    },
    get connections() {
      return live.current.connections;
    },
    notify,
    get schemaVersion() {
      return live.current.database.schemaVersion;
    },
    publishing,
    updates: updates.controller,
    backgroundStatus: () =>
      live.use(async ({ database, profile }) => ({
        publishing: publishing.isPublishing(),
        nextScheduledAt: await nextScheduledAt(database.db),
        timeZone: (await profile.get()).timeZone,
        needsAttention: await countNeedsAttention(database.db, clock.now()),
      })),
    wake: () => {
      live.current.publishing.wake();
      live.current.results.collector.wake();
      // Asleep until now: the record starts a new span here.
      live.current.running.beat();
    },
    get results() {
      return live.current.results.collector;
    },
    onRendererReady: (listener) => {
      rendererReadyListeners.add(listener);
      return () => rendererReadyListeners.delete(listener);
    },
    closeNow: () => {
      assistant.close();
      updates.stop();
      dailyBackups.stop();
      backups.stop();
      void background.close();
      const { sqlite } = live.current.database;
      if (sqlite.open) sqlite.close();
    },
    close: async () => {
      assistant.close();
      updates.stop();
      dailyBackups.stop();
      backups.stop();
      await backups.settle();
      await live.close();
      await background.close();
    },
  };
}
