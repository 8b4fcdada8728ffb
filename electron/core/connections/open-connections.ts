import type { DeepLinkHandlers } from '../deep-links/deep-link-router';
import type { Database } from '../db/schema';
import type { EventSink } from '../events/event-hub';
import type { Clock } from '../ports/clock';
import type { HttpClient } from '../ports/http-client';
import type { Logger } from '../ports/logger';
import type { SecretStore } from '../ports/secret-store';
import type { Shell } from '../ports/shell';
import type { Timers } from '../ports/timers';
import { ConnectionStore } from './connection-store';
import { createConnectionsHandlers } from './connections-handlers';
import { ConnectionsService, type ForgetInCopies } from './connections-service';
import { parseOAuthConfig } from './oauth-config';
import { PendingFlows } from './pending-flows';
import { createProviderRegistry } from './provider-registry';
import { RefreshManager } from './refresh-manager';
import { createHttpRelayClient, type RelayDeviceSession } from './relay-flow';
import { TokenClient } from './token-request';

/** What the rest of the core gets from the Connections domain. */
export interface Connections {
  handlers: ReturnType<typeof createConnectionsHandlers>;
  deepLinkHandlers: Required<Pick<DeepLinkHandlers, 'oauth-callback' | 'oauth-error' | 'oauth-complete'>>;
  /** For publishing: a valid access token, refreshed single-flight when due. */
  refresh: RefreshManager;
  store: ConnectionStore;
  close(): void;
}

/** Wires the Connections domain from its configuration (`env`) and the core's ports. */
export function openConnections(options: {
  db: Database;
  secretStore: SecretStore;
  shell: Shell;
  events: EventSink;
  logger: Logger;
  clock: Clock;
  timers: Timers;
  env: Readonly<Record<string, string | undefined>>;
  /** The licence domain's device session; without it the relay platforms cannot connect. */
  relaySession: RelayDeviceSession | null;
  /** The core's one HTTP client (relay, discovery, revocation; simple-oauth2 keeps its own for tokens). */
  http: HttpClient;
  /** Honour the endpoint overrides (browser host, unpackaged Electron); a packaged app ignores them. */
  allowDevOverrides: boolean;
  /** On disconnect: removes the platform's token ciphertext from the backups and kept copies. */
  forgetInCopies: ForgetInCopies | null;
}): Connections {
  const config = parseOAuthConfig(options.env, { allowDevOverrides: options.allowDevOverrides, logger: options.logger });
  const registry = createProviderRegistry(config);
  const store = new ConnectionStore(options.db, options.secretStore, options.clock);
  const tokens = new TokenClient(options.clock);
  let service: ConnectionsService | null = null;
  const refresh = new RefreshManager({
    store,
    registry,
    tokens,
    clock: options.clock,
    logger: options.logger,
    onNeedsReconnect: async () => service?.notifyChanged(),
  });
  service = new ConnectionsService({
    store,
    registry,
    flows: new PendingFlows(options.clock),
    tokens,
    refresh,
    relay: options.relaySession === null ? null : createHttpRelayClient(options.relaySession, options.http),
    http: options.http,
    shell: options.shell,
    events: options.events,
    logger: options.logger,
    clock: options.clock,
    timers: options.timers,
    protection: options.secretStore.protection,
    flowTimeoutMs: config.flowTimeoutMs,
    forgetInCopies: options.forgetInCopies,
  });
  const ready = service;
  return {
    handlers: createConnectionsHandlers(ready),
    deepLinkHandlers: {
      'oauth-callback': (action) => ready.onDeepLinkCallback(action),
      'oauth-error': (action) => ready.onDeepLinkError(action),
      'oauth-complete': (action) => ready.onRelayComplete(action),
    },
    refresh,
    store,
    close: () => ready.close(),
  };
}
