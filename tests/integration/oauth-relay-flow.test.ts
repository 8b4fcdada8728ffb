import crypto from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import { RELAY_API } from '@shared/oauth/relay-api';
import type { OAuthRelayTables } from '../../licence-server/oauth-relay/relay-migration';
import { testSecretStore } from '../support/test-ports';
import { approveInBrowser, openOAuthTestCore, startOAuthFakes, type OAuthFakes, type OAuthTestCore } from '../support/oauth-harness';
import { startLicenceServer, type LicenceServerHarness } from '../support/licence-server-harness';

// Strategy `relay` (Facebook, Instagram, LinkedIn): the provider redirects to the real licence
// server, which exchanges the code with the client secret and sends the browser on to
// agencyiq://oauth/complete?handoff=…; the app redeems the handoff once with its device session.

let fakes: OAuthFakes;
let server: LicenceServerHarness;
let t: OAuthTestCore;

beforeAll(async () => {
  fakes = await startOAuthFakes();
  server = await startLicenceServer({ oauthRelay: fakes.relayConfig });
});
afterAll(async () => {
  await server?.close();
  await fakes?.stop();
});
afterEach(async () => {
  await t?.core.close();
  fakes.api.identity = { ...fakes.api.identity, pages: [{ id: '102938475610', name: 'Paddington Sourdough', instagram: { id: '17841400000000001', username: 'paddosourdough' } }] };
});

const appEnv = () => ({ ...fakes.env, AGENCYIQ_LICENCE_SERVER_URL: server.url });
const relayDb = () => server.db.db as unknown as Kysely<OAuthRelayTables>;
const rowCount = () => (t.core.database.sqlite.prepare('SELECT count(*) AS n FROM connections').get() as { n: number }).n;

async function startConnect(platform: 'facebook' | 'instagram' | 'linkedin', extraEnv: Record<string, string> = {}): Promise<string> {
  t = await openOAuthTestCore({ ...appEnv(), ...extraEnv });
  await seatThisComputer(t);
  await t.core.handlers['connections.connect']({ platform });
  expect((await t.platform(platform)).status.state).toBe('waiting_for_browser');
  return t.shell.opened.at(-1)!;
}

/** The relay serves owners with a plan: sign this computer in and give it a seat on one. */
async function seatThisComputer(core: OAuthTestCore): Promise<void> {
  await core.core.handlers['licence.sync']({}); // signs the device in
  await server.grantPlanToUnlicensedDevices();
}

/** The browser follows the provider's redirect to the licence server, which redirects to the app. */
async function throughRelay(providerRedirect: string): Promise<Response> {
  return fetch(providerRedirect, { redirect: 'manual' });
}

async function handoffLink(authorizeUrl: string): Promise<string> {
  const atServer = await approveInBrowser(authorizeUrl);
  expect(atServer.startsWith(`${server.url}${RELAY_API.callback}?`)).toBe(true);
  const response = await throughRelay(atServer);
  expect(response.status).toBe(302);
  const link = response.headers.get('location')!;
  expect(link).toMatch(/^agencyiq:\/\/oauth\/complete\?handoff=[A-Za-z0-9_-]{43}$/);
  return link;
}

