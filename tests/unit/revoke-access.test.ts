import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeHttpClient } from '../../electron/core/http/node-http-client';
import { parseOAuthConfig } from '../../electron/core/connections/oauth-config';
import { UNPACKAGED } from '../support/test-ports';
import { createProviderRegistry, type ProviderDefinition } from '../../electron/core/connections/provider-registry';
import { revokeAccess } from '../../electron/core/connections/revoke-access';
import type { TokenSet } from '../../electron/core/connections/token-set';
import { json, startScriptedHttpServer, type ScriptedHttpServer } from '../support/scripted-http-server';

// Disconnect withdraws access at the platform where it can; whatever the platform answers,
// revokeAccess says what happened and never throws (the local wipe follows regardless).

const http = createNodeHttpClient();
const registry = createProviderRegistry(parseOAuthConfig({}, UNPACKAGED));
const tokens: TokenSet = { accessToken: 'acc-secret', refreshToken: 'ref-secret', userAccessToken: 'user-secret', scope: null };
let server: ScriptedHttpServer;
let x: ProviderDefinition;
let facebook: ProviderDefinition;

beforeAll(async () => {
  server = await startScriptedHttpServer(() => {});
  x = { ...registry.x, revokeUrl: `${server.url}/2/oauth2/revoke`, clientId: 'client-1' };
  facebook = { ...registry.facebook, apiUrl: server.url };
});
afterAll(async () => {
  await server.close();
});

describe('revokeAccess', () => {
  it('RFC 7009: revokes the refresh token, then the access token, each in a form body', async () => {
    server.setScript((_q, res) => json(res, 200, {}));
    const before = server.requests.length;
    expect(await revokeAccess(http, x, tokens)).toBe('revoked');
    const sent = server.requests.slice(before);
    expect(sent.map((r) => [r.method, r.path])).toEqual([['POST', '/2/oauth2/revoke'], ['POST', '/2/oauth2/revoke']]);
    expect(String(sent[0]!.body)).toContain('token=ref-secret');
    expect(String(sent[1]!.body)).toContain('token_type_hint=access_token');
    expect(sent.every((r) => r.headers.authorization === undefined)).toBe(true);
  });

  it('RFC 7009: a refusal is "failed"; a redirect is not followed and stops the sequence', async () => {
    server.setScript((_q, res) => json(res, 400, { error: 'invalid_request' }));
    expect(await revokeAccess(http, x, tokens)).toBe('failed');
    server.setScript((_q, res) => { res.writeHead(302, { location: 'http://evil.example/' }); res.end(); });
    const before = server.requests.length;
    expect(await revokeAccess(http, x, tokens)).toBe('failed');
    expect(server.requests.length - before).toBe(1);
  });

  it('Meta: DELETE /me/permissions with the user token as a bearer header; a 2xx is "revoked", else "failed"', async () => {
    server.setScript((_q, res) => json(res, 200, { success: true }));
    expect(await revokeAccess(http, facebook, tokens)).toBe('revoked');
    const request = server.requests.at(-1)!;
    expect([request.method, request.path, request.headers.authorization]).toEqual(['DELETE', '/me/permissions', 'Bearer user-secret']);
    server.setScript((_q, res) => json(res, 500, {}));
    expect(await revokeAccess(http, facebook, tokens)).toBe('failed');
  });

  it('an unreachable platform is "failed", never a throw', async () => {
    expect(await revokeAccess(http, { ...x, revokeUrl: 'http://127.0.0.1:9/revoke' }, tokens)).toBe('failed');
    expect(await revokeAccess(http, { ...facebook, apiUrl: 'http://127.0.0.1:9' }, tokens)).toBe('failed');
  });

  it('LinkedIn offers no revocation', async () => {
    expect(await revokeAccess(http, registry.linkedin, tokens)).toBe('not_supported');
  });
});
