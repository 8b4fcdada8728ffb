import type { licenceChannels } from '@shared/ipc/licence-channels';
import type { Database } from '../db/schema';
import type { EventSink } from '../events/event-hub';
import type { HandlersFor } from '../handler-types';
import type { Clock } from '../ports/clock';
import type { HttpClient } from '../ports/http-client';
import type { Logger } from '../ports/logger';
import type { SecretStore } from '../ports/secret-store';
import type { Shell } from '../ports/shell';
import type { Timers } from '../ports/timers';
import { friendlyComputerName } from './computer-name';
import { DeviceIdentityStore } from './device-identity-store';
import { LicenceClient, type DeviceOs } from './licence-client';
import { parseLicenceConfig } from './licence-config';
import { createLicenceHandlers } from './licence-handlers';
import { LicenceSeal } from './licence-seal';
import { LicenceStore } from './licence-store';
import { LicenceSync } from './licence-sync';
import type { RelayDeviceSession } from '../connections/relay-flow';
import type { Domain } from '../domain';

/** What the rest of the core reads of the licence (the waiting domain answers it too). */
export type LicenceSyncView = Pick<LicenceSync, 'status' | 'verifiedLease' | 'announce' | 'onLicenceReturn' | 'ledgerChanged'>;

export interface LicenceDomain extends Domain<HandlersFor<keyof typeof licenceChannels>> {
  sync: LicenceSyncView;
  /** This device's licence-server session, for the OAuth relay. */
  deviceSession: RelayDeviceSession;
  /** The first sync and the renewal timer (a waiting licence has none). */
  start?(): void;
  /** Stops the timers and waits for a sync in flight (its requests are aborted). */
  close(): Promise<void>;
}

/** Which OS the server lists this device under. */
export function deviceOs(platform: NodeJS.Platform = process.platform): DeviceOs {
  if (platform === 'darwin') return 'mac';
  if (platform === 'win32') return 'windows';
  if (platform === 'linux') return 'linux';
  return 'other';
}

/**
 * Builds the licence domain: device identity (created on first run), client, sync, handlers.
 * Opening sends nothing: the first sync and the renewal timer begin at `start` (stopped by
 * `close`), so a core that is opened and closed without starting leaves nothing behind.
 */
export async function openLicence(deps: {
  db: Database;
  secretStore: SecretStore;
  shell: Shell;
  clock: Clock;
  timers: Timers;
  logger: Logger;
  events: EventSink;
  env: Readonly<Record<string, string | undefined>>;
  allowDevOverrides: boolean;
  /** The core's one HTTP client. */
  http: HttpClient;
}): Promise<LicenceDomain> {
  const config = parseLicenceConfig(deps.env, { allowDevOverrides: deps.allowDevOverrides, logger: deps.logger });
  const identityStore = new DeviceIdentityStore(deps.db, deps.secretStore, deps.clock, deps.logger);
  const identity = await identityStore.loadOrCreate(await friendlyComputerName());
  const client = new LicenceClient({ baseUrl: config.serverUrl, identity, os: deviceOs(), http: deps.http });
  const sync = new LicenceSync({
    db: deps.db,
    store: new LicenceStore(deps.db, deps.clock, await LicenceSeal.open(deps.db, deps.secretStore)),
    identity,
    identityStore,
    client,
    config,
    clock: deps.clock,
    timers: deps.timers,
    logger: deps.logger,
    events: deps.events,
  });
  // One read before anything else: raises the clock high-water mark at start.
  await sync.status();
  return {
    handlers: createLicenceHandlers({ sync, client, shell: deps.shell }),
    sync,
    start: () => sync.start(),
    deviceSession: { serverUrl: config.serverUrl, bearerToken: (renew) => client.sessionToken(renew) },
    close: async () => {
      client.close();
      await sync.close();
    },
  };
}
