import { describe, expect, it } from 'vitest';
import { buildAuthorizationUrl } from '../../electron/core/connections/authorization-request';
import { parseOAuthConfig } from '../../electron/core/connections/oauth-config';
import { UNPACKAGED } from '../support/test-ports';
import { PendingFlows, type PendingFlow } from '../../electron/core/connections/pending-flows';
import { createPkcePair, createState, pkceChallenge } from '../../electron/core/connections/pkce';
import { createProviderRegistry } from '../../electron/core/connections/provider-registry';
import { startLoopbackListener } from '../../electron/core/connections/loopback-listener';
import { systemTimers } from '../../electron/core/ports/timers';

describe('PKCE', () => {
  it('matches the RFC 7636 appendix B example', () => {
    expect(pkceChallenge('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe('E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
  });

  it('makes 43-character base64url verifiers and states, fresh every time', () => {
    const pairs = Array.from({ length: 100 }, () => createPkcePair());
    for (const pair of pairs) {
      expect(pair.verifier).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(pair.challenge).toBe(pkceChallenge(pair.verifier));
    }
    expect(new Set(pairs.map((p) => p.verifier)).size).toBe(100);
    expect(createState()).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });
});

describe('pending flows', () => {
  let now = 1_000;
  const clock = { now: () => now };
  const flow = (platform: PendingFlow['platform'], state: string, released: string[]): PendingFlow => ({
    platform,
    state,
    codeVerifier: 'v'.repeat(43),
    redirectUri: 'agencyiq://oauth/x',
    expiresAt: now + 600_000,
    release: () => released.push(state),
  });

  it('consumes a state exactly once, for its own platform only', () => {
    const released: string[] = [];
    const flows = new PendingFlows(clock);
    flows.add(flow('x', 'state-aaaaaaaaaaaaaaaa', released));
    expect(flows.consume('state-bbbbbbbbbbbbbbbb', 'x')).toEqual({ ok: false, reason: 'unknown_state' });
    expect(flows.consume('state-aaaaaaaaaaaaaaaa', 'youtube')).toEqual({ ok: false, reason: 'wrong_platform' });
    expect(flows.waiting('x')).not.toBeNull();
    expect(flows.consume('state-aaaaaaaaaaaaaaaa', 'x').ok).toBe(true);
    expect(flows.consume('state-aaaaaaaaaaaaaaaa', 'x')).toEqual({ ok: false, reason: 'unknown_state' });
    expect(released).toEqual(['state-aaaaaaaaaaaaaaaa']);
  });

  it('refuses an expired state and releases it; a new connect replaces the old flow', () => {
    const released: string[] = [];
    const flows = new PendingFlows(clock);
    flows.add(flow('x', 'old-state-aaaaaaaaaaaa', released));
    flows.add(flow('x', 'new-state-aaaaaaaaaaaa', released));
    expect(released).toEqual(['old-state-aaaaaaaaaaaa']);
    expect(flows.consume('old-state-aaaaaaaaaaaa', 'x')).toEqual({ ok: false, reason: 'unknown_state' });
    now += 600_001;
    expect(flows.consume('new-state-aaaaaaaaaaaa', 'x')).toEqual({ ok: false, reason: 'expired' });
    expect(flows.waiting('x')).toBeNull();
  });
});

describe('OAuth configuration and the provider registry', () => {
  it('uses the production endpoints unless configuration overrides them', () => {
    const registry = createProviderRegistry(parseOAuthConfig({}, UNPACKAGED));
    expect(registry.x).toMatchObject({
      strategy: 'deeplink',
      authorizeUrl: 'https://x.com/i/oauth2/authorize',
      tokenUrl: 'https://api.x.com/2/oauth2/token',
      clientId: null,
    });
    expect(registry.youtube.strategy).toBe('loopback');
    expect(registry.linkedin.strategy).toBe('relay');
    expect(registry.x.scopes).toContain('offline.access');
    const overridden = createProviderRegistry(
      parseOAuthConfig({ AGENCYIQ_OAUTH_X_TOKEN_URL: 'http://127.0.0.1:9/token', AGENCYIQ_OAUTH_X_CLIENT_ID: 'abc' }, UNPACKAGED),
    );
    expect(overridden.x.tokenUrl).toBe('http://127.0.0.1:9/token');
    expect(overridden.x.clientId).toBe('abc');
  });

  it('knows the issuers the providers publish, and drops the default one when the sign-in page is pointed elsewhere', () => {
    const registry = createProviderRegistry(parseOAuthConfig({}, UNPACKAGED));
    expect(registry.youtube.issuer).toBe('https://accounts.google.com');
    expect(registry.facebook.issuer).toBe('https://www.facebook.com');
    expect(registry.instagram.issuer).toBe('https://www.facebook.com');
    expect(registry.linkedin.issuer).toBe('https://www.linkedin.com/oauth');
    expect(registry.x.issuer).toBeNull();
    const elsewhere = createProviderRegistry(parseOAuthConfig({ AGENCYIQ_OAUTH_YOUTUBE_AUTHORIZE_URL: 'http://127.0.0.1:9/authorize' }, UNPACKAGED));
    expect(elsewhere.youtube.issuer).toBeNull();
    const named = createProviderRegistry(
      parseOAuthConfig({ AGENCYIQ_OAUTH_YOUTUBE_AUTHORIZE_URL: 'http://127.0.0.1:9/authorize', AGENCYIQ_OAUTH_YOUTUBE_ISSUER: 'http://127.0.0.1:9' }, UNPACKAGED),
    );
    expect(named.youtube.issuer).toBe('http://127.0.0.1:9');
  });

  it('allows plain http endpoints only on this computer (127.0.0.1, localhost, [::1])', () => {
    for (const key of ['AUTHORIZE_URL', 'TOKEN_URL', 'REVOKE_URL', 'API_URL', 'ISSUER']) {
      const name = `AGENCYIQ_OAUTH_X_${key}`;
      for (const host of ['127.0.0.1:9', 'localhost:9', '[::1]:9']) expect(() => parseOAuthConfig({ [name]: `http://${host}/p` }, UNPACKAGED)).not.toThrow();
      expect(() => parseOAuthConfig({ [name]: 'https://auth.example.com/p' }, UNPACKAGED)).not.toThrow();
      for (const host of ['auth.example.com', '10.0.0.5', '127.0.0.1.example.com', '192.168.1.2:8080']) {
        expect(() => parseOAuthConfig({ [name]: `http://${host}/p` }, UNPACKAGED), `${name}=http://${host}`).toThrow(new RegExp(name));
      }
    }
  });

  it('refuses a malformed override instead of silently sending tokens elsewhere', () => {
    expect(() => parseOAuthConfig({ AGENCYIQ_OAUTH_X_TOKEN_URL: 'javascript:alert(1)' }, UNPACKAGED)).toThrow(/AGENCYIQ_OAUTH_X_TOKEN_URL/);
    expect(() => parseOAuthConfig({ AGENCYIQ_OAUTH_FLOW_TIMEOUT_MS: '5' }, UNPACKAGED)).toThrow(/FLOW_TIMEOUT/);
  });

  it('builds an authorize URL with S256 PKCE, keeping a query the configured URL already has', () => {
    const registry = createProviderRegistry(parseOAuthConfig({ AGENCYIQ_OAUTH_YOUTUBE_AUTHORIZE_URL: 'https://accounts.google.com/o/oauth2/v2/auth?hl=en' }, UNPACKAGED));
    const url = new URL(
      buildAuthorizationUrl({ provider: registry.youtube, clientId: 'id', redirectUri: 'http://127.0.0.1:5/cb', state: 's'.repeat(43), codeChallenge: 'c'.repeat(43) }),
    );
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      hl: 'en',
      response_type: 'code',
      client_id: 'id',
      code_challenge_method: 'S256',
      access_type: 'offline',
      scope: 'https://www.googleapis.com/auth/youtube.upload https://www.googleapis.com/auth/youtube.readonly',
    });
  });
});

