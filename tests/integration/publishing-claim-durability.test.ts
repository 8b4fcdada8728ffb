import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { SyncDatabase } from '../../electron/core/db/sync-transaction';
import type { PlatformAdapter, PublishRequest } from '../../electron/core/platforms/platform-adapter';
import { OutboxStore } from '../../electron/core/publishing/outbox-store';
import { recoverInterrupted } from '../../electron/core/publishing/recover-interrupted';
import { published, seedScheduledPost, SimulatedTime, waitUntil } from '../support/publishing-fixture';
import { openTempDatabase, type TempDatabase } from '../support/temp-database';
import { billingPeriod } from '../support/lease-signer';
import { insertXConnection, TEST_BOOT as BOOT, xEngine } from '../support/engine-fixture';

// The outbox's one promise a power cut must not break: a target's request never leaves before
// its claim is durable (committed with synchronous=FULL, so fsynced). The order of the durable
// commits and the requests is recorded through the ports: the database handle the engine writes
// with, and the adapter it sends with.

const T0 = Date.UTC(2026, 10, 26, 9, 0, 0);
let temp: TempDatabase;
let reader: BetterSqlite3.Database;
beforeEach(() => {
  temp = openTempDatabase('agencyiq-claim-durability-');
  reader = new BetterSqlite3(temp.file, { readonly: true });
});
afterEach(async () => {
  reader.close();
  await temp.cleanup();
});

const seedConnection = (): string => insertXConnection(temp.database.sqlite, T0);

