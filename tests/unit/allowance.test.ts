import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../electron/core/db/schema';
import { CYCLE_MS, cycleAt, postsLeft, readAllowance } from '../../electron/core/quota/allowance';
import { openTempDatabase, type TempDatabase } from '../support/temp-database';

// The owner is told "N posts left, resets on <date>"; the publishing engine will refuse to go
// past it. Both must agree with the plan's 30-day cycles from the subscription's start.

const ANCHOR = Date.UTC(2026, 10, 24, 3, 15); // 24 November 2026, 1:15 pm in Brisbane
const GROWTH = { postsPerCycle: 27, cycleAnchor: ANCHOR };

describe('cycleAt', () => {
  it('puts the anchor itself at the start of the first cycle', () => {
    expect(cycleAt(ANCHOR, ANCHOR)).toEqual({ start: ANCHOR, end: ANCHOR + CYCLE_MS });
  });

  it('moves to the next cycle exactly at the 30-day boundary', () => {
    expect(cycleAt(ANCHOR, ANCHOR + CYCLE_MS - 1).start).toBe(ANCHOR);
    expect(cycleAt(ANCHOR, ANCHOR + CYCLE_MS).start).toBe(ANCHOR + CYCLE_MS);
    expect(new Date(cycleAt(ANCHOR, ANCHOR + 1).end).toISOString()).toBe('2026-12-24T03:15:00.000Z');
  });

  it('is right far from the anchor and before it', () => {
    const farAway = ANCHOR + 1000 * CYCLE_MS + 12_345;
    expect(cycleAt(ANCHOR, farAway)).toEqual({ start: ANCHOR + 1000 * CYCLE_MS, end: ANCHOR + 1001 * CYCLE_MS });
    expect(cycleAt(ANCHOR, ANCHOR - 1)).toEqual({ start: ANCHOR - CYCLE_MS, end: ANCHOR });
    for (let i = 0; i < 500; i++) {
      const now = ANCHOR + Math.round((i - 100) * 7.3 * 24 * 3600 * 1000 + i * 997);
      const cycle = cycleAt(ANCHOR, now);
      expect(cycle.start <= now && now < cycle.end).toBe(true);
      expect(Math.abs((cycle.start - ANCHOR) % CYCLE_MS)).toBe(0);
    }
  });
});

describe('postsLeft', () => {
  it('is never negative', () => {
    expect(postsLeft(27, 0, 0)).toBe(27);
    expect(postsLeft(27, 20, 3)).toBe(4);
    expect(postsLeft(12, 20, 3)).toBe(0);
  });
});

describe('readAllowance (real SQLite ledger)', () => {
  let temp: TempDatabase;
  let db: Database;

  beforeEach(() => {
    temp = openTempDatabase('agencyiq-allowance-');
    db = temp.database.db;
  });
  afterEach(() => temp.cleanup());

  async function post(): Promise<string> {
    const id = randomUUID();
    await db.insertInto('posts').values({ id, body: 'x', state: 'done', revision: 1, scheduled_at: null, schedule_time_zone: null, created_at: ANCHOR, updated_at: ANCHOR, deleted_at: null }).execute();
    return id;
  }
  async function ledger(postId: string, cycleStart: number, ...entries: Array<'reserve' | 'commit' | 'release'>) {
    for (const entry of entries) await db.insertInto('quota_ledger').values({ post_id: postId, cycle_start: cycleStart, entry, created_at: cycleStart + 1 }).execute();
  }

  it('starts a fresh plan with every post left', async () => {
    expect(await readAllowance(db, GROWTH, ANCHOR + 1)).toEqual({
      postsPerCycle: 27,
      cycle: { start: ANCHOR, end: ANCHOR + CYCLE_MS },
      used: 0,
      reserved: 0,
      left: 27,
    });
  });

  it('counts commits as used, open reserves as reserved, and released posts as nothing', async () => {
    const published = await post();
    await ledger(published, ANCHOR, 'reserve', 'commit');
    const committedOnly = await post();
    await ledger(committedOnly, ANCHOR, 'commit');
    const inFlight = await post();
    await ledger(inFlight, ANCHOR, 'reserve');
    const failed = await post();
    await ledger(failed, ANCHOR, 'reserve', 'release');

    expect(await readAllowance(db, GROWTH, ANCHOR + 2 * 24 * 3600 * 1000)).toMatchObject({ used: 2, reserved: 1, left: 24 });
  });

  it("does not count the previous cycle's posts after the reset, and counts them before it", async () => {
    for (let i = 0; i < 5; i++) await ledger(await post(), ANCHOR, 'reserve', 'commit');
    await ledger(await post(), ANCHOR + CYCLE_MS, 'reserve', 'commit');

    expect(await readAllowance(db, GROWTH, ANCHOR + CYCLE_MS - 1)).toMatchObject({ used: 5, left: 22 });
    const next = await readAllowance(db, GROWTH, ANCHOR + CYCLE_MS);
    expect(next).toMatchObject({ used: 1, left: 26, cycle: { start: ANCHOR + CYCLE_MS, end: ANCHOR + 2 * CYCLE_MS } });
  });

  it('shows 0 left, not a negative number, after moving to a smaller plan', async () => {
    for (let i = 0; i < 15; i++) await ledger(await post(), ANCHOR, 'commit');
    expect(await readAllowance(db, { postsPerCycle: 12, cycleAnchor: ANCHOR }, ANCHOR + 1000)).toMatchObject({ used: 15, left: 0 });
  });
});
