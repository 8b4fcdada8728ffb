import { AuthorizationCode } from 'simple-oauth2';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ConnectionNeedsReconnectError } from '../../electron/core/connections/connection-store';
import { RefreshUnavailableError } from '../../electron/core/connections/refresh-manager';
import { TokenClient } from '../../electron/core/connections/token-request';
import { createProviderRegistry } from '../../electron/core/connections/provider-registry';
import { parseOAuthConfig } from '../../electron/core/connections/oauth-config';
import { AesGcmSecretStore } from '../../electron/core/vault/aes-gcm-secret-store';
import { testSecretStore, UNPACKAGED } from '../support/test-ports';
import { approveInBrowser, openOAuthTestCore, startOAuthFakes, type OAuthFakes, type OAuthTestCore } from '../support/oauth-harness';

let fakes: OAuthFakes;
let t: OAuthTestCore;

beforeAll(async () => {
  fakes = await startOAuthFakes();
});
afterAll(async () => {
  await fakes.stop();
});
afterEach(async () => {
  await t?.core.close();
});

const TWO_HOURS = 2 * 60 * 60 * 1000;

async function connectX(): Promise<string> {
  t = await openOAuthTestCore(fakes.env);
  await t.core.handlers['connections.connect']({ platform: 'x' });
  await t.core.openDeepLink(await approveInBrowser(t.shell.opened.at(-1)!));
  const record = await t.core.connections.store.byPlatform('x');
  expect(record?.state).toBe('connected');
  return record!.id;
}

async function storedTokens(id: string) {
  const row = t.core.database.sqlite.prepare('SELECT token_ciphertext FROM connections WHERE id = ?').get(id) as { token_ciphertext: Buffer | null };
  return row.token_ciphertext === null ? null : JSON.parse(await testSecretStore().decrypt(row.token_ciphertext));
}

describe('the refresh manager', () => {
  it('hands out the stored token while it is fresh, without touching the token endpoint', async () => {
    const id = await connectX();
    const before = fakes.servers.x.tokenEndpointHits();
    const token = await t.core.connections.refresh.getAccessToken(id);
    expect(token).toBe((await storedTokens(id)).accessToken);
    expect(fakes.servers.x.tokenEndpointHits()).toBe(before);
  });

  it('50 concurrent requests on an expired X token make exactly one refresh, and the rotated refresh token is stored', async () => {
    const id = await connectX();
    const oldRefresh = (await storedTokens(id)).refreshToken;
    const before = fakes.servers.x.tokenEndpointHits();
    t.clock.advance(TWO_HOURS);

    const tokens = await Promise.all(Array.from({ length: 50 }, () => t.core.connections.refresh.getAccessToken(id)));

    expect(fakes.servers.x.tokenEndpointHits() - before).toBe(1);
    expect(new Set(tokens).size).toBe(1);
    const stored = await storedTokens(id);
    expect(stored.accessToken).toBe(tokens[0]);
    expect(stored.refreshToken).toBe(fakes.servers.x.issuedRefreshTokens.at(-1));
    expect(stored.refreshToken).not.toBe(oldRefresh);
    // The new expiry was stored too, so the next call uses the new token without refreshing.
    await t.core.connections.refresh.getAccessToken(id);
    expect(fakes.servers.x.tokenEndpointHits() - before).toBe(1);
  });

  it('refreshes ahead of expiry (inside the 5-minute margin), not only after it', async () => {
    const id = await connectX();
    const before = fakes.servers.x.tokenEndpointHits();
    t.clock.advance(TWO_HOURS - 4 * 60 * 1000);
    await t.core.connections.refresh.getAccessToken(id);
    expect(fakes.servers.x.tokenEndpointHits() - before).toBe(1);
  });

  it('a revoked refresh token makes the connection needs_reconnect once, visibly, and never retries', async () => {
    const id = await connectX();
    fakes.servers.x.revokeAllRefreshTokens();
    const before = fakes.servers.x.tokenEndpointHits();
    t.clock.advance(TWO_HOURS);
    const eventsBefore = t.events.length;

    const results = await Promise.allSettled(Array.from({ length: 10 }, () => t.core.connections.refresh.getAccessToken(id)));
    for (let i = 0; i < 5; i++) results.push(...(await Promise.allSettled([t.core.connections.refresh.getAccessToken(id)])));

    expect(results.every((r) => r.status === 'rejected' && r.reason instanceof ConnectionNeedsReconnectError)).toBe(true);
    expect(fakes.servers.x.tokenEndpointHits() - before).toBe(1);
    const changes = t.events.slice(eventsBefore).filter((e) => e.event === 'connections.changed');
    expect(changes).toHaveLength(1);
    const x = (await t.platform('x')).status;
    expect(x).toMatchObject({ state: 'needs_reconnect', displayName: '@paddosourdough' });
    expect(x.state === 'needs_reconnect' && x.reason).toMatch(/no longer accepts the saved sign-in/);
    // The dead tokens are gone from disk.
    expect(await storedTokens(id)).toBeNull();
  });

  it('backs off after a network failure instead of hammering, then recovers', async () => {
    const id = await connectX();
    t.clock.advance(TWO_HOURS);
    const before = fakes.servers.x.tokenEndpointHits();
    fakes.servers.x.failNextRefreshWith = { status: 503, body: { error: 'temporarily_unavailable' } };

    const first = await t.core.connections.refresh.getAccessToken(id).catch((error: unknown) => error);
    expect(first).toBeInstanceOf(RefreshUnavailableError);
    const retryAt = (first as RefreshUnavailableError).retryAt;
    expect(retryAt).toBeGreaterThan(t.clock.now());
    const second = await t.core.connections.refresh.getAccessToken(id).catch((error: unknown) => error);
    expect(second).toBeInstanceOf(RefreshUnavailableError);
    expect(fakes.servers.x.tokenEndpointHits() - before).toBe(1);
    expect((await t.platform('x')).status.state).toBe('connected');

    t.clock.advance(retryAt - t.clock.now());
    const token = await t.core.connections.refresh.getAccessToken(id);
    expect(fakes.servers.x.isIssuedAccessToken(token)).toBe(true);
    expect(fakes.servers.x.tokenEndpointHits() - before).toBe(2);
  });

  it('a token blob that no longer decrypts makes the connection needs_reconnect, not a crash', async () => {
    const id = await connectX();
    await t.core.close();
    // The keyring was reset: a different key opens the same database.
    const dataDir = t.dataDir;
    t = await openOAuthTestCore(fakes.env, { dataDir, secretStore: new AesGcmSecretStore(Buffer.alloc(32, 9)) });
    const before = fakes.servers.x.tokenEndpointHits();
    t.clock.advance(TWO_HOURS);
    await expect(t.core.connections.refresh.getAccessToken(id)).rejects.toBeInstanceOf(ConnectionNeedsReconnectError);
    expect(fakes.servers.x.tokenEndpointHits()).toBe(before);
    expect(t.events.filter((e) => e.event === 'connections.changed')).toHaveLength(1);
    const x = (await t.platform('x')).status;
    expect(x.state).toBe('needs_reconnect');
    expect(x.state === 'needs_reconnect' && x.reason).toMatch(/AgencyIQ can no longer read the saved sign-in/);
    await expect(t.core.connections.refresh.getAccessToken(id)).rejects.toBeInstanceOf(ConnectionNeedsReconnectError);
  });

  it('tells the page how well saved sign-ins are protected (Linux basic_text = weak)', async () => {
    t = await openOAuthTestCore(fakes.env, { secretStore: new AesGcmSecretStore(Buffer.alloc(32, 7), 'weak') });
    expect((await t.overview()).protection).toBe('weak');
    await t.core.close();
    t = await openOAuthTestCore(fakes.env, { secretStore: new AesGcmSecretStore(Buffer.alloc(32, 7), 'keyring') });
    expect((await t.overview()).protection).toBe('keyring');
  });

  it('warns 7 days before a 60-day token runs out, and shows it expired afterwards', async () => {
    t = await openOAuthTestCore(fakes.env);
    const day = 24 * 60 * 60 * 1000;
    await t.core.connections.store.saveConnected({
      platform: 'linkedin',
      accountId: 'aBcD3fGh1J',
      displayName: 'Sam Baker',
      tokens: { accessToken: 'li-access', refreshToken: null, userAccessToken: null, scope: null },
      accessExpiresAt: t.clock.now() + 60 * day,
      refreshExpiresAt: null,
    });
    expect((await t.platform('linkedin')).status).toEqual({ state: 'connected', displayName: 'Sam Baker', expiresInDays: 60, expiringSoon: false, alsoPostsAs: [] });
    t.clock.advance(53 * day);
    expect((await t.platform('linkedin')).status).toEqual({ state: 'connected', displayName: 'Sam Baker', expiresInDays: 7, expiringSoon: true, alsoPostsAs: [] });
    t.clock.advance(7 * day);
    expect((await t.platform('linkedin')).status.state).toBe('needs_reconnect');
    const id = (await t.core.connections.store.byPlatform('linkedin'))!.id;
    await expect(t.core.connections.refresh.getAccessToken(id)).rejects.toBeInstanceOf(ConnectionNeedsReconnectError);
  });
});

