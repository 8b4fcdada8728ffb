import { describe, expect, it } from 'vitest';
import { isDevOverrideKey, type DevOverridePolicy } from '../../electron/core/config/dev-overrides';
import { DEFAULT_LICENCE_SERVER_URL, parseLicenceConfig } from '../../electron/core/licence/licence-config';
import { parseOAuthConfig } from '../../electron/core/connections/oauth-config';
import type { HttpClient, HttpRequest } from '../../electron/core/ports/http-client';
import type { Logger } from '../../electron/core/ports/logger';
import { createPlatformAdapters, DEFAULT_PUBLISH_URLS } from '../../electron/core/platforms/platform-adapters';

// Issue 12 §5: in a packaged app, the environment cannot redirect the licence server, the OAuth
// endpoints or the publishing APIs (anyone who can set the app's environment would receive the
// owner's licence key, codes, tokens and posts); the browser host and unpackaged runs still can.

function policy(allowDevOverrides: boolean): DevOverridePolicy & { warnings: string[] } {
  const warnings: string[] = [];
  const logger: Logger = { debug: () => {}, info: () => {}, error: () => {}, warn: (message) => warnings.push(message) };
  return { allowDevOverrides, logger, warnings };
}

const PACKAGED = false;
const UNPACKAGED = true;

const OAUTH_OVERRIDES = {
  AGENCYIQ_OAUTH_X_AUTHORIZE_URL: 'http://127.0.0.1:7001/authorize',
  AGENCYIQ_OAUTH_X_TOKEN_URL: 'http://127.0.0.1:7001/token',
  AGENCYIQ_OAUTH_X_REVOKE_URL: 'http://127.0.0.1:7001/revoke',
  AGENCYIQ_OAUTH_LINKEDIN_API_URL: 'http://127.0.0.1:7002/api',
};

describe('the licence server URL', () => {
  const env = { AGENCYIQ_LICENCE_SERVER_URL: 'https://licence.attacker.example' };

  it('is ignored by a packaged app, which names it in the log (never its value)', () => {
    const packaged = policy(PACKAGED);
    expect(parseLicenceConfig(env, packaged).serverUrl).toBe(DEFAULT_LICENCE_SERVER_URL);
    expect(packaged.warnings).toEqual(['AGENCYIQ_LICENCE_SERVER_URL is ignored in the packaged app']);
  });

  it('is honoured by the browser host and unpackaged Electron', () => {
    expect(parseLicenceConfig(env, policy(UNPACKAGED)).serverUrl).toBe('https://licence.attacker.example');
  });
});

describe('the OAuth endpoints', () => {
  const env = { ...OAUTH_OVERRIDES, AGENCYIQ_OAUTH_X_CLIENT_ID: 'x-client', AGENCYIQ_OAUTH_X_SCOPES: 'tweet.read tweet.write', AGENCYIQ_OAUTH_FLOW_TIMEOUT_MS: '60000' };

  it('are ignored by a packaged app; client ids, scopes and the sign-in timeout still count', () => {
    const packaged = policy(PACKAGED);
    const config = parseOAuthConfig(env, packaged);
    expect(config.providers.x).toMatchObject({ authorizeUrl: null, tokenUrl: null, revokeUrl: null, clientId: 'x-client', scopes: ['tweet.read', 'tweet.write'] });
    expect(config.providers.linkedin.apiUrl).toBeNull();
    expect(config.flowTimeoutMs).toBe(60_000);
    expect(packaged.warnings.sort()).toEqual(Object.keys(OAUTH_OVERRIDES).map((key) => `${key} is ignored in the packaged app`).sort());
  });

  it('a malformed override cannot stop a packaged app from starting, since it is never read', () => {
    expect(() => parseOAuthConfig({ AGENCYIQ_OAUTH_X_TOKEN_URL: 'javascript:alert(1)' }, policy(PACKAGED))).not.toThrow();
  });

  it('are honoured by the browser host and unpackaged Electron', () => {
    const config = parseOAuthConfig(env, policy(UNPACKAGED));
    expect(config.providers.x).toMatchObject({ authorizeUrl: OAUTH_OVERRIDES.AGENCYIQ_OAUTH_X_AUTHORIZE_URL, tokenUrl: OAUTH_OVERRIDES.AGENCYIQ_OAUTH_X_TOKEN_URL });
    expect(config.providers.linkedin.apiUrl).toBe(OAUTH_OVERRIDES.AGENCYIQ_OAUTH_LINKEDIN_API_URL);
  });
});

