import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { MediaLibrary } from '../../electron/core/media/media-library';
import { silentLogger } from '../../electron/core/ports/logger';
import { FakeXApi } from '../fakes/platforms/fake-x-api';
import { createLeaseSigner } from '../support/lease-signer';
import { sidewaysJpeg } from '../support/media-fixtures';
import { approveInBrowser, openOAuthTestCore, startOAuthFakes, type OAuthFakes, type OAuthTestCore } from '../support/oauth-harness';
import { seedLease, seedScheduledPost, waitUntil } from '../support/publishing-fixture';

// A sign-in X refuses in the middle of a media upload is renewed once (against the real
// authorization server fake, rotating refresh tokens), and the upload resumes from the journal:
// the picture is not initialized again, and the post goes out once, with the new token.

let fakes: OAuthFakes;
let x: FakeXApi;
let t: OAuthTestCore | null = null;
const signer = createLeaseSigner();

beforeAll(async () => {
  fakes = await startOAuthFakes();
  x = await new FakeXApi({ isValidToken: (token) => fakes.servers.x.isIssuedAccessToken(token), userOf: () => 'paddington' }).start();
});
afterAll(async () => {
  await x.stop();
  await fakes.stop();
});
afterEach(async () => {
  await t?.core.close();
  t = null;
});

it('a 401 on an append: one refresh, the upload resumes (no second initialize), one post with the renewed token', async () => {
  const env = { ...fakes.env, AGENCYIQ_LICENCE_PUBLIC_KEY: signer.publicKeyRaw, AGENCYIQ_PUBLISH_X_URL: x.url };
  const first = await openOAuthTestCore(env, { allowDevOverrides: true });
  t = first;
  await first.core.handlers['connections.connect']({ platform: 'x' });
  await first.core.openDeepLink(await approveInBrowser(first.shell.opened.at(-1)!));
  const connectionId = (await first.core.connections.store.byPlatform('x'))!.id;
  const now = first.clock.now();
  await seedLease(first.core.database.sqlite, signer, now);
  const post = seedScheduledPost(first.core.database.sqlite, { body: 'Sourdough fresh from the oven', scheduledAt: now + 86_400_000, targets: [{ platform: 'x', connectionId }] });
  const source = path.join(first.dataDir, 'loaf.jpg');
  fs.writeFileSync(source, await sidewaysJpeg());
  await new MediaLibrary(first.core.database.db, first.dataDir, first.clock, silentLogger).add(post.postId, { path: source });
  first.core.database.sqlite.prepare('UPDATE posts SET scheduled_at = ? WHERE id = ?').run(now, post.postId);
  await first.core.close();
  t = null;

  x.failNext({ status: 401, body: { title: 'Unauthorized', type: 'about:blank', status: 401, detail: 'Unauthorized' } }, 'x.append');
  const hitsBefore = fakes.servers.x.tokenEndpointHits();
  const again = await openOAuthTestCore(env, { dataDir: first.dataDir, clock: first.clock, allowDevOverrides: true });
  t = again;
  const state = () => again.core.database.sqlite.prepare('SELECT state FROM post_targets WHERE id = ?').pluck().get(post.targets.x!);
  await waitUntil(() => ['published', 'failed', 'needs_check', 'needs_reconnect'].includes(state() as string), 'settled');
  expect(state()).toBe('published');
  expect(fakes.servers.x.tokenEndpointHits() - hitsBefore).toBe(1);
  const initializes = x.requests.filter((r) => r.path.endsWith('/initialize'));
  const appends = x.requests.filter((r) => r.path.endsWith('/append'));
  expect(initializes).toHaveLength(1);
  expect(appends.map((r) => r.answer)).toEqual([{ status: 401 }, { status: 200 }]);
  expect(appends[1]!.bearer).not.toBe(appends[0]!.bearer);
  const tweets = x.publishRequests();
  expect(tweets).toHaveLength(1);
  expect(tweets[0]!.bearer).toBe(appends[1]!.bearer);
  expect(x.posts).toHaveLength(1);
  expect(x.posts[0]!.mediaIds).toEqual([...x.media.media.keys()]);
});
