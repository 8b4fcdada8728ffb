import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { approveInBrowser, openOAuthTestCore, startOAuthFakes, type OAuthFakes, type OAuthTestCore } from '../support/oauth-harness';

// RFC 9207 issuer identification, against oauth2-mock-server made to add `iss` to every
// authorization response (success and error), as standards-complete servers do. The app must
// accept the parameter (RFC 6749 §4.1.2 says unknown ones are ignored), compare it with the
// provider's issuer, and refuse an answer naming another server (a mix-up) without storing anything.

let fakes: OAuthFakes;
let t: OAuthTestCore;

beforeAll(async () => {
  fakes = await startOAuthFakes();
  fakes.servers.x.identifyIssuer(true);
  fakes.servers.youtube.identifyIssuer(true);
});
afterAll(async () => {
  await fakes.stop();
});
afterEach(async () => {
  await t?.core.close();
});

async function startConnect(platform: 'x' | 'youtube'): Promise<string> {
  t = await openOAuthTestCore(fakes.env);
  await t.core.handlers['connections.connect']({ platform });
  return t.shell.opened.at(-1)!;
}

const rowCount = () => (t.core.database.sqlite.prepare('SELECT count(*) AS n FROM connections').get() as { n: number }).n;
const MIX_UP_NOTICE = /did not come from X’s sign-in page|did not come from YouTube’s sign-in page/;

describe('deep link (X): a redirect that carries iss', () => {
  it('completes the sign-in when iss names the provider', async () => {
    const callback = await approveInBrowser(await startConnect('x'));
    expect(new URL(callback).searchParams.get('iss')).toBe(fakes.servers.x.url);
    await t.core.openDeepLink(callback);
    expect((await t.platform('x')).status.state).toBe('connected');
    expect(rowCount()).toBe(1);
  });

  it('refuses an answer naming another server: no token request, nothing stored, the owner told', async () => {
    const authorizeUrl = await startConnect('x');
    fakes.servers.x.answerNextAsIssuer(fakes.servers.youtube.url);
    const before = fakes.servers.x.tokenEndpointHits();
    await t.core.openDeepLink(await approveInBrowser(authorizeUrl));
    const x = await t.platform('x');
    expect(x.status.state).toBe('not_connected');
    expect(x.notice).toMatch(MIX_UP_NOTICE);
    expect(fakes.servers.x.tokenEndpointHits()).toBe(before);
    expect(rowCount()).toBe(0);
    expect(t.logger.lines.some((l) => l.includes('wrong_issuer'))).toBe(true);
  });

  it('brings "access denied" with iss to the owner', async () => {
    const authorizeUrl = await startConnect('x');
    fakes.servers.x.denyNextConsent();
    const callback = await approveInBrowser(authorizeUrl);
    expect(new URL(callback).searchParams.get('error')).toBe('access_denied');
    expect(new URL(callback).searchParams.get('iss')).toBe(fakes.servers.x.url);
    await t.core.openDeepLink(callback);
    const x = await t.platform('x');
    expect(x.status.state).toBe('not_connected');
    expect(x.notice).toBe('You did not allow AgencyIQ to use X. Nothing was connected.');
  });

  it('refuses "access denied" from another server as a mix-up, not as the owner declining', async () => {
    const authorizeUrl = await startConnect('x');
    fakes.servers.x.denyNextConsent();
    fakes.servers.x.answerNextAsIssuer('https://attacker.example');
    await t.core.openDeepLink(await approveInBrowser(authorizeUrl));
    expect((await t.platform('x')).notice).toMatch(MIX_UP_NOTICE);
  });
});

describe('loopback (YouTube): a redirect that carries iss', () => {
  const youtube = (o: Awaited<ReturnType<OAuthTestCore['overview']>>) => o.platforms.find((p) => p.platform === 'youtube')!;

  it('completes the sign-in when iss names the provider', async () => {
    const authorizeUrl = await startConnect('youtube');
    const connected = t.waitFor((o) => youtube(o).status.state === 'connected');
    const location = await approveInBrowser(authorizeUrl);
    expect(new URL(location).searchParams.get('iss')).toBe(fakes.servers.youtube.url);
    expect((await fetch(location)).status).toBe(200);
    await connected;
    expect(rowCount()).toBe(1);
  });

  it('refuses an answer naming another server: no token request, nothing stored, the owner told', async () => {
    const authorizeUrl = await startConnect('youtube');
    fakes.servers.youtube.answerNextAsIssuer(fakes.servers.x.url);
    const before = fakes.servers.youtube.tokenEndpointHits();
    const told = t.waitFor((o) => youtube(o).notice !== null);
    await fetch(await approveInBrowser(authorizeUrl));
    const overview = await told;
    expect(youtube(overview).notice).toMatch(MIX_UP_NOTICE);
    expect(youtube(overview).status.state).toBe('not_connected');
    expect(fakes.servers.youtube.tokenEndpointHits()).toBe(before);
    expect(rowCount()).toBe(0);
  });

  it('brings "access denied" with iss to the owner', async () => {
    const authorizeUrl = await startConnect('youtube');
    fakes.servers.youtube.denyNextConsent();
    const told = t.waitFor((o) => youtube(o).notice !== null);
    const location = await approveInBrowser(authorizeUrl);
    expect(new URL(location).searchParams.get('iss')).toBe(fakes.servers.youtube.url);
    await fetch(location);
    expect(youtube(await told).notice).toBe('You did not allow AgencyIQ to use YouTube. Nothing was connected.');
  });

  it('keeps the redirect URI the same but for the port across sign-ins (RFC 8252 §7.3)', async () => {
    const redirects: URL[] = [];
    for (let i = 0; i < 3; i++) {
      redirects.push(new URL(new URL(await startConnect('youtube')).searchParams.get('redirect_uri')!));
      await t.core.close();
    }
    const portless = redirects.map((u) => `${u.protocol}//${u.hostname}${u.pathname}${u.search}`);
    expect(new Set(portless)).toEqual(new Set(['http://127.0.0.1/oauth/callback']));
    t = await openOAuthTestCore(fakes.env);
  });
});
