import crypto from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { testSecretStore } from '../support/test-ports';
import { approveInBrowser, openOAuthTestCore, startOAuthFakes, type OAuthFakes, type OAuthTestCore } from '../support/oauth-harness';

// Strategy `deeplink` (X): the provider redirects to agencyiq://oauth/x and the link reaches the
// waiting flow through core.openDeepLink, exactly as the OS would deliver it.

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

async function startConnect(): Promise<string> {
  t = await openOAuthTestCore(fakes.env);
  await t.core.handlers['connections.connect']({ platform: 'x' });
  expect((await t.platform('x')).status.state).toBe('waiting_for_browser');
  return t.shell.opened.at(-1)!;
}

function connectionRows() {
  return t.core.database.sqlite.prepare('SELECT platform, display_name, state, token_ciphertext FROM connections').all() as Array<{
    platform: string;
    display_name: string;
    state: string;
    token_ciphertext: Buffer | null;
  }>;
}

describe('connecting X through the system browser and a deep link', () => {
  it('opens an S256 PKCE authorize URL, and the callback connects the X user with only ciphertext stored', async () => {
    const authorizeUrl = await startConnect();
    const url = new URL(authorizeUrl);
    expect(url.origin).toBe(fakes.servers.x.url);
    expect(url.searchParams.get('redirect_uri')).toBe('agencyiq://oauth/x');
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('scope')).toBe('tweet.read tweet.write users.read offline.access');

    const callback = await approveInBrowser(authorizeUrl);
    expect(callback.startsWith('agencyiq://oauth/x?')).toBe(true);
    await t.core.openDeepLink(callback);

    const x = await t.platform('x');
    expect(x.status).toEqual({ state: 'connected', displayName: '@paddosourdough', expiresInDays: null, expiringSoon: false, alsoPostsAs: [] });
    const rows = connectionRows();
    expect(rows).toHaveLength(1);
    const accessToken = [...fakes.servers.x.issuedAccessTokens].at(-1)!;
    const refreshToken = fakes.servers.x.issuedRefreshTokens.at(-1)!;
    expect(rows[0]!.token_ciphertext!.includes(Buffer.from(accessToken))).toBe(false);
    expect(rows[0]!.token_ciphertext!.includes(Buffer.from(refreshToken))).toBe(false);
    const stored = JSON.parse(await testSecretStore().decrypt(rows[0]!.token_ciphertext!));
    expect(stored).toMatchObject({ accessToken, refreshToken });
    // The public client sent its id and no secret; the verifier matched the challenge.
    const exchange = fakes.servers.x.requestsOf('authorization_code').at(-1)!;
    expect(exchange.outcome).toBe('ok');
    expect(exchange.body).not.toHaveProperty('client_secret');
    expect(exchange.body.client_id).toBe('x-native-client');
  });

  it('tells the owner when they decline, and stores nothing', async () => {
    const authorizeUrl = await startConnect();
    fakes.servers.x.denyNextConsent();
    const before = fakes.servers.x.tokenEndpointHits();
    await t.core.openDeepLink(await approveInBrowser(authorizeUrl));
    const x = await t.platform('x');
    expect(x.status.state).toBe('not_connected');
    expect(x.notice).toBe('You did not allow AgencyIQ to use X. Nothing was connected.');
    expect(fakes.servers.x.tokenEndpointHits()).toBe(before);
    expect(connectionRows()).toHaveLength(0);
  });

  it('refuses a callback with a state it never issued, and the real sign-in still completes', async () => {
    const authorizeUrl = await startConnect();
    const callback = new URL(await approveInBrowser(authorizeUrl));
    const forged = new URL(callback.href);
    forged.searchParams.set('state', crypto.randomBytes(32).toString('base64url'));
    const before = fakes.servers.x.tokenEndpointHits();
    await t.core.openDeepLink(forged.href);
    expect(fakes.servers.x.tokenEndpointHits()).toBe(before);
    expect((await t.platform('x')).status.state).toBe('waiting_for_browser');
    expect(connectionRows()).toHaveLength(0);

    await t.core.openDeepLink(callback.href);
    expect((await t.platform('x')).status.state).toBe('connected');
  });

  it('consumes a state once: a replayed callback makes no second token request', async () => {
    const authorizeUrl = await startConnect();
    const callback = await approveInBrowser(authorizeUrl);
    const before = fakes.servers.x.requestsOf('authorization_code').length;
    await t.core.openDeepLink(callback);
    await t.core.openDeepLink(callback);
    await t.core.openDeepLink(callback);
    expect(fakes.servers.x.requestsOf('authorization_code').length - before).toBe(1);
    expect(connectionRows()).toHaveLength(1);
    expect(t.logger.lines.filter((l) => l.includes('Sign-in answer refused') && l.includes('unknown_state'))).toHaveLength(2);
  });

  it('refuses an expired code and stores nothing', async () => {
    const authorizeUrl = await startConnect();
    const callback = await approveInBrowser(authorizeUrl);
    fakes.servers.x.expireIssuedCodes();
    await t.core.openDeepLink(callback);
    const x = await t.platform('x');
    expect(x.status.state).toBe('not_connected');
    expect(x.notice).toMatch(/X did not accept the sign-in/);
    expect(fakes.servers.x.requestsOf('authorization_code').at(-1)!.outcome).toBe('invalid_grant');
    expect(connectionRows()).toHaveLength(0);
  });

  it('is refused when the verifier does not match the challenge the server saw', async () => {
    const authorizeUrl = new URL(await startConnect());
    // Someone swapped the challenge on the way to the provider: the app's verifier no longer fits.
    const attackerVerifier = crypto.randomBytes(32).toString('base64url');
    authorizeUrl.searchParams.set('code_challenge', crypto.createHash('sha256').update(attackerVerifier).digest('base64url'));
    await t.core.openDeepLink(await approveInBrowser(authorizeUrl.href));
    expect((await t.platform('x')).status.state).toBe('not_connected');
    expect(connectionRows()).toHaveLength(0);
  });

  it('refuses a callback after the flow expired', async () => {
    const authorizeUrl = await startConnect();
    const callback = await approveInBrowser(authorizeUrl);
    t.clock.advance(11 * 60 * 1000);
    const before = fakes.servers.x.tokenEndpointHits();
    await t.core.openDeepLink(callback);
    expect(fakes.servers.x.tokenEndpointHits()).toBe(before);
    expect((await t.platform('x')).status.state).toBe('not_connected');
    expect(connectionRows()).toHaveLength(0);
  });

  it('stops waiting after the timeout and says so; the late callback is refused', async () => {
    t = await openOAuthTestCore({ ...fakes.env, AGENCYIQ_OAUTH_FLOW_TIMEOUT_MS: '1000' });
    const expired = t.waitFor((o) => o.platforms.find((p) => p.platform === 'x')!.notice !== null);
    await t.core.handlers['connections.connect']({ platform: 'x' });
    const callback = await approveInBrowser(t.shell.opened.at(-1)!);
    const overview = await expired;
    expect(overview.platforms.find((p) => p.platform === 'x')).toMatchObject({
      status: { state: 'not_connected' },
      notice: 'The sign-in page did not come back in time. Connect again when you are ready.',
    });
    const before = fakes.servers.x.tokenEndpointHits();
    await t.core.openDeepLink(callback);
    expect(fakes.servers.x.tokenEndpointHits()).toBe(before);
    expect(connectionRows()).toHaveLength(0);
  });

  it('cancel stops waiting; the late callback is refused', async () => {
    const authorizeUrl = await startConnect();
    const callback = await approveInBrowser(authorizeUrl);
    await t.core.handlers['connections.cancel']({ platform: 'x' });
    expect((await t.platform('x')).status.state).toBe('not_connected');
    await t.core.openDeepLink(callback);
    expect((await t.platform('x')).status.state).toBe('not_connected');
    expect(connectionRows()).toHaveLength(0);
  });
});
