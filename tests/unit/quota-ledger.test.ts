import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../electron/core/db/open-database';
import { MIGRATIONS } from '../../electron/core/db/migrations';
import type { Database } from '../../electron/core/db/schema';
import { cycleAt, readAllowance } from '../../electron/core/licence/allowance';
import { commitForPost, releaseForPost, reserveForPost, spokenFor, type PublishingLease } from '../../electron/core/licence/quota-ledger';
import { inSyncTransaction } from '../../electron/core/db/sync-transaction';
import type { CycleWindow } from '../../electron/core/licence/allowance';
import { openTempDatabase, type TempDatabase } from '../support/temp-database';
import { billingPeriod } from '../support/lease-signer';

// The ledger the engine writes: a post costs one when first published, however many platforms;
// nothing for failures; never past the allowance. The running total the claim checks must agree
// with what the Plan page reads (`readAllowance`) after every step.

const ANCHOR = Date.UTC(2026, 10, 1);
const NOW = ANCHOR + 3 * 24 * 3600 * 1000;
/** The lease's billing period: 1 to 31 November (30 days), then December. */
const CYCLE_MS = 30 * 24 * 3600 * 1000;
const lease = (postsPerCycle: number, now = NOW) => ({ payload: { postsPerCycle, ...billingPeriod(ANCHOR) }, now });

let temp: TempDatabase;
let db: Database;

beforeEach(() => {
  temp = openTempDatabase('agencyiq-quota-ledger-');
  db = temp.database.db;
});
afterEach(() => temp.cleanup());

// Each call in its own transaction, as the engine runs them.
const reserve = (postId: string, lease: PublishingLease | null, now: number) => inSyncTransaction(temp.database, (tx) => reserveForPost(tx, postId, lease, now));
const commit = (postId: string, now: number) => inSyncTransaction(temp.database, (tx) => commitForPost(tx, postId, now));
const release = (postId: string, now: number) => inSyncTransaction(temp.database, (tx) => releaseForPost(tx, postId, now));
const spoken = (cycle: CycleWindow) => inSyncTransaction(temp.database, (tx) => spokenFor(tx, cycle));

async function post(): Promise<string> {
  const id = randomUUID();
  await db.insertInto('posts').values({ id, body: 'x', state: 'publishing', revision: 1, scheduled_at: NOW, schedule_time_zone: 'Australia/Brisbane', created_at: NOW, updated_at: NOW, deleted_at: null }).execute();
  return id;
}

async function agrees(now = NOW): Promise<{ used: number; reserved: number }> {
  const allowance = await readAllowance(db, { postsPerCycle: 2, ...billingPeriod(ANCHOR) }, now);
  expect(await spoken(cycleAt(billingPeriod(ANCHOR), now))).toBe(allowance.used + allowance.reserved);
  return { used: allowance.used, reserved: allowance.reserved };
}

describe('the quota ledger', () => {
  it('reserves once per post, commits once, and refuses past the allowance with the reset instant', async () => {
    const [a, b, c] = [await post(), await post(), await post()];
    expect(await reserve(a!, lease(2), NOW)).toEqual({ kind: 'reserved' });
    expect(await reserve(a!, lease(2), NOW)).toEqual({ kind: 'held' }); // its second platform
    expect(await reserve(b!, lease(2), NOW)).toEqual({ kind: 'reserved' });
    expect(await agrees()).toEqual({ used: 0, reserved: 2 });
    expect(await reserve(c!, lease(2), NOW)).toEqual({ kind: 'exhausted', resetsAt: ANCHOR + CYCLE_MS });
    expect(await commit(a!, NOW)).toBe(true);
    expect(await commit(a!, NOW)).toBe(false); // the second platform's success costs nothing
    expect(await agrees()).toEqual({ used: 1, reserved: 1 });
    expect(await reserve(b!, null, NOW)).toEqual({ kind: 'held' });
    expect(await reserve(c!, null, NOW)).toEqual({ kind: 'no-plan' });
  });

  it('gives a failed post its reservation back; trying it again reserves again; a late "it was published" charges it', async () => {
    const a = await post();
    await reserve(a, lease(2), NOW);
    expect(await release(a, NOW)).toBe(true);
    expect(await release(a, NOW)).toBe(false);
    expect(await agrees()).toEqual({ used: 0, reserved: 0 });
    expect(await reserve(a, lease(2), NOW)).toEqual({ kind: 'reserved' });
    expect(await agrees()).toEqual({ used: 0, reserved: 1 });
    await release(a, NOW);
    expect(await commit(a, NOW)).toBe(true);
    expect(await agrees()).toEqual({ used: 1, reserved: 0 });
    expect(await release(a, NOW)).toBe(false); // charged posts are never released
  });

  it('a new cycle starts from nothing; a post charged last cycle is not charged again', async () => {
    const a = await post();
    await reserve(a, lease(1), NOW);
    await commit(a, NOW);
    const next = NOW + CYCLE_MS;
    expect(await agrees(next)).toEqual({ used: 0, reserved: 0 });
    expect(await reserve(a, lease(1, next), next)).toEqual({ kind: 'held' });
    expect(await reserve(await post(), lease(1, next), next)).toEqual({ kind: 'reserved' });
  });
});