describe('the token client over simple-oauth2', () => {
  it('simple-oauth2 5.1.0 drops a non-rotated refresh token; TokenClient keeps it', async () => {
    const google = fakes.servers.youtube;
    // Get a real refresh token from the fake Google.
    const verifier = 'v'.repeat(43);
    const { createHash } = await import('node:crypto');
    const authorize = new URL(google.authorizeUrl);
    for (const [k, v] of Object.entries({
      response_type: 'code',
      client_id: google.options.clientId,
      redirect_uri: 'http://127.0.0.1:1/cb',
      state: 's'.repeat(20),
      code_challenge: createHash('sha256').update(verifier).digest('base64url'),
      code_challenge_method: 'S256',
    })) authorize.searchParams.set(k, v);
    const code = new URL(await approveInBrowser(authorize.href)).searchParams.get('code')!;
    const registry = createProviderRegistry(parseOAuthConfig(fakes.env, UNPACKAGED));
    const client = new TokenClient({ now: () => Date.now() });
    const first = await client.exchangeCode(registry.youtube, { code, codeVerifier: verifier, redirectUri: 'http://127.0.0.1:1/cb' });
    expect(first.refreshToken).not.toBeNull();

    const library = new AuthorizationCode({
      client: { id: google.options.clientId, secret: google.options.clientSecret! },
      auth: { tokenHost: google.url, tokenPath: '/token' },
      options: { authorizationMethod: 'body' },
    });
    const raw = await library.createToken({ refresh_token: first.refreshToken }).refresh();
    expect(raw.token.refresh_token).toBeUndefined();

    const ours = await client.refresh(registry.youtube, first.refreshToken!);
    expect(ours.refreshToken).toBe(first.refreshToken);
  });

  it('sends the PKCE verifier with the code (simple-oauth2 has no PKCE of its own)', async () => {
    const x = fakes.servers.x;
    const exchange = x.requestsOf('authorization_code').find((r) => r.outcome === 'ok');
    expect(exchange?.body.code_verifier).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });
});
