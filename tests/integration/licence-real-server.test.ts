import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Core } from '../../electron/core/open-core';
import { openTestCore } from '../support/core-fixture';
import { silentLogger } from '../../electron/core/ports/logger';
import { startLicenceServer, TEST_START, type LicenceServerHarness } from '../support/licence-server-harness';
import { recordingShell, testSecretStore, type RecordingShell } from '../support/test-ports';

// The app's licence domain against the REAL licence server (SQLite) and the fake Stripe behind
// the official SDK: buying, coming back by deep link, a second computer with the licence key,
// the seat limit, removing a computer, a failed payment and a cancelled subscription.


let server: LicenceServerHarness;
const cores: Core[] = [];
const dirs: string[] = [];

beforeEach(async () => {
  server = await startLicenceServer();
  server.clock.advance(Date.now() - TEST_START);
});

afterEach(async () => {
  for (const core of cores.splice(0)) await core.close();
  await server.close();
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

async function computer(): Promise<{ core: Core; shell: RecordingShell }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'agencyiq-licence-real-'));
  dirs.push(dataDir);
  const shell = recordingShell();
  const { core } = await openTestCore(dataDir, {
    dataDir,
    logger: silentLogger,
    host: 'browser',
    version: '0.0.0-test',
    secretStore: testSecretStore(),
    shell,
    env: { AGENCYIQ_LICENCE_SERVER_URL: server.url, AGENCYIQ_LICENCE_PUBLIC_KEY: server.leasePublicKey },
    allowDevOverrides: true,
  });
  cores.push(core);
  return { core, shell };
}

/** Buys `plan` from `core` the way the owner does: checkout in the browser, webhooks, deep link. */
async function buy(core: Core, shell: RecordingShell, plan: 'starter' | 'growth' | 'professional') {
  await core.handlers['licence.checkout']({ plan });
  const url = shell.opened.at(-1) as string;
  const sessionId = /\/checkout\/pay\/(cs_test_[A-Za-z0-9]+)/.exec(url)?.[1] as string;
  await server.deliver(server.fake.completeCheckout(sessionId));
  await core.openDeepLink(`agencyiq://licence/success?session_id=${sessionId}`);
  return { sessionId, subscriptionId: String(server.fake.sessions.get(sessionId)?.subscription) };
}