describe('the loopback listener', () => {
  it('binds 127.0.0.1 only, answers one exact path once, and refuses other methods and states', async () => {
    const listener = await startLoopbackListener({ expectedState: 'S'.repeat(43), timeoutMs: 10_000, timers: systemTimers });
    const redirect = new URL(listener.redirectUri);
    expect(redirect.hostname).toBe('127.0.0.1');
    expect((await fetch(`${redirect.href}?code=a&state=${'S'.repeat(43)}`, { method: 'POST' })).status).toBe(404);
    expect((await fetch(`${redirect.href}?code=a&state=${'S'.repeat(43)}&state=${'S'.repeat(43)}`)).status).toBe(400);
    expect((await fetch(`${redirect.href}?code=a&error=x&state=${'S'.repeat(43)}`)).status).toBe(400);
    const ok = await fetch(`${redirect.href}?code=the-code&state=${'S'.repeat(43)}`);
    expect(ok.status).toBe(200);
    expect(ok.headers.get('cache-control')).toBe('no-store');
    await expect(listener.callback).resolves.toEqual({ kind: 'code', code: 'the-code', state: 'S'.repeat(43), issuer: null });
    await expect(fetch(redirect.href)).rejects.toThrow();
  });

  it('hands over the RFC 9207 iss, ignores other parameters, and refuses two iss values', async () => {
    const state = 'S'.repeat(43);
    const listener = await startLoopbackListener({ expectedState: state, timeoutMs: 10_000, timers: systemTimers });
    const iss = encodeURIComponent('https://accounts.google.com');
    expect((await fetch(`${listener.redirectUri}?code=c&state=${state}&iss=${iss}&iss=${iss}`)).status).toBe(400);
    const ok = await fetch(`${listener.redirectUri}?state=${state}&code=c&scope=a%20b&authuser=0&prompt=consent&iss=${iss}`);
    expect(ok.status).toBe(200);
    await expect(listener.callback).resolves.toEqual({ kind: 'code', code: 'c', state, issuer: 'https://accounts.google.com' });
  });

  it('uses one fixed redirect path, so only the port differs between sign-ins (RFC 8252 §7.3)', async () => {
    const listeners = await Promise.all([1, 2, 3].map((n) => startLoopbackListener({ expectedState: String(n).repeat(43), timeoutMs: 10_000, timers: systemTimers })));
    const uris = listeners.map((l) => new URL(l.redirectUri));
    for (const l of listeners) l.close();
    expect(new Set(uris.map((u) => u.port)).size).toBe(3);
    const withoutPort = uris.map((u) => {
      u.port = '';
      return u.href;
    });
    expect(new Set(withoutPort)).toEqual(new Set(['http://127.0.0.1/oauth/callback']));
  });

  it('closes on cancel', async () => {
    const listener = await startLoopbackListener({ expectedState: 'S'.repeat(43), timeoutMs: 10_000, timers: systemTimers });
    listener.close();
    await expect(listener.callback).rejects.toMatchObject({ reason: 'closed' });
    await expect(fetch(listener.redirectUri)).rejects.toThrow();
  });
});
