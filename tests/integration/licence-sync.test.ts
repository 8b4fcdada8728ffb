import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SYNC_INTERVAL_MS } from '../../electron/core/licence/licence-sync';
import type { Core } from '../../electron/core/open-core';
import { openTestCore } from '../support/core-fixture';
import { ManualTimers } from '../support/fake-updater';
import { silentLogger } from '../../electron/core/ports/logger';
import type { LicenceStatus } from '@shared/ipc/licence-channels';
import { contractLicenceScript, type ContractServerState } from '../support/contract-licence-script';
import { billingPeriod, createLeaseSigner, DAY_MS, growthLease } from '../support/lease-signer';
import { json, startScriptedHttpServer, type ScriptedHttpServer } from '../support/scripted-http-server';
import { recordingShell, testSecretStore, type RecordingShell } from '../support/test-ports';

// The licence as the owner lives it: the core against a licence server speaking the contract
// (real HTTP, real Ed25519, real SQLite), with a clock the test moves.

const T0 = Date.UTC(2026, 10, 24, 3, 15, 0);
const signer = createLeaseSigner();

let dataDir: string;
let server: ScriptedHttpServer;
let state: ContractServerState;
let now: number;
let core: Core | null;
let shell: RecordingShell;
let events: LicenceStatus[];

const clock = { now: () => now };

beforeEach(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'agencyiq-licence-sync-'));
  now = T0;
  state = { licence: 'none', licenceKey: 'AIQ-GROW-7K2M-9QXD', now: () => now, tokens: new Map(), sessionsOpened: 0, otherDevices: [] };
  server = await startScriptedHttpServer(contractLicenceScript(signer, state));
  shell = recordingShell();
  core = null;
});