/** The engine's database, with every change of `synchronous` (the durable commit's brackets) recorded. */
function recordingDatabase(log: (entry: string) => void): SyncDatabase {
  const { db, sqlite, statements } = temp.database;
  const recorded = new Proxy(sqlite, {
    get(target, key) {
      if (key === 'pragma') {
        return (source: string, options?: BetterSqlite3.PragmaOptions) => {
          const answer = target.pragma(source, options);
          log(`pragma ${source}`);
          return answer;
        };
      }
      const value = Reflect.get(target, key, target) as unknown;
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
  return { db, sqlite: recorded, statements };
}

it('every request leaves after a durable commit that holds its claim, and after its leaving mark is committed', async () => {
  const connectionId = seedConnection();
  const byText = new Map<string, string>();
  for (let n = 0; n < 40; n++) {
    const text = `Loaf ${n} of the morning bake`;
    const post = seedScheduledPost(temp.database.sqlite, { body: text, scheduledAt: T0 - 60_000 + n, targets: [{ platform: 'x', connectionId }] });
    byText.set(text, post.targets.x!);
  }

  const events: string[] = [];
  /** Targets another connection saw claimed right when a durable commit ended. */
  const durablyClaimed = new Set<string>();
  const claimedNow = reader.prepare(`SELECT id FROM post_targets WHERE state = 'publishing'`).pluck();
  const leftAt = reader.prepare('SELECT left_at FROM post_targets WHERE id = ?').pluck();
  const database = recordingDatabase((entry) => {
    events.push(entry);
    // synchronous goes back to NORMAL right after the FULL commit: what it committed is on disk.
    if (entry === 'pragma synchronous = NORMAL') for (const id of claimedNow.all() as string[]) durablyClaimed.add(id);
  });
  const violations: string[] = [];
  const adapter: PlatformAdapter = {
    platform: 'x',
    async publish(request: PublishRequest) {
      const targetId = byText.get(request.text)!;
      events.push(`send ${targetId}`);
      if (!durablyClaimed.has(targetId)) violations.push(`${targetId} was sent before a durable commit of its claim`);
      if (leftAt.get(targetId) === null) violations.push(`${targetId} was sent before its leaving mark was committed`);
      await new Promise((resolve) => setImmediate(resolve));
      return published();
    },
  } as PlatformAdapter;

  const time = new SimulatedTime(T0);
  const engine = xEngine(database, time, adapter);
  await engine.start();
  const left = reader.prepare(`SELECT COUNT(*) FROM post_targets WHERE state <> 'published'`).pluck();
  await waitUntil(() => left.get() === 0, 'every target published');
  await engine.stop();

  expect(violations).toEqual([]);
  const sends = events.filter((entry) => entry.startsWith('send ')).length;
  const durableCommits = events.filter((entry) => entry === 'pragma synchronous = FULL').length;
  expect(sends).toBe(40);
  // Claims share durable commits: far fewer fsyncs than sends.
  expect(durableCommits).toBeLessThanOrEqual(sends / 4);
});

it('targets claimed in the same batch are not sent once a rate limit holds their connection: they wait for the reset, none needs a check', async () => {
  const connectionId = seedConnection();
  const ids: string[] = [];
  for (let n = 0; n < 6; n++) {
    ids.push(seedScheduledPost(temp.database.sqlite, { body: `Loaf ${n}`, scheduledAt: T0 - 60_000 + n, targets: [{ platform: 'x', connectionId }] }).targets.x!);
  }
  const time = new SimulatedTime(T0);
  const retryAt = T0 + 15 * 60_000;
  const sent: string[] = [];
  const adapter = {
    platform: 'x',
    async publish(request: PublishRequest) {
      sent.push(request.text);
      return { outcome: { kind: 'rate_limited', retryAt, message: 'Too Many Requests' }, httpStatus: 429, platformErrorCode: null };
    },
  } as PlatformAdapter;
  const engine = xEngine(temp.database, time, adapter, { concurrency: 1 });
  await engine.start();
  const states = reader.prepare(`SELECT state, next_attempt_at FROM post_targets WHERE id = ?`);
  await waitUntil(() => ids.every((id) => (states.get(id) as { state: string }).state === 'scheduled' && (states.get(id) as { next_attempt_at: number | null }).next_attempt_at === retryAt), 'every target waiting for the reset');
  await engine.stop();
  expect(sent).toHaveLength(1);
});

it('after a crash, a claim that never left goes back to the queue within the same boot; anything else needs the owner’s check', async () => {
  const connectionId = seedConnection();
  const seed = (body: string) => seedScheduledPost(temp.database.sqlite, { body, scheduledAt: T0, targets: [{ platform: 'x', connectionId }] }).targets.x!;
  const lease = { payload: { postsPerCycle: 10, ...billingPeriod(T0 - 86_400_000) }, now: T0 };
  const store = new OutboxStore(temp.database, { boot: BOOT });
  const [neverLeft, leftBeforeCrash] = [seed('claimed, never left'), seed('claimed and left')];
  await store.write([neverLeft, leftBeforeCrash].map((targetId) => ({ kind: 'claim', claim: { targetId, now: T0, lease } })));
  await store.write([{ kind: 'leave', leave: { targetId: leftBeforeCrash, now: T0 + 5 } }]);
  const state = (id: string) => temp.database.sqlite.prepare('SELECT state FROM post_targets WHERE id = ?').pluck().get(id);
  const openAttempts = (id: string) => temp.database.sqlite.prepare('SELECT COUNT(*) FROM publish_attempts WHERE target_id = ? AND finished_at IS NULL').pluck().get(id);

  // The same boot: the unsynced leaving mark would be there had the request left.
  await recoverInterrupted(temp.database, T0 + 1000, BOOT);
  expect(state(neverLeft)).toBe('scheduled');
  expect(openAttempts(neverLeft)).toBe(0);
  expect(state(leftBeforeCrash)).toBe('needs_check');

  // After a restart of the computer (a power cut may have lost the mark), or with no boot
  // identity at all, a claim without a mark may have left: the owner checks it.
  for (const boot of ['another-boot-0000-0000-000000000000', null]) {
    const target = seed(`claimed before a restart (${String(boot)})`);
    await store.write([{ kind: 'claim', claim: { targetId: target, now: T0, lease } }]);
    await recoverInterrupted(temp.database, T0 + 2000, boot);
    expect(state(target)).toBe('needs_check');
  }
});
