import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../electron/core/ports/logger';
import { PublishingEngine } from '../../electron/core/publishing/publishing-engine';
import { openTempDatabase, type TempDatabase } from '../support/temp-database';
import { published, scriptedAdapter, seedScheduledPost, SimulatedTime, waitUntil, type ReceivedPublish } from '../support/publishing-fixture';
import { billingPeriod } from '../support/lease-signer';

// The engine on its own (real SQLite), with the collaborators it should never trust blindly.

const T0 = Date.UTC(2026, 10, 26);
let temp: TempDatabase;
let time: SimulatedTime;
let engine: PublishingEngine | null;

beforeEach(() => {
  temp = openTempDatabase('agencyiq-engine-faults-');
  time = new SimulatedTime(T0);
  engine = null;
});
afterEach(async () => {
  await engine?.stop();
  await temp.cleanup();
});

function connection(): string {
  const id = 'conn-x';
  temp.database.sqlite
    .prepare(`INSERT INTO connections (id, platform, account_id, display_name, state, created_at, updated_at) VALUES (?, 'x', '1460000000000000001', 'Paddo', 'connected', 0, 0)`)
    .run(id);
  return id;
}

describe('the engine when a collaborator fails unexpectedly', () => {
  it('a token lookup that throws defers the target a minute instead of spinning, then publishes', async () => {
    const received: ReceivedPublish[] = [];
    let lookups = 0;
    const post = seedScheduledPost(temp.database.sqlite, { body: 'Hello', scheduledAt: T0, targets: [{ platform: 'x', connectionId: connection() }] });
    engine = new PublishingEngine({
      database: temp.database,
      clock: time,
      timers: time,
      logger: silentLogger,
      adapters: { x: scriptedAdapter('x', received, () => published()) },
      tokens: {
        getAccessToken: async () => {
          lookups += 1;
          if (lookups === 1) throw new Error('the vault is locked');
          return 'token';
        },
        renewAfterRejection: async () => 'token',
        reportRefused: async () => {},
      },
      lease: async () => ({ payload: { postsPerCycle: 10, ...billingPeriod(T0 - 1000) }, now: time.now() }),
      missedAfterMs: async () => 15 * 60_000,
      tracker: { begin: () => () => {} },
      onTargetChanged: () => {},
      notify: async () => {},
      onLedgerChanged: () => {},
    });
    await engine.start();
    const nextAttempt = () => temp.database.sqlite.prepare('SELECT next_attempt_at FROM post_targets WHERE id = ?').pluck().get(post.targets.x!);
    await waitUntil(() => nextAttempt() === T0 + 60_000, 'the deferral');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(lookups).toBe(1);
    expect(received).toHaveLength(0);
    time.advance(60_000);
    await waitUntil(() => received.length === 1, 'the send a minute later');
    expect(lookups).toBe(2);
  });
});
