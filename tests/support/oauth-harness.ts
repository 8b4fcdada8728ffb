import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Core, CoreOptions } from '../../electron/core/open-core';
import type { SecretStore } from '../../electron/core/ports/secret-store';
import type { AppEvent } from '../../electron/core/events/event-hub';
import type { ConnectionsOverview, PlatformConnection } from '@shared/ipc/connections-channels';
import type { Platform } from '@shared/domain/platform';
import { FakeAuthorizationServer, type FakeProviderOptions } from '../fakes/oauth/fake-authorization-server';
import { FakePlatformApi } from '../fakes/platform-identity/fake-platform-api';
import type { RelayDeviceSession } from '../../electron/core/connections/relay-flow';
import type { OAuthRelayConfig } from '../../licence-server/oauth-relay/relay-config';
import { openTestCore } from './core-fixture';
import { recordingLogger, type RecordingShell } from './test-ports';

/** The providers' documented behaviour, as the fakes play it (platform-apis.md). */
export const FAKE_PROVIDERS: Record<Platform, FakeProviderOptions> = {
  x: { name: 'x', clientId: 'x-native-client', clientSecret: null, requirePkce: true, rotateRefreshTokens: true, issueRefreshTokens: true, accessTokenTtlSeconds: 7200, codeTtlMs: 30_000 },
  youtube: { name: 'youtube', clientId: 'google-desktop.apps.googleusercontent.com', clientSecret: 'GOCSPX-desktop-not-secret', requirePkce: true, rotateRefreshTokens: false, issueRefreshTokens: true, accessTokenTtlSeconds: 3599 },
  // Meta: a short-lived user token from the code, swapped server-side for a ~60-day one.
  facebook: { name: 'facebook', clientId: 'meta-app-1234', clientSecret: 'meta-app-secret', requirePkce: false, rotateRefreshTokens: false, issueRefreshTokens: false, accessTokenTtlSeconds: 5400, longLivedExchange: { ttlSeconds: 5_184_000 } },
  instagram: { name: 'instagram', clientId: 'meta-app-1234', clientSecret: 'meta-app-secret', requirePkce: false, rotateRefreshTokens: false, issueRefreshTokens: false, accessTokenTtlSeconds: 5400, longLivedExchange: { ttlSeconds: 5_184_000 } },
  linkedin: { name: 'linkedin', clientId: 'linkedin-client', clientSecret: 'linkedin-secret', requirePkce: false, rotateRefreshTokens: false, issueRefreshTokens: false, accessTokenTtlSeconds: 5_184_000 },
};

export interface OAuthFakes {
  servers: Record<Platform, FakeAuthorizationServer>;
  api: FakePlatformApi;
  /** Configuration for openCore / the browser host pointing every provider at the fakes. */
  env: Record<string, string>;
  /** The licence server's relay clients (with the secrets only it holds), pointing at the fakes. */
  relayConfig: OAuthRelayConfig;
  stop(): Promise<void>;
}

/**
 * Starts one fake authorization server per provider and one fake platform API. `consentPage`:
 * the servers show an Approve/Deny page a person clicks (the sandbox) instead of redirecting at once.
 */
export async function startOAuthFakes(options: { consentPage?: boolean } = {}): Promise<OAuthFakes> {
  const platforms = Object.keys(FAKE_PROVIDERS) as Platform[];
  const servers = Object.fromEntries(
    await Promise.all(
      platforms.map(async (p) => [p, await FakeAuthorizationServer.start({ ...FAKE_PROVIDERS[p], consentPage: options.consentPage ?? false })] as const),
    ),
  ) as Record<Platform, FakeAuthorizationServer>;
  const api = await new FakePlatformApi((token) => platforms.some((p) => servers[p].isIssuedAccessToken(token))).start();
  const env: Record<string, string> = {};
  for (const p of platforms) {
    const key = `AGENCYIQ_OAUTH_${p.toUpperCase()}`;
    env[`${key}_AUTHORIZE_URL`] = servers[p].authorizeUrl;
    env[`${key}_TOKEN_URL`] = servers[p].tokenUrl;
    env[`${key}_REVOKE_URL`] = servers[p].revokeUrl;
    env[`${key}_API_URL`] = api.url;
    // The fake's RFC 9207 issuer identifier, as the provider's discovery document would give it.
    env[`${key}_ISSUER`] = servers[p].url;
    env[`${key}_CLIENT_ID`] = FAKE_PROVIDERS[p].clientId;
    // Only Google's desktop client has a (documented non-confidential) secret in the app.
    if (p === 'youtube') env[`${key}_CLIENT_SECRET`] = FAKE_PROVIDERS[p].clientSecret as string;
  }
  const relay = (p: 'facebook' | 'instagram' | 'linkedin') => ({
    clientId: FAKE_PROVIDERS[p].clientId,
    clientSecret: FAKE_PROVIDERS[p].clientSecret as string,
    tokenUrl: servers[p].tokenUrl,
    exchangeForLongLived: p !== 'linkedin',
  });
  return {
    servers,
    api,
    env,
    relayConfig: { facebook: relay('facebook'), instagram: relay('instagram'), linkedin: relay('linkedin') },
    stop: async () => {
      await api.stop();
      await Promise.all(platforms.map((p) => servers[p].stop()));
    },
  };
}