describe('connecting through the licence server relay', () => {
  it('LinkedIn: the server exchanges the code with the secret; the app redeems once and connects the member', async () => {
    const authorizeUrl = new URL(await startConnect('linkedin'));
    expect(authorizeUrl.origin).toBe(fakes.servers.linkedin.url);
    expect(authorizeUrl.searchParams.get('redirect_uri')).toBe(`${server.url}${RELAY_API.callback}`);
    // LinkedIn's web flow takes no PKCE; the client secret never reaches the app.
    expect(authorizeUrl.searchParams.has('code_challenge')).toBe(false);
    expect(JSON.stringify(appEnv())).not.toContain(fakes.relayConfig.linkedin!.clientSecret);

    await t.core.openDeepLink(await handoffLink(authorizeUrl.href));
    const linkedin = await t.platform('linkedin');
    expect(linkedin.status).toEqual({ state: 'connected', displayName: 'Sam Baker', expiresInDays: 60, expiringSoon: false, alsoPostsAs: [] });
    // Without organisation scopes, no organisation lookups.
    expect(fakes.api.requestsTo('/rest/organizationAcls')).toHaveLength(0);
    const exchange = fakes.servers.linkedin.requestsOf('authorization_code').at(-1)!;
    expect(exchange.outcome).toBe('ok');
    expect(exchange.body.client_secret).toBe('linkedin-secret');
    // The server kept nothing once the handoff was redeemed.
    expect(await relayDb().selectFrom('oauth_relay_handoffs').selectAll().execute()).toEqual([]);
    expect(await relayDb().selectFrom('oauth_relay_flows').selectAll().execute()).toEqual([]);
  });

  it('LinkedIn with organisation access granted: the Pages the member administers are found too', async () => {
    const authorizeUrl = new URL(
      await startConnect('linkedin', { AGENCYIQ_OAUTH_LINKEDIN_SCOPES: 'openid profile w_member_social rw_organization_admin w_organization_social' }),
    );
    expect(authorizeUrl.searchParams.get('scope')).toContain('rw_organization_admin');
    await t.core.openDeepLink(await handoffLink(authorizeUrl.href));
    expect((await t.platform('linkedin')).status).toMatchObject({
      state: 'connected',
      displayName: 'Sam Baker',
      alsoPostsAs: ['Paddington Sourdough Pty Ltd'],
    });
    const acl = fakes.api.requestsTo('/rest/organizationAcls').at(-1)!;
    expect(acl.status).toBe(200);
    expect(acl.query).toMatchObject({ q: 'roleAssignee', role: 'ADMINISTRATOR', state: 'APPROVED' });
    expect(fakes.api.requestsTo('/rest/organizations/2414183').at(-1)!.status).toBe(200);
    const targets = t.core.database.sqlite.prepare("SELECT targets_json FROM connections WHERE platform = 'linkedin'").get() as { targets_json: string };
    expect(JSON.parse(targets.targets_json)).toEqual([{ id: 'urn:li:organization:2414183', name: 'Paddington Sourdough Pty Ltd' }]);
  });

  it('Facebook: long-lived user token, the owner picks one of two Pages, the Page token is stored', async () => {
    fakes.api.identity = {
      ...fakes.api.identity,
      pages: [
        { id: '102938475610', name: 'Paddington Sourdough' },
        { id: '564738291011', name: 'Paddington Sourdough Catering' },
      ],
    };
    const authorizeUrl = new URL(await startConnect('facebook'));
    expect(authorizeUrl.searchParams.get('code_challenge_method')).toBe('S256');
    await t.core.openDeepLink(await handoffLink(authorizeUrl.href));
    const choosing = (await t.platform('facebook')).status;
    expect(choosing).toEqual({
      state: 'choosing_page',
      pages: [
        { id: '102938475610', name: 'Paddington Sourdough' },
        { id: '564738291011', name: 'Paddington Sourdough Catering' },
      ],
    });
    expect(fakes.servers.facebook.requestsOf('fb_exchange_token').at(-1)!.outcome).toBe('ok');
    await t.core.handlers['connections.choosePage']({ platform: 'facebook', pageId: '564738291011' });
    expect((await t.platform('facebook')).status).toMatchObject({ state: 'connected', displayName: 'Paddington Sourdough Catering', expiresInDays: 60 });
    const row = t.core.database.sqlite.prepare("SELECT account_id, token_ciphertext FROM connections WHERE platform = 'facebook'").get() as {
      account_id: string;
      token_ciphertext: Buffer;
    };
    expect(row.account_id).toBe('564738291011');
    const stored = JSON.parse(await testSecretStore().decrypt(row.token_ciphertext));
    expect(stored.accessToken).toMatch(/^page-token-564738291011-/);
    expect(stored.userAccessToken).toMatch(/^EAAG/);
  });

  it('Instagram: the business account linked to the Page is connected', async () => {
    const authorizeUrl = await startConnect('instagram');
    await t.core.openDeepLink(await handoffLink(authorizeUrl));
    expect((await t.platform('instagram')).status).toMatchObject({ state: 'connected', displayName: '@paddosourdough' });
    expect(fakes.api.requestsTo('/me/accounts').at(-1)!.query.fields).toContain('instagram_business_account');
  });

  it('disconnecting Facebook keeps the shared Meta grant while Instagram still uses it; the last one revokes it', async () => {
    const facebookUrl = await startConnect('facebook');
    await t.core.openDeepLink(await handoffLink(facebookUrl));
    await t.core.handlers['connections.connect']({ platform: 'instagram' });
    await t.core.openDeepLink(await handoffLink(t.shell.opened.at(-1)!));
    expect((await t.platform('facebook')).status.state).toBe('connected');
    expect((await t.platform('instagram')).status.state).toBe('connected');

    const deletesBefore = fakes.api.permissionDeletes.length;
    await t.core.handlers['connections.disconnect']({ platform: 'facebook' });
    expect(fakes.api.permissionDeletes.length).toBe(deletesBefore);
    expect((await t.platform('facebook')).status.state).toBe('not_connected');
    expect((await t.platform('instagram')).status.state).toBe('connected');

    await t.core.handlers['connections.disconnect']({ platform: 'instagram' });
    expect(fakes.api.permissionDeletes.length).toBe(deletesBefore + 1);
    expect(fakes.servers.instagram.isIssuedAccessToken(fakes.api.permissionDeletes.at(-1)!)).toBe(true);
    expect(rowCount()).toBe(0);
  });

  it('the owner declines: the relay hands over the refusal, nothing is stored', async () => {
    const authorizeUrl = await startConnect('linkedin');
    fakes.servers.linkedin.denyNextConsent();
    await t.core.openDeepLink(await handoffLink(authorizeUrl));
    const linkedin = await t.platform('linkedin');
    expect(linkedin.status.state).toBe('not_connected');
    expect(linkedin.notice).toBe('You did not allow AgencyIQ to use LinkedIn. Nothing was connected.');
    expect(rowCount()).toBe(0);
  });

  it('a state the server never registered, or a replayed callback, is refused by the server', async () => {
    const authorizeUrl = await startConnect('linkedin');
    const atServer = new URL(await approveInBrowser(authorizeUrl));
    const forged = new URL(atServer.href);
    forged.searchParams.set('state', crypto.randomBytes(32).toString('base64url'));
    const refused = await throughRelay(forged.href);
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain('This sign-in link has run out');

    const first = await throughRelay(atServer.href);
    expect(first.status).toBe(302);
    const replay = await throughRelay(atServer.href);
    expect(replay.status).toBe(400);
    expect(fakes.servers.linkedin.requestsOf('authorization_code').filter((r) => r.body.code === atServer.searchParams.get('code'))).toHaveLength(1);
    await t.core.openDeepLink(first.headers.get('location')!);
    expect((await t.platform('linkedin')).status.state).toBe('connected');
  });

  it('an expired code or a wrong PKCE verifier: the server hands over the failure, nothing is stored', async () => {
    let authorizeUrl = await startConnect('linkedin');
    let atServer = await approveInBrowser(authorizeUrl);
    fakes.servers.linkedin.expireIssuedCodes();
    let response = await throughRelay(atServer);
    await t.core.openDeepLink(response.headers.get('location')!);
    expect((await t.platform('linkedin')).notice).toMatch(/LinkedIn did not accept the sign-in/);
    expect(rowCount()).toBe(0);
    await t.core.close();

    authorizeUrl = await startConnect('facebook');
    const tampered = new URL(authorizeUrl);
    tampered.searchParams.set('code_challenge', crypto.createHash('sha256').update(crypto.randomBytes(32).toString('base64url')).digest('base64url'));
    atServer = await approveInBrowser(tampered.href);
    response = await throughRelay(atServer);
    await t.core.openDeepLink(response.headers.get('location')!);
    expect((await t.platform('facebook')).notice).toMatch(/Facebook did not accept the sign-in/);
    expect(rowCount()).toBe(0);
  });

  it('a handoff is refused when redeemed twice, by another device, or after five minutes — nothing stored', async () => {
    // Another device cannot take it (and does not burn it).
    let authorizeUrl = await startConnect('linkedin');
    let link = await handoffLink(authorizeUrl);
    const handoff = new URL(link).searchParams.get('handoff')!;
    const intruder = server.device('Someone else');
    await intruder.signIn();
    const stolen = await intruder.call('POST', `${RELAY_API.redeem}/${handoff}`, {});
    expect(stolen.status).toBe(404);
    expect(stolen.body).toMatchObject({ code: 'unknown_handoff' });
    expect(JSON.stringify(stolen.body)).not.toContain('accessToken');

    await t.core.openDeepLink(link);
    expect((await t.platform('linkedin')).status.state).toBe('connected');
    const linkedinBefore = t.core.database.sqlite.prepare('SELECT * FROM connections').all();

    // Twice: the app's second redemption is refused and changes nothing.
    await t.core.handlers['connections.connect']({ platform: 'x' }); // another flow waiting, so the link is not ignored outright
    await t.core.handlers['connections.connect']({ platform: 'linkedin' });
    await t.core.openDeepLink(link);
    expect(t.logger.lines.some((l) => l.includes('Relay handoff refused') && l.includes('unknown_handoff'))).toBe(true);
    expect((await t.platform('linkedin')).status.state).toBe('waiting_for_browser');
    expect(t.core.database.sqlite.prepare('SELECT * FROM connections').all()).toEqual(linkedinBefore);
    await t.core.close();

    // After five minutes: refused, nothing stored, and the server has forgotten it.
    authorizeUrl = await startConnect('linkedin');
    link = await handoffLink(authorizeUrl);
    server.clock.advance(5 * 60 * 1000 + 1);
    await t.core.openDeepLink(link);
    expect((await t.platform('linkedin')).status.state).toBe('waiting_for_browser');
    expect(rowCount()).toBe(0);
    expect(await relayDb().selectFrom('oauth_relay_handoffs').selectAll().execute()).toEqual([]);
  });

  it('the relay routes refuse a request without a device session', async () => {
    const anonymous = await fetch(`${server.url}${RELAY_API.flows}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ platform: 'linkedin', state: 'a'.repeat(43), codeVerifier: null }),
    });
    expect(anonymous.status).toBe(401);
    const redeem = await fetch(`${server.url}${RELAY_API.redeem}/${'b'.repeat(43)}`, { method: 'POST' });
    expect(redeem.status).toBe(401);
  });

  it('refuses to start a sign-in for a computer without a plan in force, and caps sign-ins per computer per hour', async () => {
    // No plan: the confidential clients are not lent to anyone with a fresh key.
    const flowsBefore = (await relayDb().selectFrom('oauth_relay_flows').selectAll().execute()).length;
    t = await openOAuthTestCore(appEnv());
    await expect(t.core.handlers['connections.connect']({ platform: 'linkedin' })).rejects.toThrow(/needs your AgencyIQ licence to be active/);
    expect(await relayDb().selectFrom('oauth_relay_flows').selectAll().execute()).toHaveLength(flowsBefore);
    const stranger = server.device('Fresh key');
    await stranger.signIn();
    const start = (device: typeof stranger) =>
      device.call('POST', RELAY_API.flows, { platform: 'linkedin', state: crypto.randomBytes(24).toString('base64url'), codeVerifier: null });
    const unlicensed = await start(stranger);
    expect(unlicensed.status).toBe(409);
    expect(unlicensed.body).toMatchObject({ code: 'no_licence' });

    // A seated device starts up to the hourly cap, then gets 429 with Retry-After until the hour turns.
    await server.grantPlanToUnlicensedDevices();
    const cap = server.config.relayFlowsPerDevicePerHour;
    for (let i = 0; i < cap; i++) expect((await start(stranger)).status).toBe(200);
    const over = await start(stranger);
    expect(over.status).toBe(429);
    expect(over.body).toMatchObject({ code: 'rate_limited' });
    expect(await relayDb().selectFrom('oauth_relay_flows').selectAll().where('device_id', '=', stranger.deviceId!).execute()).toHaveLength(cap);
    // Another seated computer is not affected.
    const other = server.device('Office PC');
    await other.signIn();
    await server.grantPlanToUnlicensedDevices();
    expect((await start(other)).status).toBe(200);
    server.clock.advance(60 * 60 * 1000);
    await stranger.signIn(); // the hour-long session ran out too
    expect((await start(stranger)).status).toBe(200);
  });
});
