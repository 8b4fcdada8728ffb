import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../electron/core/db/schema';
import { cycleAt, postsLeft, readAllowance } from '../../electron/core/licence/allowance';
import { openTempDatabase, type TempDatabase } from '../support/temp-database';
import { billingPeriod } from '../support/lease-signer';

// The owner is told "N posts left, resets on <date>"; the publishing engine will refuse to go
// past it. Both must agree with the subscription's billing period from Stripe (in the lease),
// and past its end with the months Stripe bills next.

const ANCHOR = Date.UTC(2026, 10, 24, 3, 15); // 24 November 2026, 1:15 pm in Brisbane
const GROWTH = { postsPerCycle: 27, ...billingPeriod(ANCHOR) }; // until 24 December
const DAY = 24 * 3600 * 1000;
const CYCLE_MS = 30 * DAY; // this lease's period: 24 November to 24 December

describe('cycleAt', () => {
  it('is the billing period the lease carries, from its first instant to just before its end', () => {
    expect(cycleAt(GROWTH, ANCHOR)).toEqual({ start: ANCHOR, end: ANCHOR + CYCLE_MS });
    expect(cycleAt(GROWTH, ANCHOR + CYCLE_MS - 1).start).toBe(ANCHOR);
    expect(new Date(cycleAt(GROWTH, ANCHOR + 1).end).toISOString()).toBe('2026-12-24T03:15:00.000Z');
    // A clock behind the period counts in the period: nothing earlier is known.
    expect(cycleAt(GROWTH, ANCHOR - DAY)).toEqual({ start: ANCHOR, end: ANCHOR + CYCLE_MS });
  });

  it('ends a 31-day billing month at its own end, not after 30 days', () => {
    const january = { cycleStart: Date.UTC(2027, 0, 1), cycleEnd: Date.UTC(2027, 1, 1) };
    expect(cycleAt(january, Date.UTC(2027, 0, 31, 12))).toEqual({ start: january.cycleStart, end: january.cycleEnd });
  });

  it('past the known period, follows calendar months from its end, keeping the day through short months', () => {
    expect(cycleAt(GROWTH, ANCHOR + CYCLE_MS)).toEqual({ start: Date.UTC(2026, 11, 24, 3, 15), end: Date.UTC(2027, 0, 24, 3, 15) });
    const endsOn31st = { cycleStart: Date.UTC(2026, 11, 31), cycleEnd: Date.UTC(2027, 0, 31) };
    expect(cycleAt(endsOn31st, Date.UTC(2027, 1, 10))).toEqual({ start: Date.UTC(2027, 0, 31), end: Date.UTC(2027, 1, 28) });
    expect(cycleAt(endsOn31st, Date.UTC(2027, 2, 1))).toEqual({ start: Date.UTC(2027, 1, 28), end: Date.UTC(2027, 2, 31) });
    // A short month known from the server (31 January to 28 February) still bills on the 31st next.
    const february = { cycleStart: Date.UTC(2027, 0, 31), cycleEnd: Date.UTC(2027, 1, 28) };
    expect(cycleAt(february, Date.UTC(2027, 2, 1))).toEqual({ start: Date.UTC(2027, 1, 28), end: Date.UTC(2027, 2, 31) });
    // A trial of 14 days: the billing day is where it ended.
    const trial = { cycleStart: Date.UTC(2027, 0, 1), cycleEnd: Date.UTC(2027, 0, 15) };
    expect(cycleAt(trial, Date.UTC(2027, 1, 20))).toEqual({ start: Date.UTC(2027, 1, 15), end: Date.UTC(2027, 2, 15) });
    const farAway = Date.UTC(2110, 3, 2);
    expect(cycleAt(GROWTH, farAway)).toEqual({ start: Date.UTC(2110, 2, 24, 3, 15), end: Date.UTC(2110, 3, 24, 3, 15) });
    for (let i = 0; i < 500; i++) {
      const now = ANCHOR + Math.round(i * 7.3 * DAY + i * 997);
      const cycle = cycleAt(GROWTH, now);
      expect(cycle.start <= now && now < cycle.end).toBe(true);
      expect(new Date(cycle.end).getUTCDate()).toBe(24);
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
    expect(next).toMatchObject({ used: 1, left: 26, cycle: { start: ANCHOR + CYCLE_MS, end: Date.UTC(2027, 0, 24, 3, 15) } });
  });

  it('shows 0 left, not a negative number, after moving to a smaller plan', async () => {
    for (let i = 0; i < 15; i++) await ledger(await post(), ANCHOR, 'commit');
    expect(await readAllowance(db, { postsPerCycle: 12, ...billingPeriod(ANCHOR) }, ANCHOR + 1000)).toMatchObject({ used: 15, left: 0 });
  });
});
