import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeHttpClient } from '../../electron/core/http/node-http-client';
import { DiscoveryError, fetchJson } from '../../electron/core/connections/discovery/fetch-json';
import { json, startScriptedHttpServer, type Script, type ScriptedHttpServer } from '../support/scripted-http-server';

// Discovery after consent: whatever the platform answers becomes a typed DiscoveryError the
// Connections page can explain; the token goes in the Authorization header only.

const http = createNodeHttpClient();
let server: ScriptedHttpServer;

beforeAll(async () => {
  server = await startScriptedHttpServer(() => {});
});
afterAll(async () => {
  await server.close();
});

async function failure(script: Script): Promise<DiscoveryError> {
  server.setScript(script);
  const error = await fetchJson(http, `${server.url}/me`, 'tok-secret').then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(DiscoveryError);
  return error as DiscoveryError;
}

describe('fetchJson (discovery)', () => {
  it('sends the token as a bearer header, never in the URL, and returns the parsed JSON', async () => {
    server.setScript((_q, res) => json(res, 200, { data: { id: '1' } }));
    expect(await fetchJson(http, `${server.url}/me?fields=id`, 'tok-secret', { 'LinkedIn-Version': '202501' })).toEqual({ data: { id: '1' } });
    const request = server.requests.at(-1)!;
    expect(request.headers.authorization).toBe('Bearer tok-secret');
    expect(request.headers['linkedin-version']).toBe('202501');
    expect(request.path).not.toContain('tok-secret');
  });

  const cases: Array<[string, Script, DiscoveryError['kind'], number | null]> = [
    ['a 401', (_q, res) => json(res, 401, { error: 'expired' }), 'unauthorized', 401],
    ['a 403', (_q, res) => json(res, 403, {}), 'unauthorized', 403],
    ['a 400', (_q, res) => json(res, 400, {}), 'rejected', 400],
    ['a 429', (_q, res) => json(res, 429, {}), 'unavailable', 429],
    ['a 502', (_q, res) => { res.writeHead(502); res.end('bad gateway'); }, 'unavailable', 502],
    ['a 200 that is not JSON', (_q, res) => { res.writeHead(200); res.end('<html>'); }, 'unavailable', 200],
    ['a redirect (never followed)', (_q, res) => { res.writeHead(302, { location: 'http://evil.example/' }); res.end(); }, 'unavailable', null],
    ['a reset connection', (_q, res) => { res.socket?.destroy(); }, 'unavailable', null],
  ];
  for (const [name, script, kind, status] of cases) {
    it(`turns ${name} into a "${kind}" DiscoveryError`, async () => {
      const error = await failure(script);
      expect(error).toMatchObject({ kind, status });
      expect(error.message).not.toContain('tok-secret');
    });
  }

  it('reports a platform that is not there as unavailable', async () => {
    const error = await fetchJson(http, 'http://127.0.0.1:9/me', 'tok-secret').then(() => null, (e: unknown) => e);
    expect(error).toMatchObject({ kind: 'unavailable', message: 'The platform could not be reached.' });
  });
});