describe('the ledger rows each step writes', () => {
  const rows = (postId: string) =>
    temp.database.sqlite.prepare('SELECT cycle_start, entry, created_at FROM quota_ledger WHERE post_id = ? ORDER BY id').all(postId);

  it('a post released in one cycle and tried in the next is reserved and charged in the new cycle only, once', async () => {
    const a = await post();
    const next = NOW + CYCLE_MS;
    const nextCycle = cycleAt(billingPeriod(ANCHOR), next).start;
    await reserve(a, lease(2), NOW);
    await release(a, NOW + 1);
    expect(await reserve(a, lease(2, next), next)).toEqual({ kind: 'reserved' });
    expect(await commit(a, next + 1)).toBe(true);
    expect(await commit(a, next + 2)).toBe(false);
    expect(await release(a, next + 3)).toBe(false);
    expect(rows(a)).toEqual([
      { cycle_start: ANCHOR, entry: 'reserve', created_at: NOW },
      { cycle_start: ANCHOR, entry: 'release', created_at: NOW + 1 },
      { cycle_start: nextCycle, entry: 'reserve', created_at: next },
      { cycle_start: nextCycle, entry: 'commit', created_at: next + 1 },
    ]);
    expect(await agrees(NOW)).toEqual({ used: 0, reserved: 0 });
    expect(await agrees(next)).toEqual({ used: 1, reserved: 0 });
  });

  it('a post never reserved is not charged; a full cycle refuses a new post but not a held one', async () => {
    const [a, b, c] = [await post(), await post(), await post()];
    expect(await commit(a!, NOW)).toBe(false);
    expect(rows(a!)).toEqual([]);
    await reserve(b!, lease(1), NOW);
    expect(await reserve(c!, lease(1), NOW)).toEqual({ kind: 'exhausted', resetsAt: ANCHOR + CYCLE_MS });
    expect(await reserve(b!, lease(1), NOW)).toEqual({ kind: 'held' });
    expect(rows(c!)).toEqual([]);
    expect(await agrees()).toEqual({ used: 0, reserved: 1 });
  });
});

describe('migration 6 (quota_cycles)', () => {
  it('fills the running totals from a ledger already there', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agencyiq-quota-cycles-'));
    const file = path.join(dir, 'agencyiq.db');
    try {
      const before = openDatabase(file, { migrations: MIGRATIONS.slice(0, 5) });
      const insertPost = before.sqlite.prepare(`INSERT INTO posts (id, body, state, revision, created_at, updated_at) VALUES (?, 'x', 'done', 1, 0, 0)`);
      const entry = before.sqlite.prepare('INSERT INTO quota_ledger (post_id, cycle_start, entry, created_at) VALUES (?, ?, ?, 0)');
      const ids = ['a', 'b', 'c', 'd'];
      for (const id of ids) insertPost.run(id);
      entry.run('a', ANCHOR, 'reserve');
      entry.run('a', ANCHOR, 'commit'); // charged
      entry.run('b', ANCHOR, 'reserve'); // in flight
      entry.run('c', ANCHOR, 'reserve');
      entry.run('c', ANCHOR, 'release'); // failed: nothing
      entry.run('d', ANCHOR + CYCLE_MS, 'reserve'); // next cycle
      await before.close();
      const after = openDatabase(file);
      expect(after.sqlite.prepare('SELECT cycle_start, spoken_for FROM quota_cycles ORDER BY cycle_start').all()).toEqual([
        { cycle_start: ANCHOR, spoken_for: 2 },
        { cycle_start: ANCHOR + CYCLE_MS, spoken_for: 1 },
      ]);
      await after.close();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('migration 9 (running totals by trigger)', () => {
  it('fills used beside spoken_for from the ledger already there, and both follow every entry written or deleted after', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agencyiq-quota-totals-'));
    const file = path.join(dir, 'agencyiq.db');
    try {
      const before = openDatabase(file, { migrations: MIGRATIONS.slice(0, 8) });
      const insertPost = before.sqlite.prepare(`INSERT INTO posts (id, body, state, revision, created_at, updated_at) VALUES (?, 'x', 'done', 1, 0, 0)`);
      for (const id of ['a', 'b', 'c', 'd', 'e']) insertPost.run(id);
      const entry = before.sqlite.prepare('INSERT INTO quota_ledger (post_id, cycle_start, entry, created_at) VALUES (?, ?, ?, 0)');
      entry.run('a', ANCHOR, 'reserve');
      entry.run('a', ANCHOR, 'commit'); // charged
      entry.run('b', ANCHOR, 'reserve'); // in flight
      entry.run('c', ANCHOR, 'reserve');
      entry.run('c', ANCHOR, 'release'); // failed: nothing
      await before.close();

      const after = openDatabase(file);
      const totals = () => after.sqlite.prepare('SELECT cycle_start, spoken_for, used FROM quota_cycles ORDER BY cycle_start').all();
      expect(totals()).toEqual([{ cycle_start: ANCHOR, spoken_for: 2, used: 1 }]);

      const write = after.sqlite.prepare('INSERT INTO quota_ledger (post_id, cycle_start, entry, created_at) VALUES (?, ?, ?, 0)');
      write.run('b', ANCHOR, 'commit'); // the in-flight post is charged: used moves, spoken_for does not
      write.run('d', ANCHOR, 'commit'); // charged without a reservation (an owner's "it was published")
      write.run('e', ANCHOR + CYCLE_MS, 'reserve'); // the next cycle gets its own row
      expect(totals()).toEqual([
        { cycle_start: ANCHOR, spoken_for: 3, used: 3 },
        { cycle_start: ANCHOR + CYCLE_MS, spoken_for: 1, used: 0 },
      ]);
      // A released post reserved again: the release is deleted, and it counts once more.
      after.sqlite.prepare(`DELETE FROM quota_ledger WHERE post_id = 'c' AND entry = 'release'`).run();
      write.run('e', ANCHOR + CYCLE_MS, 'release');
      expect(totals()).toEqual([
        { cycle_start: ANCHOR, spoken_for: 4, used: 3 },
        { cycle_start: ANCHOR + CYCLE_MS, spoken_for: 0, used: 0 },
      ]);
      await after.close();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