afterEach(async () => {
  await core?.close();
  await server.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

async function open(serverUrl = server.url, timers?: ManualTimers): Promise<Core> {
  await core?.close();
  events = [];
  ({ core } = await openTestCore(dataDir, {
    dataDir,
    logger: silentLogger,
    host: 'browser',
    version: '0.0.0-test',
    clock,
    secretStore: testSecretStore(),
    shell,
    env: { AGENCYIQ_LICENCE_SERVER_URL: serverUrl, AGENCYIQ_LICENCE_PUBLIC_KEY: signer.publicKeyRaw },
    allowDevOverrides: true,
    ...(timers === undefined ? {} : { timers }),
  }));
  core.events.subscribe(({ event, payload }) => {
    if (event === 'licence.changed') events.push(payload as LicenceStatus);
  });
  return core;
}

const growth = { payload: (hash: string, issuedAt: number) => growthLease(hash, issuedAt, { ...billingPeriod(T0) }) };

async function status(): Promise<LicenceStatus> {
  return core!.handlers['licence.status']({});
}

async function waitFor(test: (s: LicenceStatus) => boolean): Promise<LicenceStatus> {
  for (let i = 0; i < 200; i++) {
    const found = events.find(test);
    if (found) return found;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`No matching licence.changed event; got ${JSON.stringify(events.map((e) => e.state))}`);
}

describe('licence sync', () => {
  it('starts with no plan: drafting only, publishing not allowed', async () => {
    await open();
    const first = await waitFor(() => true);
    expect(first).toMatchObject({ state: 'none', publishingAllowed: false, plan: null, syncProblem: null });
    expect(first.message).toMatch(/draft freely/);
  });

  it('syncs on the licence-return deep link and shows Growth with 27 posts and the reset date', async () => {
    await open();
    await waitFor((s) => s.state === 'none');
    const checkout = await core!.handlers['licence.checkout']({ plan: 'growth' });
    expect(shell.opened).toEqual([expect.stringMatching(/^https:\/\/checkout\.stripe\.test\/c\/pay\/cs_test_/)]);
    expect(checkout.checkout).toEqual({ plan: 'growth', state: 'waiting' });

    state.licence = growth; // the webhook provisioned the licence meanwhile
    events = [];
    await core!.openDeepLink('agencyiq://licence/success?session_id=cs_test_a1B2c3');
    const active = await waitFor((s) => s.state === 'active');
    expect(active).toMatchObject({
      publishingAllowed: true,
      plan: { id: 'growth', label: 'Growth', postsPerCycle: 27, seats: 2 },
      usage: { used: 0, reserved: 0, left: 27, cycleStart: T0, resetsAt: T0 + 30 * DAY_MS },
      licenceKey: 'AIQ-GROW-7K2M-9QXD',
      checkout: null,
    });
    // Nothing secret in what the renderer gets.
    expect(JSON.stringify(active)).not.toMatch(/v1\.|Bearer|token|PRIVATE/);
  });

  it('keeps publishing for 7 days offline (telling the owner after a day), then pauses it', async () => {
    state.licence = growth;
    await open();
    await waitFor((s) => s.state === 'active');
    await core!.close();
    core = null;
    await server.close(); // the internet goes away

    const offlineUrl = server.url;
    const at = async (offset: number) => {
      now = T0 + offset;
      await open(offlineUrl);
      return status();
    };
    expect(await at(12 * 60 * 60 * 1000)).toMatchObject({ state: 'active', publishingAllowed: true });
    const grace = await at(1.5 * DAY_MS);
    expect(grace).toMatchObject({ state: 'grace', publishingAllowed: true, grace: { reason: 'offline', until: T0 + 7 * DAY_MS }, lastSyncAt: T0 });
    expect(await at(7 * DAY_MS - 1000)).toMatchObject({ state: 'grace', publishingAllowed: true });
    const lapsed = await at(7 * DAY_MS);
    expect(lapsed).toMatchObject({ state: 'lapsed', publishingAllowed: false, lapsedReason: 'expired', plan: { id: 'growth' } });
    expect(lapsed.message).toMatch(/could not renew your plan/);

    // Back online: the next sync renews it.
    server = await startScriptedHttpServer(contractLicenceScript(signer, state));
    await open(server.url);
    expect(await core!.handlers['licence.sync']({})).toMatchObject({ state: 'active', publishingAllowed: true, syncProblem: null });
  });

  it('catches a clock turned back, and lets a successful sync clear it', async () => {
    state.licence = growth;
    await open();
    await waitFor((s) => s.state === 'active');
    await server.close();
    now = T0 + 3 * DAY_MS; // offline for three days; the app is used (the high-water mark rises)
    expect(await status()).toMatchObject({ state: 'grace', publishingAllowed: true });

    now = T0 + 1 * DAY_MS; // the owner sets the clock back two days, still inside the lease's life
    const rolledBack = await status();
    expect(rolledBack).toMatchObject({ state: 'lapsed', lapsedReason: 'clock_turned_back', publishingAllowed: false });
    expect(rolledBack.message).toMatch(/clock/);

    // The server's clock says T0 + 3 days: trusted time is corrected, and publishing resumes.
    state.now = () => T0 + 3 * DAY_MS;
    server = await startScriptedHttpServer(contractLicenceScript(signer, state));
    await open(server.url);
    expect(await core!.handlers['licence.sync']({})).toMatchObject({ state: 'active', publishingAllowed: true });
    expect(await status()).toMatchObject({ state: 'active' });
  });

  it('checks the time on every look at a remembered lease, and a lease changed on disk is verified again', async () => {
    state.licence = growth;
    await open();
    await waitFor((s) => s.state === 'active');
    await server.close();
    const stored = core!.database.sqlite.prepare('SELECT lease FROM licence WHERE id = 1').pluck();
    const lease = stored.get() as string;
    expect(await status()).toMatchObject({ state: 'active', publishingAllowed: true });

    // Same running core, one byte of the signed payload changed: the signature no longer holds.
    const [version, payload, signature] = lease.split('.') as [string, string, string];
    const flipped = `${version}.${payload.slice(0, 10)}${payload[10] === 'A' ? 'B' : 'A'}${payload.slice(11)}.${signature}`;
    core!.database.sqlite.prepare('UPDATE licence SET lease = ? WHERE id = 1').run(flipped);
    expect(await status()).toMatchObject({ publishingAllowed: false });
    core!.database.sqlite.prepare('UPDATE licence SET lease = ? WHERE id = 1').run(lease);
    expect(await status()).toMatchObject({ state: 'active', publishingAllowed: true });

    // The same lease text, its signature long verified: it still runs out on time.
    now = T0 + 7 * DAY_MS;
    expect(await status()).toMatchObject({ state: 'lapsed', lapsedReason: 'expired', publishingAllowed: false });
  });

  it('remembers an active plan across a restart without the network, asking nothing', async () => {
    state.licence = growth;
    await open();
    await waitFor((s) => s.state === 'active');
    await server.close();
    now = T0 + 60 * 60 * 1000;
    await open(server.url);
    expect(await status()).toMatchObject({ state: 'active', plan: { id: 'growth' }, usage: { left: 27 } });
    // The failed background sync is reported in plain words, and changes nothing else.
    const afterSync = await waitFor((s) => s.syncProblem !== null);
    expect(afterSync).toMatchObject({ state: 'active', syncProblem: expect.stringMatching(/could not reach/) });
  });

  it('shows a lapsed subscription and a removed device in plain words', async () => {
    state.licence = growth;
    await open();
    await waitFor((s) => s.state === 'active');
    state.licence = 'lapsed';
    expect(await core!.handlers['licence.sync']({})).toMatchObject({ state: 'lapsed', lapsedReason: 'lapsed', publishingAllowed: false, message: 'Your subscription was cancelled.' });
    state.licence = 'deactivated';
    expect(await core!.handlers['licence.sync']({})).toMatchObject({ state: 'lapsed', lapsedReason: 'deactivated' });
  });

  it('refuses a lease from a server signing with the wrong key and keeps what it had', async () => {
    const impostor = createLeaseSigner();
    await server.close();
    server = await startScriptedHttpServer(contractLicenceScript(impostor, { ...state, licence: growth }));
    await open(server.url);
    const after = await core!.handlers['licence.sync']({});
    expect(after).toMatchObject({ state: 'none', publishingAllowed: false, syncProblem: expect.stringMatching(/does not understand/) });
  });

  it('renews every few hours while it runs, and stops renewing once closed', async () => {
    const timers = new ManualTimers();
    state.licence = growth;
    await open(server.url, timers);
    await waitFor((s) => s.state === 'active');
    const renewals = () => server.requests.filter((r) => r.path === '/v1/lease').length;
    expect(renewals()).toBe(1);
    timers.fireDelay(SYNC_INTERVAL_MS);
    await expect.poll(renewals).toBe(2);
    await core!.close();
    core = null;
    // Closing cleared the renewal: nothing is left to fire, and nothing more is asked.
    expect(timers.delays()).not.toContain(SYNC_INTERVAL_MS);
    timers.fireDelay(SYNC_INTERVAL_MS);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(renewals()).toBe(2);
  });

  it('marks a cancelled checkout so the Plan page can offer the plans again', async () => {
    await open();
    await core!.handlers['licence.checkout']({ plan: 'starter' });
    events = [];
    await core!.openDeepLink('agencyiq://licence/cancelled');
    expect(await waitFor((s) => s.checkout?.state === 'cancelled')).toMatchObject({ state: 'none', checkout: { plan: 'starter', state: 'cancelled' } });
    expect((await core!.handlers['licence.cancelCheckout']({})).checkout).toBeNull();
  });
});

describe('licence handlers', () => {
  it('activates with a licence key, refusing an unknown one in plain words', async () => {
    await open();
    const wrong = await core!.handlers['licence.activate']({ licenceKey: 'AIQ-NOPE-0000-0000' }).then(() => null, (e: unknown) => e);
    expect(wrong).toMatchObject({ name: 'CoreError', code: 'not_found', message: expect.stringMatching(/don’t know that licence key/) });
    expect(await status()).toMatchObject({ state: 'none' });

    const active = await core!.handlers['licence.activate']({ licenceKey: 'AIQ-GROW-7K2M-9QXD' });
    expect(active).toMatchObject({ state: 'active', plan: { id: 'growth' }, licenceKey: 'AIQ-GROW-7K2M-9QXD' });
  });

  it('keeps an activation when a renewal sent before it answers after it', async () => {
    const contract = contractLicenceScript(signer, state);
    let releaseRenewal: () => void = () => {};
    const renewalHeld = new Promise<void>((resolve) => (releaseRenewal = resolve));
    let held = false;
    server.setScript(async (req, res) => {
      if (req.path === '/v1/lease' && !held) {
        held = true; // the start-up renewal: the server said "none" then, the answer is slow
        const answer = JSON.stringify({ status: 'none' });
        await renewalHeld;
        res.writeHead(200, { 'content-type': 'application/json', date: new Date(now).toUTCString() });
        res.end(answer);
        return;
      }
      return contract(req, res);
    });
    await open();
    await expect.poll(() => held).toBe(true);
    expect(await core!.handlers['licence.activate']({ licenceKey: 'AIQ-GROW-7K2M-9QXD' })).toMatchObject({ state: 'active' });
    releaseRenewal();
    await waitFor((s) => s.state === 'active' && events.indexOf(s) > 0);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await status()).toMatchObject({ state: 'active', plan: { id: 'growth' } });
    expect(events.at(-1)).toMatchObject({ state: 'active' });
  });

  it('names the devices holding the seats when the plan is full', async () => {
    await open();
    const contract = contractLicenceScript(signer, state);
    const holders = [
      { id: 'dev_a', name: 'Front desk iMac', os: 'mac', activatedAt: T0, lastSeenAt: null, current: false },
      { id: 'dev_b', name: 'Workshop PC', os: 'windows', activatedAt: T0, lastSeenAt: null, current: false },
    ];
    server.setScript((req, res) =>
      req.path === '/v1/activations'
        ? json(res, 409, { code: 'seats_full', message: 'Your Growth plan is already used on 2 computers.', devices: holders })
        : contract(req, res),
    );
    const error = await core!.handlers['licence.activate']({ licenceKey: 'AIQ-GROW-7K2M-9QXD' }).then(() => null, (e: unknown) => e);
    expect(error).toMatchObject({
      code: 'conflict',
      message: 'Your Growth plan is already used on 2 computers. Devices using your plan: Front desk iMac, Workshop PC.',
    });
  });

  it('lists devices, and deactivating this computer pauses publishing at once', async () => {
    state.licence = growth;
    await open();
    await waitFor((s) => s.state === 'active');
    const { devices } = await core!.handlers['licence.devices']({});
    const current = devices.find((device) => device.current);
    expect(current).toBeDefined();
    await core!.handlers['licence.deactivate']({ deviceId: current!.id });
    expect(await status()).toMatchObject({ state: 'lapsed', lapsedReason: 'deactivated', publishingAllowed: false });
  });

  it('opens the billing portal in the browser', async () => {
    state.licence = growth;
    await open();
    expect(await core!.handlers['licence.portal']({})).toEqual({ opened: true });
    expect(shell.opened).toEqual(['https://billing.stripe.test/p/session/test_portal']);
  });

  it('says plainly when the server cannot be reached for a checkout', async () => {
    await open('http://127.0.0.1:9');
    const error = await core!.handlers['licence.checkout']({ plan: 'growth' }).then(() => null, (e: unknown) => e);
    expect(error).toMatchObject({ code: 'unavailable', message: expect.stringMatching(/could not reach its server/) });
    expect(shell.opened).toEqual([]);
  });
});
