import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createConsoleLogger } from '../../electron/web-host/console-logger';
import { openTestCore, tempDataDir } from '../support/core-fixture';
import { approveInBrowser, secretsSeenBy, manualClock, startOAuthFakes, type OAuthFakes } from '../support/oauth-harness';
import { findSecretsInZip, readZip } from '../support/read-zip';

// "The diagnostics zip of a run that connected accounts contains no token, code or secret."
// A real run through the real core and the real redacting file logger: X connected through its
// deep link, YouTube through the loopback listener, both refreshed, X's refresh failing once;
// then the zip is searched for every value the fake authorization servers issued or received.
// (Publishing arrives with its own issue; its run joins this test then.)

let fakes: OAuthFakes;
const cleanups: Array<() => Promise<void> | void> = [];

beforeAll(async () => {
  fakes = await startOAuthFakes();
});
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  await fakes.stop();
});

test('a run that connected and refreshed two accounts exports diagnostics without one secret', async () => {
  const { dir, remove } = tempDataDir('agencyiq-diagnostics-connect-');
  cleanups.push(remove);
  const logsFolder = path.join(dir, 'logs');
  const logger = createConsoleLogger({ logFile: path.join(logsFolder, 'main.log'), echo: false });
  const clock = manualClock();
  const { core, call, shell } = await openTestCore(dir, { logger, logsFolder, clock, env: fakes.env });
  cleanups.push(() => core.close());

  await call('connections.connect', { platform: 'x' });
  await core.openDeepLink(await approveInBrowser(shell.opened.at(-1)!));
  await call('connections.connect', { platform: 'youtube' });
  await fetch(await approveInBrowser(shell.opened.at(-1)!));
  await expect
    .poll(async () => (await call('connections.list', {})).platforms.filter((p) => p.status.state === 'connected').length)
    .toBe(2);

  const x = (await core.connections.store.byPlatform('x'))!;
  const youtube = (await core.connections.store.byPlatform('youtube'))!;
  clock.advance(2 * 60 * 60 * 1000);
  await core.connections.refresh.getAccessToken(x.id);
  await core.connections.refresh.getAccessToken(youtube.id);
  fakes.servers.x.failNextRefreshWith = { status: 503, body: { error: 'temporarily_unavailable' } };
  clock.advance(2 * 60 * 60 * 1000);
  await core.connections.refresh.getAccessToken(x.id).catch(() => {});

  const secrets = secretsSeenBy([fakes.servers.x, fakes.servers.youtube]);
  // 2 connects + 2 refreshes at least: enough material for the search to mean something.
  expect(secrets.size).toBeGreaterThanOrEqual(10);

  const { path: zipPath } = await call('diagnostics.export', {});
  const log = readZip(zipPath!).find((entry) => entry.name === 'logs/main.log')!.data.toString('utf8');
  // The run is in the zip (so the search below searched something)…
  expect(log).toContain('Connected {"platform":"x"}');
  expect(log).toContain('Connected {"platform":"youtube"}');
  expect(log).toContain('Renewed a sign-in {"platform":"x"}');
  expect(log).toContain('Could not renew a sign-in; will retry');
  // …and not one token, code, verifier or secret, plain or percent-encoded.
  expect(findSecretsInZip(zipPath!, [...secrets])).toEqual([]);
});
