import { describe, expect, it } from 'vitest';
import { buildAuthorizationUrl } from '../../electron/core/oauth/authorization-request';
import { parseOAuthConfig } from '../../electron/core/oauth/oauth-config';
import { UNPACKAGED } from '../support/test-ports';
import { PendingFlows, type PendingFlow } from '../../electron/core/oauth/pending-flows';
import { createPkcePair, createState, pkceChallenge } from '../../electron/core/oauth/pkce';
import { createProviderRegistry } from '../../electron/core/oauth/provider-registry';
import { startLoopbackListener } from '../../electron/core/oauth/loopback-listener';

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
    const listener = await startLoopbackListener({ expectedState: 'S'.repeat(43), timeoutMs: 10_000 });
    const redirect = new URL(listener.redirectUri);
    expect(redirect.hostname).toBe('127.0.0.1');
    expect((await fetch(`${redirect.href}?code=a&state=${'S'.repeat(43)}`, { method: 'POST' })).status).toBe(404);
    expect((await fetch(`${redirect.href}?code=a&state=${'S'.repeat(43)}&state=${'S'.repeat(43)}`)).status).toBe(400);
    expect((await fetch(`${redirect.href}?code=a&error=x&state=${'S'.repeat(43)}`)).status).toBe(400);
    const ok = await fetch(`${redirect.href}?code=the-code&state=${'S'.repeat(43)}`);
    expect(ok.status).toBe(200);
    expect(ok.headers.get('cache-control')).toBe('no-store');
    await expect(listener.callback).resolves.toEqual({ kind: 'code', code: 'the-code', state: 'S'.repeat(43) });
    await expect(fetch(redirect.href)).rejects.toThrow();
  });

  it('closes on cancel', async () => {
    const listener = await startLoopbackListener({ expectedState: 'S'.repeat(43), timeoutMs: 10_000 });
    listener.close();
    await expect(listener.callback).rejects.toMatchObject({ reason: 'closed' });
    await expect(fetch(listener.redirectUri)).rejects.toThrow();
  });
});
