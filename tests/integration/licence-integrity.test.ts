import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Core } from '../../electron/core/open-core';
import { silentLogger } from '../../electron/core/ports/logger';
import { LICENCE_API } from '@shared/licence/licence-api';
import { openTestCore } from '../support/core-fixture';
import { contractLicenceScript, type ContractServerState } from '../support/contract-licence-script';
import { billingPeriod, createLeaseSigner, DAY_MS, growthLease } from '../support/lease-signer';
import { json, startScriptedHttpServer, type ScriptedHttpServer } from '../support/scripted-http-server';
import { recordingShell, testSecretStore } from '../support/test-ports';

// Issue 15, item 1: a lease recorded while the plan was paid cannot be replayed, and the licence
// row cannot be edited into a longer life. The app against a licence server speaking the
// contract (real HTTP, real Ed25519, real SQLite), with a clock the test moves.

const T0 = Date.UTC(2026, 10, 24, 3, 15, 0);
const signer = createLeaseSigner();
const secretStore = testSecretStore();

let dataDir: string;
let server: ScriptedHttpServer;
let state: ContractServerState;
let now: number;
let core: Core | null;

beforeEach(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'agencyiq-licence-integrity-'));
  now = T0;
  state = {
    licence: { payload: (hash, issuedAt) => growthLease(hash, issuedAt, billingPeriod(T0)) },
    licenceKey: 'AIQ-GROW-7K2M-9QXD',
    now: () => now,
    tokens: new Map(),
    sessionsOpened: 0,
    otherDevices: [],
  };
  server = await startScriptedHttpServer(contractLicenceScript(signer, state));
  core = null;
});

afterEach(async () => {
  await core?.close();
  await server.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

async function open(serverUrl: string): Promise<Core> {
  await core?.close();
  ({ core } = await openTestCore(dataDir, {
    dataDir,
    logger: silentLogger,
    host: 'browser',
    version: '0.0.0-test',
    clock: { now: () => now },
    secretStore,
    shell: recordingShell(),
    env: { AGENCYIQ_LICENCE_SERVER_URL: serverUrl, AGENCYIQ_LICENCE_PUBLIC_KEY: signer.publicKeyRaw },
    allowDevOverrides: true,
  }));
  return core;
}

const sql = () => core!.database.sqlite;
const status = () => core!.handlers['licence.status']({});
const sync = () => core!.handlers['licence.sync']({});

describe('licence integrity', () => {
  it('a recorded lease answered with an old Date header a year later ends in "check with the server", publishing paused', async () => {
    await open(server.url);
    expect(await sync()).toMatchObject({ state: 'active', publishingAllowed: true });
    const recorded = sql().prepare('SELECT lease FROM licence WHERE id = 1').pluck().get() as string;
    await core!.close();
    core = null;
    await server.close();

    // A year later the plan is cancelled. A 20-line local server answers every lease request
    // with the recorded lease and a Date header from the day it was recorded.
    const oldDate = { date: new Date(T0).toUTCString() };
    now = T0 + 365 * DAY_MS;
    const signIn = contractLicenceScript(signer, { ...state, now: () => T0 });
    server = await startScriptedHttpServer((req, res) =>
      req.path === LICENCE_API.lease ? json(res, 200, { status: 'active', lease: recorded, licenceKey: state.licenceKey }, oldDate) : signIn(req, res),
    );
    await open(server.url);
    const replayed = await sync();
    expect(replayed).toMatchObject({ state: 'lapsed', publishingAllowed: false, lapsedReason: 'check_needed' });
    expect(replayed.message).toMatch(/check your plan with its server/);
    // Restarting changes nothing: the replay was recorded, and the lease is still refused.
    await open(server.url);
    expect(await status()).toMatchObject({ publishingAllowed: false, lapsedReason: 'check_needed' });

    // The real server, once the owner pays again: a fresh lease (bound to the app's nonce) clears it.
    await server.close();
    server = await startScriptedHttpServer(contractLicenceScript(signer, state));
    await open(server.url);
    expect(await sync()).toMatchObject({ state: 'active', publishingAllowed: true });
  });

  it('an edited clock offset and high-water mark end in "check with the server", publishing paused, until a fresh lease', async () => {
    await open(server.url);
    expect(await sync()).toMatchObject({ state: 'active', publishingAllowed: true });
    await core!.close();
    core = null;
    await server.close();

    // Thirty days on, offline: the lease ran out. Someone edits the database to wind the app's
    // trusted clock back to the day the lease was issued.
    now = T0 + 30 * DAY_MS;
    await open(server.url);
    expect(await status()).toMatchObject({ publishingAllowed: false, lapsedReason: 'expired' });
    sql().prepare('UPDATE licence SET clock_offset = ?, clock_high_water = ? WHERE id = 1').run(-30 * DAY_MS + 60_000, T0);
    const edited = await status();
    expect(edited).toMatchObject({ state: 'lapsed', publishingAllowed: false, lapsedReason: 'check_needed' });
    await open(server.url); // a restart does not launder it
    expect(await status()).toMatchObject({ publishingAllowed: false, lapsedReason: 'check_needed' });

    // The server answers with a fresh lease: trusted again, the clock from its signed time.
    server = await startScriptedHttpServer(contractLicenceScript(signer, state));
    await open(server.url);
    expect(await sync()).toMatchObject({ state: 'active', publishingAllowed: true });
    expect(sql().prepare('SELECT clock_offset FROM licence WHERE id = 1').pluck().get()).toBe(0);
  });

  it('the high-water mark never moves back, whatever time a lease claims', async () => {
    await open(server.url);
    expect(await sync()).toMatchObject({ state: 'active' });
    now = T0 + 3 * DAY_MS;
    expect(await status()).toMatchObject({ publishingAllowed: true });
    const highWater = () => sql().prepare('SELECT clock_high_water FROM licence WHERE id = 1').pluck().get() as number;
    const before = highWater();
    expect(before).toBeGreaterThanOrEqual(T0 + 3 * DAY_MS - 10 * 60 * 1000);
    // A server whose (signed) clock is two days behind: its lease is older than what was seen.
    state.now = () => T0 + DAY_MS;
    expect(await sync()).toMatchObject({ publishingAllowed: false, lapsedReason: 'check_needed' });
    expect(highWater()).toBe(before);
  });
});