describe('the app against the real licence server', () => {
  it('buys Growth through checkout and picks it up on the deep link', async () => {
    const { core, shell } = await computer();
    expect(await core.handlers['licence.status']({})).toMatchObject({ state: 'none' });
    const { subscriptionId } = await buy(core, shell, 'growth');
    const status = await core.handlers['licence.status']({});
    expect(status).toMatchObject({
      state: 'active',
      publishingAllowed: true,
      plan: { id: 'growth', postsPerCycle: 27, seats: 2 },
      usage: { used: 0, reserved: 0, left: 27 },
      checkout: null,
    });
    // The cycle is the subscription's billing period at Stripe: it resets on the invoice's date.
    const item = server.fake.subscriptions.get(subscriptionId)?.items.data[0];
    expect([status.usage!.cycleStart, status.usage!.resetsAt]).toEqual([(item?.current_period_start ?? 0) * 1000, (item?.current_period_end ?? 0) * 1000]);
    // Asking for a second checkout while paid is refused, in plain words.
    await expect(core.handlers['licence.checkout']({ plan: 'professional' })).rejects.toMatchObject({ code: 'conflict', message: expect.stringMatching(/Manage billing/) });
  });

  it('keeps checking when the browser comes back before Stripe’s webhook arrived', async () => {
    const { core, shell } = await computer();
    const changes: string[] = [];
    core.events.subscribe(({ event, payload }) => {
      if (event === 'licence.changed') changes.push((payload as { state: string }).state);
    });
    await core.handlers['licence.checkout']({ plan: 'professional' });
    const sessionId = /\/checkout\/pay\/(cs_test_[A-Za-z0-9]+)/.exec(shell.opened.at(-1) as string)?.[1] as string;
    const events = server.fake.completeCheckout(sessionId);

    await core.openDeepLink(`agencyiq://licence/success?session_id=${sessionId}`);
    expect(await core.handlers['licence.status']({})).toMatchObject({ state: 'none', checkout: { plan: 'professional', state: 'waiting' } });

    await server.deliver(events); // the webhook lands after the owner is back in the app
    await expect.poll(() => changes.includes('active'), { timeout: 10_000, interval: 100 }).toBe(true);
    expect(await core.handlers['licence.status']({})).toMatchObject({ state: 'active', plan: { id: 'professional', postsPerCycle: 52 }, checkout: null });
  });

  it('activates a second computer with the licence key, refuses a third naming the devices, and removes one', async () => {
    const first = await computer();
    await buy(first.core, first.shell, 'growth');
    const licenceKey = (await first.core.handlers['licence.status']({})).licenceKey as string;
    expect(licenceKey).toBeTruthy();

    const second = await computer();
    expect(await second.core.handlers['licence.activate']({ licenceKey })).toMatchObject({ state: 'active', plan: { id: 'growth' }, licenceKey });

    const third = await computer();
    const refused = await third.core.handlers['licence.activate']({ licenceKey }).then(() => null, (e: unknown) => e as { code: string; message: string });
    expect(refused?.code).toBe('conflict');
    const { devices } = await first.core.handlers['licence.devices']({});
    expect(devices).toHaveLength(2);
    for (const device of devices) expect(refused?.message).toContain(device.name);
    expect(await third.core.handlers['licence.status']({})).toMatchObject({ state: 'none', publishingAllowed: false });

    // The first computer removes the second; the second finds out on its next sync.
    const other = devices.find((device) => !device.current)!;
    expect((await first.core.handlers['licence.deactivate']({ deviceId: other.id })).devices).toHaveLength(1);
    expect(await second.core.handlers['licence.sync']({})).toMatchObject({ state: 'lapsed', lapsedReason: 'deactivated', publishingAllowed: false });

    const wrong = await third.core.handlers['licence.activate']({ licenceKey: 'AIQ-0000-0000-0000-0000' }).then(() => null, (e: unknown) => e);
    expect(wrong).toMatchObject({ code: 'not_found' });
  });

  it('after a downgrade, the computer beyond the new seats is told so plainly and gets its seat back once another is removed', async () => {
    const office = await computer();
    const { subscriptionId } = await buy(office.core, office.shell, 'professional');
    const licenceKey = (await office.core.handlers['licence.status']({})).licenceKey as string;
    // The laptop is the computer used last (a second later, by the server's clock).
    server.clock.advance(1000);
    const laptop = await computer();
    expect(await laptop.core.handlers['licence.activate']({ licenceKey })).toMatchObject({ state: 'active', plan: { id: 'professional', seats: 3 } });

    await server.deliver(server.fake.changePlan(subscriptionId, server.priceIds.starter));
    expect(await laptop.core.handlers['licence.sync']({})).toMatchObject({ state: 'active', plan: { id: 'starter', seats: 1 } });
    const refused = await office.core.handlers['licence.sync']({});
    expect(refused).toMatchObject({ state: 'lapsed', lapsedReason: 'seats_exceeded', publishingAllowed: false, plan: null, syncProblem: null });
    expect(refused.message).toMatch(/now covers 1 computer/);
    expect(refused.message).toContain(`“${(await laptop.core.handlers['licence.devices']({})).devices.find((d) => d.current)!.name}”`);

    // From the refused computer itself: list the plan's computers, remove the laptop, and publish here again.
    const { devices } = await office.core.handlers['licence.devices']({});
    expect(devices).toHaveLength(2);
    const other = devices.find((device) => !device.current)!;
    expect((await office.core.handlers['licence.deactivate']({ deviceId: other.id })).devices).toHaveLength(1);
    expect(await office.core.handlers['licence.sync']({})).toMatchObject({ state: 'active', publishingAllowed: true, plan: { id: 'starter' } });
    expect(await laptop.core.handlers['licence.sync']({})).toMatchObject({ state: 'lapsed', lapsedReason: 'deactivated' });
  });

  it('shows a failed payment as grace, and a cancelled subscription as lapsed', async () => {
    const { core, shell } = await computer();
    const { subscriptionId } = await buy(core, shell, 'starter');
    await server.deliver(server.fake.failPayment(subscriptionId));
    const pastDue = await core.handlers['licence.sync']({});
    expect(pastDue).toMatchObject({ state: 'grace', publishingAllowed: true, grace: { reason: 'past_due' }, plan: { id: 'starter', postsPerCycle: 12 } });
    expect(pastDue.grace!.until).toBeGreaterThan(Date.now());

    await server.deliver(server.fake.cancelSubscription(subscriptionId));
    expect(await core.handlers['licence.sync']({})).toMatchObject({ state: 'lapsed', lapsedReason: 'lapsed', publishingAllowed: false });
  });

  it('opens the billing portal in the browser', async () => {
    const { core, shell } = await computer();
    await buy(core, shell, 'growth');
    expect(await core.handlers['licence.portal']({})).toEqual({ opened: true });
    expect(shell.opened.at(-1)).toMatch(new RegExp(`^${server.fake.url}/portal/session/bps_`));
  });

  it('a wiped quota ledger does not give posts back once the app has synced: the server counted them', async () => {
    const { core, shell } = await computer();
    await buy(core, shell, 'growth');
    const { usage } = await core.handlers['licence.status']({});
    const cycleStart = usage!.cycleStart;
    // Five posts went out this cycle (as the publishing engine records them: the post, its
    // charge in the ledger; the ledger's triggers keep the running total).
    const sqlite = core.database.sqlite;
    const at = Date.now();
    sqlite.transaction(() => {
      for (let i = 0; i < 5; i++) {
        sqlite.prepare("INSERT INTO posts (id, body, state, revision, created_at, updated_at) VALUES (?, 'Fresh sourdough', 'done', 1, ?, ?)").run(`post-${i}`, at, at);
        sqlite.prepare("INSERT INTO quota_ledger (post_id, cycle_start, entry, created_at) VALUES (?, ?, 'reserve', ?), (?, ?, 'commit', ?)").run(`post-${i}`, cycleStart, at, `post-${i}`, cycleStart, at);
      }
    })();
    expect(await core.handlers['licence.status']({})).toMatchObject({ usage: { used: 5, left: 22 } });
    // The next sync reports the five charges (device-signed, idempotent), and the lease brings back the count.
    expect(await core.handlers['licence.sync']({})).toMatchObject({ state: 'active', usage: { used: 5, left: 22 } });
    expect(await server.db.db.selectFrom('post_charges').select('post_id').execute()).toHaveLength(5);
    await core.handlers['licence.sync']({}); // reporting again changes nothing
    expect(await server.db.db.selectFrom('licence_post_counts').select('posts').executeTakeFirst()).toEqual({ posts: 5 });

    // Everything local about those posts is wiped, including this computer's own sealed count.
    sqlite.exec('DELETE FROM quota_ledger; DELETE FROM quota_cycles; DELETE FROM reported_charges; UPDATE licence SET usage_floor = 0 WHERE id = 1');
    expect(await core.handlers['licence.status']({})).toMatchObject({ publishingAllowed: false, lapsedReason: 'check_needed' });
    // The server's count comes back with the fresh lease: still 22 left, not 27.
    expect(await core.handlers['licence.sync']({})).toMatchObject({ state: 'active', publishingAllowed: true, usage: { used: 5, left: 22 } });
  });
});
