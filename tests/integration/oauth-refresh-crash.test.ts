import { fork } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConnectionNeedsReconnectError } from '../../electron/core/connections/connection-store';
import { OFFLINE_SERVICES_ENV } from '../support/core-fixture';
import { testSecretStore } from '../support/test-ports';
import { approveInBrowser, manualClock, openOAuthTestCore, startOAuthFakes, type OAuthFakes } from '../support/oauth-harness';
import { buildChildFixture } from '../support/child-fixture';

// The process dies between receiving a rotated X refresh token and committing it (or just after
// committing). On the next start the connection is either still valid or `needs_reconnect` —
// and in no case does the app keep asking the token endpoint.

let CHILD = '';
const TWO_HOURS = 2 * 60 * 60 * 1000;

let fakes: OAuthFakes;

beforeAll(async () => {
  fakes = await startOAuthFakes();
  CHILD = await buildChildFixture('refresh-child');
});
afterAll(async () => {
  await fakes.stop();
});

async function connectedX() {
  const clock = manualClock();
  const t = await openOAuthTestCore(fakes.env, { clock });
  await t.core.handlers['connections.connect']({ platform: 'x' });
  await t.core.openDeepLink(await approveInBrowser(t.shell.opened.at(-1)!));
  const id = (await t.core.connections.store.byPlatform('x'))!.id;
  await t.core.close();
  return { dataDir: t.dataDir, id, clock };
}

/** Runs the child until it reports `pauseAt`, then kills it with SIGKILL. */
async function refreshAndKill(dataDir: string, id: string, now: number, pauseAt: 'received' | 'persisted'): Promise<void> {
  const child = fork(CHILD, [dataDir, id, String(now), pauseAt], { env: { ...process.env, ...OFFLINE_SERVICES_ENV, ...fakes.env }, stdio: 'pipe' });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  await new Promise<void>((resolve, reject) => {
    child.once('message', (message) => {
      if (message === pauseAt) resolve();
      else reject(new Error(`Unexpected message ${String(message)}`));
    });
    child.once('exit', (code) => reject(new Error(`The child exited (${code}) before ${pauseAt}.\n${stderr}`)));
  });
  child.removeAllListeners('exit');
  const exited = new Promise<string>((resolve) => child.once('exit', (code, signal) => resolve(signal ?? `exit code ${code}: ${stderr}`)));
  child.kill('SIGKILL');
  expect(await exited).toBe('SIGKILL');
}

describe('a crash in the middle of a refresh-token rotation', () => {
  it('killed after the answer but before the commit: the next start marks needs_reconnect once, no loop', async () => {
    const { dataDir, id, clock } = await connectedX();
    clock.advance(TWO_HOURS);
    const hitsBefore = fakes.servers.x.tokenEndpointHits();
    await refreshAndKill(dataDir, id, clock.now(), 'received');
    // The provider rotated: the refresh token on disk is now spent.
    expect(fakes.servers.x.tokenEndpointHits() - hitsBefore).toBe(1);

    const t = await openOAuthTestCore(fakes.env, { dataDir, clock });
    try {
      for (let i = 0; i < 5; i++) {
        await expect(t.core.connections.refresh.getAccessToken(id)).rejects.toBeInstanceOf(ConnectionNeedsReconnectError);
      }
      expect(fakes.servers.x.tokenEndpointHits() - hitsBefore).toBe(2);
      expect((await t.platform('x')).status.state).toBe('needs_reconnect');
      expect(t.events.filter((e) => e.event === 'connections.changed')).toHaveLength(1);
    } finally {
      await t.core.close();
    }
    // And after yet another restart: still no request.
    const again = await openOAuthTestCore(fakes.env, { dataDir, clock });
    await expect(again.core.connections.refresh.getAccessToken(id)).rejects.toBeInstanceOf(ConnectionNeedsReconnectError);
    expect(fakes.servers.x.tokenEndpointHits() - hitsBefore).toBe(2);
    await again.core.close();
  });

  it('killed right after the commit: the next start uses the rotated tokens without refreshing', async () => {
    const { dataDir, id, clock } = await connectedX();
    clock.advance(TWO_HOURS);
    const hitsBefore = fakes.servers.x.tokenEndpointHits();
    await refreshAndKill(dataDir, id, clock.now(), 'persisted');

    const t = await openOAuthTestCore(fakes.env, { dataDir, clock });
    try {
      const token = await t.core.connections.refresh.getAccessToken(id);
      expect(fakes.servers.x.isIssuedAccessToken(token)).toBe(true);
      expect(fakes.servers.x.tokenEndpointHits() - hitsBefore).toBe(1);
      const row = t.core.database.sqlite.prepare('SELECT token_ciphertext FROM connections WHERE id = ?').get(id) as { token_ciphertext: Buffer };
      expect(JSON.parse(await testSecretStore().decrypt(row.token_ciphertext)).refreshToken).toBe(fakes.servers.x.issuedRefreshTokens.at(-1));
      // Time passes; the stored (rotated) refresh token works.
      clock.advance(TWO_HOURS);
      await t.core.connections.refresh.getAccessToken(id);
      expect(fakes.servers.x.requestsOf('refresh_token').at(-1)!.outcome).toBe('ok');
      expect((await t.platform('x')).status.state).toBe('connected');
    } finally {
      await t.core.close();
    }
  });
});
