import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, expect, test } from 'vitest';
import type { Core } from '../../electron/core/open-core';
import { silentLogger } from '../../electron/core/ports/logger';
import { openTestCore } from '../support/core-fixture';
import { startLicenceServer, type LicenceServerHarness } from '../support/licence-server-harness';
import { recordingShell, testSecretStore } from '../support/test-ports';

// The Plan page's list of plans with prices: the app asks the real licence server, which reads
// the prices from (the fake) Stripe.

let server: LicenceServerHarness | null = null;
let core: Core | null = null;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'agencyiq-licence-plans-'));

afterEach(async () => {
  await core?.close();
  await server?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

async function openCoreAt(licenceServerUrl: string): Promise<Core> {
  const opened = await openTestCore(dataDir, {
    dataDir,
    logger: silentLogger,
    host: 'browser',
    version: '0.0.0-test',
    secretStore: testSecretStore(),
    shell: recordingShell(),
    env: { AGENCYIQ_LICENCE_SERVER_URL: licenceServerUrl },
    allowDevOverrides: true,
  });
  return opened.core;
}

test('licence.plans answers each plan with its price and billing period as Stripe has them', async () => {
  server = await startLicenceServer();
  core = await openCoreAt(server.url);
  const { plans } = await core.handlers['licence.plans']({});
  expect(plans.map((plan) => [plan.id, plan.postsPerCycle, plan.price])).toEqual([
    ['starter', 12, { amount: 2900, currency: 'aud', interval: 'month', intervalCount: 1 }],
    ['growth', 27, { amount: 5900, currency: 'aud', interval: 'month', intervalCount: 1 }],
    ['professional', 52, { amount: 9900, currency: 'aud', interval: 'month', intervalCount: 1 }],
  ]);
});

test('without the server, licence.plans is a plain "unavailable" error, not a crash', async () => {
  core = await openCoreAt('http://127.0.0.1:9');
  await expect(core.handlers['licence.plans']({})).rejects.toMatchObject({ code: 'unavailable' });
});
