import crypto from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { testSecretStore } from '../support/test-ports';
import { approveInBrowser, openOAuthTestCore, startOAuthFakes, type OAuthFakes, type OAuthTestCore } from '../support/oauth-harness';

// Strategy `loopback` (YouTube, Google desktop client): a one-shot listener on 127.0.0.1 with an
// ephemeral port and an exact path receives the redirect.

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

async function startConnect(env = fakes.env): Promise<string> {
  t = await openOAuthTestCore(env);
  await t.core.handlers['connections.connect']({ platform: 'youtube' });
  expect((await t.platform('youtube')).status.state).toBe('waiting_for_browser');
  return t.shell.opened.at(-1)!;
}

const rowCount = () => (t.core.database.sqlite.prepare('SELECT count(*) AS n FROM connections').get() as { n: number }).n;
const reachable = (url: string) =>
  fetch(url).then(
    () => true,
    () => false,
  );

describe('connecting YouTube through a loopback redirect', () => {
  it('listens on 127.0.0.1 only, answers the browser, connects the channel, then stops listening', async () => {
    const authorizeUrl = new URL(await startConnect());
    const redirectUri = new URL(authorizeUrl.searchParams.get('redirect_uri')!);
    expect(redirectUri.hostname).toBe('127.0.0.1');
    expect(Number(redirectUri.port)).toBeGreaterThan(0);
    expect(authorizeUrl.searchParams.get('access_type')).toBe('offline');
    expect(authorizeUrl.searchParams.get('code_challenge_method')).toBe('S256');

    // Another path on the same port is not the callback.
    const wrongPath = await fetch(`${redirectUri.origin}/oauth/callback/guess?code=a&state=b`);
    expect(wrongPath.status).toBe(404);

    const connected = t.waitFor((o) => o.platforms.find((p) => p.platform === 'youtube')!.status.state === 'connected');
    const location = await approveInBrowser(authorizeUrl.href);
    const page = await fetch(location);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('You can go back to AgencyIQ');
    const overview = await connected;
    expect(overview.platforms.find((p) => p.platform === 'youtube')!.status).toMatchObject({
      state: 'connected',
      displayName: 'Paddington Sourdough TV',
    });
    // One callback, then closed: the replay cannot even connect.
    expect(await reachable(location)).toBe(false);
    expect(fakes.servers.youtube.requestsOf('authorization_code').filter((r) => r.outcome === 'ok')).toHaveLength(1);
    expect(fakes.api.requestsTo('/youtube/v3/channels').at(-1)!.query).toMatchObject({ mine: 'true' });
  });

  it('tells the owner when they decline, and closes the listener', async () => {
    const authorizeUrl = await startConnect();
    fakes.servers.youtube.denyNextConsent();
    const changed = t.waitFor((o) => o.platforms.find((p) => p.platform === 'youtube')!.notice !== null);
    const location = await approveInBrowser(authorizeUrl);
    expect((await fetch(location)).status).toBe(200);
    const overview = await changed;
    const youtube = overview.platforms.find((p) => p.platform === 'youtube')!;
    expect(youtube.status.state).toBe('not_connected');
    expect(youtube.notice).toBe('You did not allow AgencyIQ to use YouTube. Nothing was connected.');
    expect(rowCount()).toBe(0);
  });

  it('ignores a callback with the wrong state and still accepts the real one', async () => {
    const authorizeUrl = await startConnect();
    const location = new URL(await approveInBrowser(authorizeUrl));
    const forged = new URL(location.href);
    forged.searchParams.set('state', crypto.randomBytes(32).toString('base64url'));
    expect((await fetch(forged)).status).toBe(400);
    expect((await t.platform('youtube')).status.state).toBe('waiting_for_browser');
    const connected = t.waitFor((o) => o.platforms.find((p) => p.platform === 'youtube')!.status.state === 'connected');
    expect((await fetch(location)).status).toBe(200);
    await connected;
  });

  it('refuses an expired code and a wrong verifier, storing nothing', async () => {
    let authorizeUrl = await startConnect();
    let location = await approveInBrowser(authorizeUrl);
    fakes.servers.youtube.expireIssuedCodes();
    let failed = t.waitFor((o) => o.platforms.find((p) => p.platform === 'youtube')!.notice !== null);
    await fetch(location);
    expect((await failed).platforms.find((p) => p.platform === 'youtube')!.notice).toMatch(/did not accept the sign-in/);
    expect(fakes.servers.youtube.requestsOf('authorization_code').at(-1)!.outcome).toBe('invalid_grant');
    expect(rowCount()).toBe(0);
    await t.core.close();

    authorizeUrl = await startConnect();
    const tampered = new URL(authorizeUrl);
    tampered.searchParams.set('code_challenge', crypto.createHash('sha256').update(crypto.randomBytes(32).toString('base64url')).digest('base64url'));
    location = await approveInBrowser(tampered.href);
    failed = t.waitFor((o) => o.platforms.find((p) => p.platform === 'youtube')!.notice !== null);
    await fetch(location);
    await failed;
    expect((await t.platform('youtube')).status.state).toBe('not_connected');
    expect(rowCount()).toBe(0);
  });

  it('gives up after the timeout, closes the listener and says so', async () => {
    const authorizeUrl = await startConnect({ ...fakes.env, AGENCYIQ_OAUTH_FLOW_TIMEOUT_MS: '1000' });
    const redirectUri = new URL(new URL(authorizeUrl).searchParams.get('redirect_uri')!);
    const overview = await t.waitFor((o) => o.platforms.find((p) => p.platform === 'youtube')!.notice !== null);
    expect(overview.platforms.find((p) => p.platform === 'youtube')!.notice).toMatch(/did not come back in time/);
    expect(overview.platforms.find((p) => p.platform === 'youtube')!.status.state).toBe('not_connected');
    expect(await reachable(redirectUri.href)).toBe(false);
  });

  it('keeps the refresh token when Google does not rotate it (simple-oauth2 5.1.0 would drop it)', async () => {
    const authorizeUrl = await startConnect();
    const connected = t.waitFor((o) => o.platforms.find((p) => p.platform === 'youtube')!.status.state === 'connected');
    await fetch(await approveInBrowser(authorizeUrl));
    await connected;
    const id = (await t.core.connections.store.byPlatform('youtube'))!.id;
    const original = fakes.servers.youtube.issuedRefreshTokens.at(-1)!;

    t.clock.advance(3600 * 1000);
    const fresh = await t.core.connections.refresh.getAccessToken(id);
    expect(fakes.servers.youtube.requestsOf('refresh_token').at(-1)!.outcome).toBe('ok');
    expect(fakes.servers.youtube.isIssuedAccessToken(fresh)).toBe(true);
    const row = t.core.database.sqlite.prepare('SELECT token_ciphertext FROM connections WHERE id = ?').get(id) as { token_ciphertext: Buffer };
    const stored = JSON.parse(await testSecretStore().decrypt(row.token_ciphertext));
    expect(stored.accessToken).toBe(fresh);
    expect(stored.refreshToken).toBe(original);

    // And it still works the next time round.
    t.clock.advance(3600 * 1000);
    await t.core.connections.refresh.getAccessToken(id);
    expect(fakes.servers.youtube.requestsOf('refresh_token').at(-1)!.outcome).toBe('ok');

    // Disconnect asks Google to revoke the grant, then wipes the row.
    const revokesBefore = fakes.servers.youtube.revokeRequests.length;
    await t.core.handlers['connections.disconnect']({ platform: 'youtube' });
    expect(fakes.servers.youtube.revokeRequests.length - revokesBefore).toBe(1);
    expect(rowCount()).toBe(0);
    expect((await t.platform('youtube')).status.state).toBe('not_connected');
  });
});
