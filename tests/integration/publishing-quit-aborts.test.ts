import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { PlatformAdapter, PublishRequest } from '../../electron/core/platforms/platform-adapter';
import { unansweredOutcome } from '../../electron/core/platforms/publish-http';
import { createXAdapter } from '../../electron/core/platforms/x';
import { createNodeHttpClient } from '../../electron/core/http/node-http-client';
import { insertXConnection, xEngine } from '../support/engine-fixture';
import { seedScheduledPost, SimulatedTime, waitUntil } from '../support/publishing-fixture';
import { openTempDatabase, type TempDatabase } from '../support/temp-database';

// Quitting mid-send: the engine passes every request an AbortSignal (PublishRequest.signal) and
// aborts it when it stops, so the app does not wait on a platform that is slow to answer. What
// the target becomes follows the HTTP port's honest split: a request that had left may have been
// posted (needs_check, never re-sent by itself); one that had not left goes back to scheduled.

const T0 = Date.UTC(2026, 10, 26, 9, 0, 0);
let temp: TempDatabase;
let server: http.Server | null = null;
beforeEach(() => {
  temp = openTempDatabase('agencyiq-quit-aborts-');
});
afterEach(async () => {
  if (server !== null) {
    server.closeAllConnections();
    await new Promise((resolve) => server!.close(resolve));
    server = null;
  }
  await temp.cleanup();
});

function seedOnePost(): string {
  const connectionId = insertXConnection(temp.database.sqlite, T0);
  return seedScheduledPost(temp.database.sqlite, { body: 'Hot cross buns at noon', scheduledAt: T0 - 60_000, targets: [{ platform: 'x', connectionId }] }).targets.x!;
}

const targetRow = (id: string) =>
  temp.database.sqlite.prepare('SELECT state, error_kind, left_at FROM post_targets WHERE id = ?').get(id) as { state: string; error_kind: string | null; left_at: number | null };

it('a request that had left when the app quit is aborted and waits as needs_check', async () => {
  const targetId = seedOnePost();
  // X that reads the post and never answers (the real adapter over the real HTTP client).
  let received = 0;
  server = http.createServer((request) => {
    request.resume();
    received += 1;
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const time = new SimulatedTime(T0);
  const adapter = createXAdapter({ http: createNodeHttpClient(), clock: time, timeoutMs: 60_000, baseUrl: `http://127.0.0.1:${port}`, webUrl: 'https://x.com' });
  const engine = xEngine(temp.database, time, adapter);
  await engine.start();
  await waitUntil(() => received === 1, 'the request at the platform');

  // Without the abort, stop() would wait for the 60-second timeout.
  const stopping = engine.stop();
  await waitUntil(async () => (await Promise.race([stopping.then(() => true), new Promise((resolve) => setTimeout(() => resolve(false), 50))])) as boolean, 'the engine to stop', 5_000);
  expect(targetRow(targetId)).toMatchObject({ state: 'needs_check', error_kind: 'unknown' });
  expect(targetRow(targetId).left_at).not.toBeNull();
  expect(received).toBe(1);
});

it('a send that had not left when the app quit is aborted and goes back to scheduled, nothing sent', async () => {
  const targetId = seedOnePost();
  const signals: AbortSignal[] = [];
  // An adapter still preparing (a media upload, say) when the app quits: the final POST never leaves.
  const adapter = {
    platform: 'x',
    publish: (request: PublishRequest) =>
      new Promise((resolve) => {
        signals.push(request.signal!);
        request.signal!.addEventListener('abort', () => resolve(unansweredOutcome('x', { kind: 'not_sent', reason: 'aborted', message: 'cancelled' })), { once: true });
      }),
  } as PlatformAdapter;
  const time = new SimulatedTime(T0);
  const engine = xEngine(temp.database, time, adapter);
  await engine.start();
  await waitUntil(() => signals.length === 1, 'the send under way');
  expect(signals[0]!.aborted).toBe(false);

  await engine.stop();
  expect(signals[0]!.aborted).toBe(true);
  expect(targetRow(targetId)).toMatchObject({ state: 'scheduled', error_kind: 'transient' });
});
