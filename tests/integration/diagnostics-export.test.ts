import fs from 'node:fs';
import path from 'node:path';
import { afterEach, expect, test } from 'vitest';
import { createConsoleLogger } from '../../electron/web-host/console-logger';
import { findSecretsInZip, readZip } from '../support/read-zip';
import { openTestCore, tempDataDir } from '../support/core-fixture';

// "The diagnostics zip contains no token, code or secret." A run writes credentials in every
// shape they take in practice through the real redacting logger; an older, unredacted log sits
// next to it; the exported zip is unzipped and searched for every value.

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const SECRETS = {
  googleAccess: 'ya29.a0AfB_FakeGoogleAccessToken0123456789',
  googleRefresh: '1//0gFakeGoogleRefreshTokenAbcdefghijkl',
  metaToken: 'EAAGFakeMetaPageToken0123456789abcdefghijklmnop',
  opaqueAccess: 'opaqueAccessTok_7c1d9e2f',
  oauthCode: 'FakeOAuthCode-Zx81Qw',
  oauthState: 'StateValue_0123456789abcdef',
  codeVerifier: 'VerifierFake_abcdefghijklmnopqrstuvwxyz012345',
  clientSecret: 'FakeClientSecret_9876zyx',
  stripeKey: 'sk_test_51FakeStripeSecretKey0123456789',
  stripeRestricted: 'rk_live_FakeRestrictedKey42',
  webhookSecret: 'whsec_FakeWebhookSigningSecret777',
  bearer: 'bearerOnlyToken.abc-123_XYZ',
  licenceKey: 'AIQL-7Q2W-9E4R-1T6Y',
  urlRefresh: 'rt_FakeRefreshInUrl_55555',
  jsonRefresh: 'rt_FakeRefreshInJson_66666',
  handoff: 'HandoffFake_0123456789abcdef',
  password: 'hunter2-fake-password',
} as const;

/** A realistic run's log lines, each carrying a credential the way a library or we might log it. */
function writeRealisticRun(log: ReturnType<typeof createConsoleLogger>): void {
  log.info('OAuth callback received', { url: `agencyiq://oauth/x?code=${SECRETS.oauthCode}&state=${SECRETS.oauthState}` });
  log.info('Token request', {
    body: `grant_type=authorization_code&code=${SECRETS.oauthCode}&code_verifier=${SECRETS.codeVerifier}&client_secret=${SECRETS.clientSecret}`,
  });
  log.info('Token response', { accessToken: SECRETS.googleAccess, refreshToken: SECRETS.googleRefresh, expiresIn: 3599 });
  log.warn(`Refreshing with https://api.x.com/2/oauth2/token?grant_type=refresh_token&refresh_token=${SECRETS.urlRefresh}`);
  log.info('Refresh response body', { raw: `{"access_token":"${SECRETS.opaqueAccess}","refresh_token":"${SECRETS.jsonRefresh}","expires_in":7200}` });
  log.info('Publishing to Facebook', { headers: { Authorization: `Bearer ${SECRETS.metaToken}` } });
  log.error('Request failed', { error: new Error(`401 for Authorization: Bearer ${SECRETS.bearer}`) });
  log.info('Stripe configured', { key: SECRETS.stripeKey, restricted: SECRETS.stripeRestricted, webhook: SECRETS.webhookSecret });
  log.info('Licence activated', { licenceKey: SECRETS.licenceKey, plan: 'growth' });
  log.info(`Relay finished: agencyiq://oauth/complete?handoff=${SECRETS.handoff}`);
  log.info('Login form', { password: SECRETS.password });
  log.info('Published post', { platform: 'facebook', postId: '0b5e1c52-0b7e-4f51-9d4b-2c1f0c7a2b11' });
}

test('the diagnostics zip has the logs and the facts, and not one of the secrets the run logged', async () => {
  const { dir, remove } = tempDataDir();
  cleanups.push(remove);
  const logsFolder = path.join(dir, 'logs');
  const logger = createConsoleLogger({ logFile: path.join(logsFolder, 'main.log'), echo: false });
  const { core, call, shell } = await openTestCore(dir, { logger, logsFolder });
  cleanups.push(() => core.close());
  await call('backups.create', {});
  writeRealisticRun(logger);
  // An older file, written before redaction existed (or by hand): the export masks it again.
  fs.writeFileSync(
    path.join(logsFolder, 'main.1.log'),
    [
      `Authorization: Bearer ${SECRETS.bearer}`,
      `POST /token client_secret=${SECRETS.clientSecret}&refresh_token=${SECRETS.urlRefresh}`,
      `{"access_token": "${SECRETS.opaqueAccess}", "refresh_token": "${SECRETS.jsonRefresh}"}`,
      `stripe ${SECRETS.stripeKey} ${SECRETS.webhookSecret}`,
      `licence key: ${SECRETS.licenceKey}`,
      `google ${SECRETS.googleAccess} ${SECRETS.googleRefresh} meta ${SECRETS.metaToken}`,
      'An ordinary line that stays readable',
    ].join('\n'),
  );

  const { path: zipPath } = await call('diagnostics.export', {});
  expect(zipPath).not.toBeNull();
  expect(fs.existsSync(zipPath!)).toBe(true);

  const entries = readZip(zipPath!);
  const names = entries.map((entry) => entry.name).sort();
  expect(names).toEqual(['about.json', 'logs/main.1.log', 'logs/main.log']);
  const text = (name: string) => entries.find((entry) => entry.name === name)!.data.toString('utf8');
  // The logs are there and still useful…
  expect(text('logs/main.log')).toContain('Published post');
  expect(text('logs/main.log')).toContain('Licence activated');
  expect(text('logs/main.1.log')).toContain('An ordinary line that stays readable');
  // …the facts a support person needs…
  const about = JSON.parse(text('about.json')) as {
    app: unknown;
    system: { os: { platform: string }; runtime: { node: string } };
    preferences: unknown;
    backups: { backups: unknown[] };
    vaultProtection: string;
  };
  expect(about.app).toEqual({ version: '9.9.9-test', host: 'browser', schemaVersion: core.schemaVersion });
  expect(about.system.os.platform).toBe(process.platform);
  expect(about.system.runtime.node).toBe(process.versions.node);
  expect(about.preferences).toEqual(await core.preferences.get());
  expect(about.backups.backups.length).toBeGreaterThan(0);
  expect(about.vaultProtection).toBe('file');
  // …and no secret, in any entry, plain or percent-encoded.
  expect(findSecretsInZip(zipPath!, Object.values(SECRETS))).toEqual([]);
  // The check itself finds a value that is there.
  expect(findSecretsInZip(zipPath!, ['Published post'])).toEqual([{ entry: 'logs/main.log', secret: 'Published post' }]);

  // "Open logs folder" opens the folder the logs came from.
  expect(await call('diagnostics.openLogsFolder', {})).toEqual({ opened: true, folder: path.resolve(logsFolder) });
  expect(shell.openedFolders).toEqual([path.resolve(logsFolder)]);
});

test('cancelling the save dialog writes nothing', async () => {
  const { dir, remove } = tempDataDir();
  cleanups.push(remove);
  const { core, call } = await openTestCore(dir, { saveDialog: { chooseSavePath: async () => null } });
  cleanups.push(() => core.close());
  expect(await call('diagnostics.export', {})).toEqual({ path: null });
  expect(fs.readdirSync(dir).filter((name) => name.endsWith('.zip'))).toEqual([]);
});
