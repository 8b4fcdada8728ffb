import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { PublishResult } from '../../electron/core/platforms/platform-adapter';
import { testSecretStore } from '../support/test-ports';
import { approveInBrowser, openOAuthTestCore, startOAuthFakes, type OAuthFakes, type OAuthTestCore } from '../support/oauth-harness';
import { createLeaseSigner } from '../support/lease-signer';
import { published, scriptedAdapter, seedLease, seedScheduledPost, waitUntil, type ReceivedPublish } from '../support/publishing-fixture';

// A token the platform refuses is renewed once — against the real X-style authorization server
// fake (rotating, single-use refresh tokens) — whatever the number of publishes that saw it.

let fakes: OAuthFakes;
let t: OAuthTestCore | null = null;
const signer = createLeaseSigner();

beforeAll(async () => {
  fakes = await startOAuthFakes();
});
afterAll(async () => {
  await fakes.stop();
});
afterEach(async () => {
  await t?.core.close();
  t = null;
});

async function connectX(options: Parameters<typeof openOAuthTestCore>[1] = {}): Promise<{ id: string; core: OAuthTestCore }> {
  const core = await openOAuthTestCore({ ...fakes.env, AGENCYIQ_LICENCE_PUBLIC_KEY: signer.publicKeyRaw }, { allowDevOverrides: true, ...options });
  t = core;
  await core.core.handlers['connections.connect']({ platform: 'x' });
  await core.core.openDeepLink(await approveInBrowser(core.shell.opened.at(-1)!));
  const record = await core.core.connections.store.byPlatform('x');
  return { id: record!.id, core };
}

async function accessToken(core: OAuthTestCore, id: string): Promise<string> {
  const row = core.core.database.sqlite.prepare('SELECT token_ciphertext FROM connections WHERE id = ?').get(id) as { token_ciphertext: Buffer };
  return JSON.parse(await testSecretStore().decrypt(row.token_ciphertext)).accessToken;
}

describe('renewing a refused token', () => {
  it('20 publishes that saw the same refusal cause one refresh; a refusal of an already replaced token causes none', async () => {
    const { id, core } = await connectX();
    const refused = await accessToken(core, id);
    const before = fakes.servers.x.tokenEndpointHits();
    const renewed = await Promise.all(Array.from({ length: 20 }, () => core.core.connections.refresh.renewAfterRejection(id, refused)));
    expect(fakes.servers.x.tokenEndpointHits() - before).toBe(1);
    expect(new Set(renewed).size).toBe(1);
    expect(renewed[0]).not.toBe(refused);
    expect(await accessToken(core, id)).toBe(renewed[0]);

    // A late caller still holding the old token gets the stored one, without a request.
    expect(await core.core.connections.refresh.renewAfterRejection(id, refused)).toBe(renewed[0]);
    expect(fakes.servers.x.tokenEndpointHits() - before).toBe(1);
  });

  it('the engine: a post refused with the old token is sent once more with the renewed token and published', async () => {
    const first = await connectX();
    const oldToken = await accessToken(first.core, first.id);
    const now = first.core.clock.now();
    await seedLease(first.core.core.database.sqlite, signer, now);
    const post = seedScheduledPost(first.core.core.database.sqlite, { body: 'Fresh token please', scheduledAt: now, targets: [{ platform: 'x', connectionId: first.id }] });
    await first.core.core.close();
    t = null;

    const received: ReceivedPublish[] = [];
    const refuseOld = (request: { accessToken: string }): PublishResult =>
      request.accessToken === oldToken
        ? { outcome: { kind: 'auth', message: 'Unauthorized' }, httpStatus: 401, platformErrorCode: null }
        : published();
    const before = fakes.servers.x.tokenEndpointHits();
    const again = await openOAuthTestCore(
      { ...fakes.env, AGENCYIQ_LICENCE_PUBLIC_KEY: signer.publicKeyRaw },
      { dataDir: first.core.dataDir, clock: first.core.clock, allowDevOverrides: true, platformAdapters: { x: scriptedAdapter('x', received, refuseOld) } },
    );
    t = again;
    const state = () => again.core.database.sqlite.prepare('SELECT state FROM post_targets WHERE id = ?').pluck().get(post.targets.x!);
    await waitUntil(() => state() === 'published', 'the post published');
    expect(received.map((r) => r.request.accessToken === oldToken)).toEqual([true, false]);
    expect(fakes.servers.x.tokenEndpointHits() - before).toBe(1);
    const attempts = await again.core.handlers['publishing.attempts']({ targetId: post.targets.x! });
    expect(attempts.attempts.map((a) => [a.outcome, a.httpStatus])).toEqual([
      ['retry', 401],
      ['published', 201],
    ]);
  });
});
