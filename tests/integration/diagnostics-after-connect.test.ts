import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createConsoleLogger } from '../../electron/web-host/console-logger';
import { openTestCore, tempDataDir } from '../support/core-fixture';
import { approveInBrowser, secretsSeenBy, manualClock, startOAuthFakes, type OAuthFakes } from '../support/oauth-harness';
import { findSecretsInZip, readZip } from '../support/read-zip';
import { FakeXApi } from '../fakes/platforms/fake-x-api';
import { createLeaseSigner } from '../support/lease-signer';
import { seedLease, waitUntil } from '../support/publishing-fixture';

// "The diagnostics zip of a run that connected accounts and published contains no token, code or
// secret." A real run through the real core and the real redacting file logger: X connected
// through its deep link, YouTube through the loopback listener, both refreshed, X's refresh
// failing once; then a post published to X through the real engine and adapter, the fake X API
// refusing the first token so the engine renews it; then the zip is searched for every value the
// fake authorization servers issued or received.

let fakes: OAuthFakes;
let xApi: FakeXApi;
const clock = manualClock();
const cleanups: Array<() => Promise<void> | void> = [];

beforeAll(async () => {
  fakes = await startOAuthFakes();
  xApi = await new FakeXApi({ isValidToken: (token) => fakes.servers.x.isIssuedAccessToken(token), clock }).start();
});
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  await xApi.stop();
  await fakes.stop();
});

test('a run that connected, refreshed and published exports diagnostics without one secret', async () => {
  const { dir, remove } = tempDataDir('agencyiq-diagnostics-connect-');
  cleanups.push(remove);
  const logsFolder = path.join(dir, 'logs');
  const logger = createConsoleLogger({ logFile: path.join(logsFolder, 'main.log'), echo: false });
  const signer = createLeaseSigner();
  const env = { ...fakes.env, AGENCYIQ_LICENCE_PUBLIC_KEY: signer.publicKeyRaw, AGENCYIQ_PUBLISH_X_URL: xApi.url };
  // A Growth plan, stored as a sync would have left it (the device identity exists once a core opened).
  const seeding = await openTestCore(dir, { logger, logsFolder, clock, env, allowDevOverrides: true });
  await seedLease(seeding.core.database.sqlite, signer, clock.now());
  await seeding.core.close();
  const { core, call, shell } = await openTestCore(dir, { logger, logsFolder, clock, env, allowDevOverrides: true });
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

  // Publish to X. The platform refuses the token the app holds, so the engine renews it once.
  clock.advance(60_000); // past the failed refresh's backoff
  xApi.revoke(await core.connections.refresh.getAccessToken(x.id));
  const postId = '5b0c3f3e-8d2a-4c47-9a51-0e7f7c1d2b6a';
  await call('drafts.save', { id: postId, body: 'Fresh sourdough from 7 am tomorrow.', targets: [{ platform: 'x', text: null, title: null }] });
  await call('scheduling.publishNow', { postId });
  const published = await waitUntil(async () => {
    const [target] = (await call('publishing.overview', {})).recent.flatMap((post) => post.targets);
    return target?.state === 'published' ? target : null;
  }, 'the post to be published on X');
  expect(published.platformUrl).toMatch(/^https:\/\/x\.com\/i\/web\/status\/\d+$/);
  // Exactly two sends: the refused token, then the renewed one.
  expect(xApi.publishRequests()).toHaveLength(2);

  const secrets = secretsSeenBy([fakes.servers.x, fakes.servers.youtube]);
  // The bearer tokens the publishing API received are among them.
  for (const request of xApi.publishRequests()) expect(secrets).toContain(request.bearer);
  // 2 connects + 3 refreshes at least: enough material for the search to mean something.
  expect(secrets.size).toBeGreaterThanOrEqual(12);

  const { path: zipPath } = await call('diagnostics.export', {});
  const log = readZip(zipPath!).find((entry) => entry.name === 'logs/main.log')!.data.toString('utf8');
  // The run is in the zip (so the search below searched something)…
  expect(log).toContain('Connected {"platform":"x"}');
  expect(log).toContain('Connected {"platform":"youtube"}');
  expect(log).toContain('Renewed a sign-in {"platform":"x"}');
  expect(log).toContain('Could not renew a sign-in; will retry');
  expect(log).toContain('Published {"platform":"x"}');
  // …and not one token, code, verifier or secret, plain or percent-encoded.
  expect(findSecretsInZip(zipPath!, [...secrets])).toEqual([]);
});
