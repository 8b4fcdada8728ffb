import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { MediaLibrary } from '../../electron/core/media/media-library';
import { silentLogger } from '../../electron/core/ports/logger';
import { FakeYouTubeUpload } from '../fakes/platforms/fake-youtube-upload';
import { createLeaseSigner } from '../support/lease-signer';
import { sizedMovie } from '../support/media-fixtures';
import { approveInBrowser, openOAuthTestCore, startOAuthFakes, type OAuthFakes, type OAuthTestCore } from '../support/oauth-harness';
import { seedLease, seedScheduledPost, waitUntil } from '../support/publishing-fixture';

// Google's access token expires in the middle of a video upload: the engine renews it once
// (against the fake Google authorization server, through the real loopback connection), calls the
// adapter again, and the upload resumes in the same session from YouTube's last byte.

let fakes: OAuthFakes;
let yt: FakeYouTubeUpload;
let t: OAuthTestCore | null = null;
const signer = createLeaseSigner();

beforeAll(async () => {
  fakes = await startOAuthFakes();
  yt = await new FakeYouTubeUpload({ isValidToken: (token) => fakes.servers.youtube.isIssuedAccessToken(token) }).start();
});
afterAll(async () => {
  await yt.stop();
  await fakes.stop();
});
afterEach(async () => {
  await t?.core.close();
  t = null;
});

it('a 401 on the second chunk: one refresh, the same session resumes from its last byte, one video', async () => {
  const env = { ...fakes.env, AGENCYIQ_LICENCE_PUBLIC_KEY: signer.publicKeyRaw, AGENCYIQ_PUBLISH_YOUTUBE_URL: yt.url };
  const first = await openOAuthTestCore(env, { allowDevOverrides: true });
  t = first;
  await first.core.handlers['connections.connect']({ platform: 'youtube' });
  const connected = first.waitFor((o) => o.platforms.find((p) => p.platform === 'youtube')!.status.state === 'connected');
  await fetch(await approveInBrowser(first.shell.opened.at(-1)!));
  await connected;
  const connectionId = (await first.core.connections.store.byPlatform('youtube'))!.id;
  const now = first.clock.now();
  await seedLease(first.core.database.sqlite, signer, now);
  const post = seedScheduledPost(first.core.database.sqlite, { body: 'A morning at the bakery', scheduledAt: now + 86_400_000, targets: [{ platform: 'youtube', connectionId }] });
  first.core.database.sqlite.prepare('UPDATE post_targets SET title = ? WHERE id = ?').run('A morning at the bakery', post.targets.youtube!);
  const movie = sizedMovie(10 * 1024 * 1024);
  const source = path.join(first.dataDir, 'morning.mp4');
  fs.writeFileSync(source, movie);
  await new MediaLibrary(first.core.database.db, first.dataDir, first.clock, silentLogger).add(post.postId, { path: source });
  first.core.database.sqlite.prepare('UPDATE posts SET scheduled_at = ? WHERE id = ?').run(now, post.postId);
  await first.core.close();
  t = null;

  yt.expireTokenAfterPuts(1);
  const hitsBefore = fakes.servers.youtube.tokenEndpointHits();
  const again = await openOAuthTestCore(env, { dataDir: first.dataDir, clock: first.clock, allowDevOverrides: true });
  t = again;
  const state = () => again.core.database.sqlite.prepare('SELECT state FROM post_targets WHERE id = ?').pluck().get(post.targets.youtube!);
  await waitUntil(() => ['published', 'failed', 'needs_check', 'needs_reconnect'].includes(state() as string), 'settled');
  expect(state()).toBe('published');
  expect(fakes.servers.youtube.tokenEndpointHits() - hitsBefore).toBe(1);
  expect(yt.uploadRequests().map((r) => [r.kind, r.status])).toEqual([['create', 200], ['chunk', 308], ['chunk', 401], ['probe', 308], ['chunk', 201]]);
  const [create, , refused, probe, last] = yt.uploadRequests();
  expect(refused!.bearer).toBe(create!.bearer);
  expect(probe!.bearer).not.toBe(create!.bearer);
  expect(last!.contentRange).toBe(`bytes ${8 * 1024 * 1024}-${movie.length - 1}/${movie.length}`);
  expect(yt.videos).toHaveLength(1);
  expect(yt.violations).toEqual([]);
});