/** A clock the test moves by hand. */
export function manualClock(start = Date.now()): { now(): number; advance(ms: number): void } {
  let t = start;
  return { now: () => t, advance: (ms) => void (t += ms) };
}

export interface OAuthTestCore {
  core: Core;
  dataDir: string;
  shell: RecordingShell;
  logger: ReturnType<typeof recordingLogger>;
  clock: ReturnType<typeof manualClock>;
  events: AppEvent[];
  overview(): Promise<ConnectionsOverview>;
  platform(platform: Platform): Promise<PlatformConnection>;
  /** Resolves when a `connections.changed` event satisfies `test`. */
  waitFor(test: (overview: ConnectionsOverview) => boolean, timeoutMs?: number): Promise<ConnectionsOverview>;
}

/**
 * Opens the real core (`openTestCore` of core-fixture: real SQLite, real AES-GCM) in a temporary
 * folder against the fakes, with a clock the test moves and a logger that keeps every line.
 */
export async function openOAuthTestCore(
  env: Record<string, string>,
  options: {
    dataDir?: string;
    clock?: ReturnType<typeof manualClock>;
    relayDeviceSession?: RelayDeviceSession | null;
    secretStore?: SecretStore;
    platformAdapters?: CoreOptions['platformAdapters'];
    allowDevOverrides?: boolean;
  } = {},
): Promise<OAuthTestCore> {
  const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'agencyiq-oauth-'));
  const logger = recordingLogger();
  const clock = options.clock ?? manualClock();
  const { core, shell } = await openTestCore(dataDir, {
    logger,
    version: '0.0.0-test',
    clock,
    env,
    relayDeviceSession: options.relayDeviceSession ?? null,
    ...(options.secretStore ? { secretStore: options.secretStore } : {}),
    ...(options.platformAdapters ? { platformAdapters: options.platformAdapters } : {}),
    ...(options.allowDevOverrides ? { allowDevOverrides: true } : {}),
  });
  const events: AppEvent[] = [];
  core.events.subscribe((event) => events.push(event));
  const overview = () => core.handlers['connections.list']({});
  return {
    core,
    dataDir,
    shell,
    logger,
    clock,
    events,
    overview,
    platform: async (platform) => (await overview()).platforms.find((p) => p.platform === platform)!,
    waitFor: (test, timeoutMs = 10_000) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          stop();
          reject(new Error('No matching connections.changed event in time'));
        }, timeoutMs);
        const stop = core.events.subscribe((event) => {
          if (event.event !== 'connections.changed') return;
          const payload = event.payload as ConnectionsOverview;
          if (test(payload)) {
            clearTimeout(timer);
            stop();
            resolve(payload);
          }
        });
      }),
  };
}

/**
 * Plays the owner's browser on the fake consent page: opens the authorize URL and returns where
 * the provider redirected (an `agencyiq://` link, a loopback URL or the relay's callback).
 */
export async function approveInBrowser(authorizeUrl: string): Promise<string> {
  const response = await fetch(authorizeUrl, { redirect: 'manual' });
  const location = response.headers.get('location');
  if (response.status !== 302 || location === null) throw new Error(`The consent page answered ${response.status}, not a redirect.`);
  return location;
}

/** Every secret the given fake servers issued or received: tokens, codes, verifiers, client secrets. */
export function secretsSeenBy(servers: readonly FakeAuthorizationServer[]): Set<string> {
  const secrets = new Set<string>();
  for (const server of servers) {
    for (const token of server.issuedAccessTokens) secrets.add(token);
    for (const token of server.issuedRefreshTokens) secrets.add(token);
    for (const code of server.issuedCodes) secrets.add(code);
    for (const request of server.tokenRequests) {
      if (request.body.code_verifier) secrets.add(request.body.code_verifier);
      if (request.body.client_secret) secrets.add(request.body.client_secret);
    }
  }
  return secrets;
}