describe('the publishing base URLs', () => {
  const env = {
    AGENCYIQ_PUBLISH_FACEBOOK_URL: 'http://127.0.0.1:7003',
    AGENCYIQ_PUBLISH_LINKEDIN_URL: 'http://127.0.0.1:7004',
    AGENCYIQ_PUBLISH_X_URL: 'http://127.0.0.1:7005',
    AGENCYIQ_PUBLISH_INSTAGRAM_URL: 'http://127.0.0.1:7006',
    AGENCYIQ_PUBLISH_INSTAGRAM_UPLOAD_URL: 'http://127.0.0.1:7007',
    AGENCYIQ_PUBLISH_YOUTUBE_URL: 'http://127.0.0.1:7008',
    AGENCYIQ_PUBLISH_TIMEOUT_MS: '500',
  };
  const request = { text: 'Hi', title: null, media: [], accountId: '42', authorId: null, accessToken: 'tok' };
  // A public picture, so Instagram gets as far as its first request (it cannot post text alone).
  const picture = { kind: 'image' as const, source: { url: 'https://pictures.example/cake.jpg' }, mimeType: 'image/jpeg', byteLength: 1, altText: null };
  const pictureRequest = { ...request, media: [picture] };
  // YouTube sends only a video with a title; its first request starts the upload session.
  const video = { kind: 'video' as const, source: { path: '/nowhere/clip.mp4' }, mimeType: 'video/mp4', byteLength: 10, altText: null };
  const youtubeRequest = { ...request, title: 'Clip', media: [video] };

  async function sentTo(allowDevOverrides: boolean) {
    const sent: HttpRequest[] = [];
    const http: HttpClient = { send: async (r) => (sent.push(r), { kind: 'not_sent', reason: 'refused', message: 'test' }) };
    const options = policy(allowDevOverrides);
    const adapters = createPlatformAdapters({ env, clock: { now: () => 0 }, http, ...options });
    for (const adapter of Object.values(adapters)) await adapter.publish(adapter.platform === 'youtube' ? youtubeRequest : adapter.platform === 'instagram' ? pictureRequest : request);
    return { sent, warnings: options.warnings };
  }

  it('are ignored by a packaged app, which publishes to the platforms themselves (the timeout still counts)', async () => {
    const { sent, warnings } = await sentTo(PACKAGED);
    const origins = sent.map((r) => new URL(r.url).origin).sort();
    // Instagram stops at its first request (refused), before any upload to its upload host.
    const { instagramUpload: _upload, ...apis } = DEFAULT_PUBLISH_URLS;
    expect(origins).toEqual(Object.values(apis).map((url) => new URL(url).origin).sort());
    expect(sent.every((r) => r.timeoutMs === 500)).toBe(true);
    expect(warnings).toHaveLength(6);
  });

  it('are honoured by the browser host and unpackaged Electron', async () => {
    const { sent } = await sentTo(UNPACKAGED);
    expect(sent.map((r) => new URL(r.url).origin).sort()).toEqual(['http://127.0.0.1:7003', 'http://127.0.0.1:7004', 'http://127.0.0.1:7005', 'http://127.0.0.1:7006', 'http://127.0.0.1:7008']);
  });
});

describe('which variables are development overrides', () => {
  it.each([
    'AGENCYIQ_LICENCE_SERVER_URL',
    'AGENCYIQ_LICENCE_PUBLIC_KEY',
    'AGENCYIQ_OAUTH_YOUTUBE_AUTHORIZE_URL',
    'AGENCYIQ_OAUTH_INSTAGRAM_TOKEN_URL',
    'AGENCYIQ_OAUTH_FACEBOOK_REVOKE_URL',
    'AGENCYIQ_OAUTH_X_API_URL',
    'AGENCYIQ_OAUTH_YOUTUBE_ISSUER',
    'AGENCYIQ_PUBLISH_FACEBOOK_URL',
    'AGENCYIQ_PUBLISH_X_URL',
    'AGENCYIQ_PUBLISH_X_WEB_URL',
    'AGENCYIQ_PUBLISH_INSTAGRAM_URL',
    'AGENCYIQ_PUBLISH_INSTAGRAM_UPLOAD_URL',
  ])('%s is one', (key) => expect(isDevOverrideKey(key)).toBe(true));

  it.each(['AGENCYIQ_OAUTH_X_CLIENT_ID', 'AGENCYIQ_OAUTH_YOUTUBE_CLIENT_SECRET', 'AGENCYIQ_OAUTH_X_SCOPES', 'AGENCYIQ_OAUTH_FLOW_TIMEOUT_MS', 'AGENCYIQ_PUBLISH_TIMEOUT_MS', 'PATH'])(
    '%s is not',
    (key) => expect(isDevOverrideKey(key)).toBe(false),
  );
});
