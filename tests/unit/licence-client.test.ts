import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createNodeHttpClient } from '../../electron/core/http/node-http-client';
import { DeviceIdentityStore } from '../../electron/core/licence/device-identity-store';
import type { DeviceIdentity } from '../../electron/core/licence/device-identity-store';
import { LicenceClient } from '../../electron/core/licence/licence-client';
import { LicenceClientError } from '../../electron/core/licence/licence-client-error';
import { silentLogger } from '../../electron/core/ports/logger';
import { LICENCE_API } from '@shared/licence/licence-api';
import { contractLicenceScript, type ContractServerState } from '../support/contract-licence-script';
import { createLeaseSigner, growthLease } from '../support/lease-signer';
import { json, startScriptedHttpServer, type Script, type ScriptedHttpServer } from '../support/scripted-http-server';
import { testSecretStore } from '../support/test-ports';
import { openTempDatabase, type TempDatabase } from '../support/temp-database';

// Whatever the licence server (or something pretending to be it) answers, the app gets a typed
// error with a plain message — never a crash, never a half-parsed lease.

let server: ScriptedHttpServer;
let temp: TempDatabase;
let identity: DeviceIdentity;
const signer = createLeaseSigner();
const http = createNodeHttpClient();
let state: ContractServerState;

beforeAll(async () => {
  temp = openTempDatabase('agencyiq-client-');
  identity = await new DeviceIdentityStore(temp.database.db, testSecretStore(), { now: Date.now }, silentLogger).loadOrCreate('Desk');
  server = await startScriptedHttpServer(() => {});
});
afterAll(async () => {
  await server.close();
  await temp.cleanup();
});

beforeEach(() => {
  state = { licence: { payload: (hash, now) => growthLease(hash, now) }, licenceKey: 'AIQ-TEST-KEY-1', now: Date.now, tokens: new Map(), sessionsOpened: 0, otherDevices: [] };
  server.setScript(contractLicenceScript(signer, state));
});

function client(timeoutMs = 2_000) {
  return new LicenceClient({ baseUrl: server.url, identity, os: 'linux', http, timeoutMs });
}

/** The contract server, except that the lease route answers with `lease`. */
function withLeaseRoute(lease: Script): Script {
  const contract = contractLicenceScript(signer, state);
  return (req, res) => (req.path === LICENCE_API.lease ? lease(req, res) : contract(req, res));
}

async function failure(promise: Promise<unknown>): Promise<LicenceClientError> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(LicenceClientError);
  return error as LicenceClientError;
}

describe('LicenceClient', () => {
  it('signs in with a signature over a fresh nonce and gets a lease for this device', async () => {
    const answer = await client().lease();
    expect(answer.value).toMatchObject({ status: 'active', licenceKey: 'AIQ-TEST-KEY-1' });
    expect(state.sessionsOpened).toBe(1);
    const sessionRequest = server.requests.find((r) => r.path === LICENCE_API.session);
    expect(sessionRequest?.body).toMatchObject({ publicKey: identity.publicKey, deviceName: 'Desk', os: 'linux' });
    // The private key never travels.
    expect(JSON.stringify(server.requests.map((r) => r.body))).not.toMatch(/PRIVATE/);
  });

  it('signs in again once on a 401 (expired token) and carries on', async () => {
    const c = client();
    await c.lease();
    state.tokens.clear();
    expect((await c.lease()).value.status).toBe('active');
    expect(state.sessionsOpened).toBe(2);
  });

  it('shares one sign-in between concurrent calls', async () => {
    const c = client();
    await Promise.all([c.lease(), c.lease(), c.lease()]);
    expect(state.sessionsOpened).toBe(1);
  });

  const garbage: Array<[string, Script, string]> = [
    ['an HTML page with 200', (_q, res) => { res.writeHead(200, { 'content-type': 'text/html' }); res.end('<html>Captive portal</html>'); }, 'bad_response'],
    ['JSON of the wrong shape', (_q, res) => json(res, 200, { status: 'active', lease: 42 }), 'bad_response'],
    ['an unknown status', (_q, res) => json(res, 200, { status: 'free-forever' }), 'bad_response'],
    ['extra fields (strict contract)', (_q, res) => json(res, 200, { status: 'none', admin: true }), 'bad_response'],
    ['an empty 200', (_q, res) => { res.writeHead(200); res.end(); }, 'bad_response'],
    ['a 500 with a stack trace', (_q, res) => { res.writeHead(500); res.end('TypeError: boom\n    at x'); }, 'server_unavailable'],
    ['a 503 with JSON', (_q, res) => json(res, 503, { code: 'internal', message: 'down' }), 'server_unavailable'],
    ['a 404 with text', (_q, res) => { res.writeHead(404); res.end('Not Found'); }, 'bad_response'],
    ['a 400 with an unknown error code', (_q, res) => json(res, 400, { code: 'teapot', message: 'no' }), 'bad_response'],
    ['a redirect elsewhere', (_q, res) => { res.writeHead(302, { location: 'http://evil.example/' }); res.end(); }, 'offline'],
    ['a reset connection', (_q, res) => { res.socket?.destroy(); }, 'offline'],
    ['a body over 256 KB', (_q, res) => json(res, 200, { status: 'none', pad: 'x'.repeat(300_000) }), 'bad_response'],
    ['a chunked body over 1 MB', (_q, res) => { res.writeHead(200, { 'content-type': 'application/json' }); res.end(`{"status":"none","pad":"${'x'.repeat(1_200_000)}"}`); }, 'bad_response'],
    ['a body cut off mid-way', (_q, res) => { res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' }); res.write('{"status":'); setTimeout(() => res.socket?.destroy(), 20); }, 'offline'],
  ];
  for (const [name, script, kind] of garbage) {
    it(`turns ${name} into a typed "${kind}" error with a plain message`, async () => {
      server.setScript(withLeaseRoute(script));
      const error = await failure(client().lease());
      expect(error.kind).toBe(kind);
      expect(error.message).toMatch(/^[A-Z].*\.$/);
      expect(error.message).not.toMatch(/TypeError|stack|undefined|<html>/);
    });
  }

  it('passes on a well-formed refusal with its code and plain message', async () => {
    server.setScript(withLeaseRoute((_q, res) => json(res, 409, { code: 'seats_full', message: 'Your plan is in use on 2 devices: Desk and Laptop.', devices: [] })));
    const error = await failure(client().lease());
    expect(error).toMatchObject({ kind: 'refused', code: 'seats_full', status: 409, message: 'Your plan is in use on 2 devices: Desk and Laptop.' });
  });

  it('gives up on a server that never answers, after the timeout', async () => {
    server.setScript(withLeaseRoute(() => {}));
    const error = await failure(client(300).lease());
    expect(error.kind).toBe('offline');
  });

  it('reports a server that is not there as offline', async () => {
    const dead = new LicenceClient({ baseUrl: 'http://127.0.0.1:9', identity, os: 'linux', http, timeoutMs: 2_000 });
    expect((await failure(dead.lease())).kind).toBe('offline');
  });

  it('stops asking twice after one 401 in a row', async () => {
    server.setScript(withLeaseRoute((_q, res) => json(res, 401, { code: 'unauthenticated', message: 'Please sign in again.' })));
    const error = await failure(client().lease());
    expect(error).toMatchObject({ kind: 'refused', code: 'unauthenticated' });
    expect(state.sessionsOpened).toBe(2);
  });
});
