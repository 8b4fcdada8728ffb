import { cycleAt, type CycleWindow } from '@shared/licence/billing-cycle';
import type { LeasePayload } from '@shared/licence/lease-format';
import type { Database } from '../db/schema';

export { cycleAt, type CycleWindow };

/** The lease fields the quota is counted from. */
export type QuotaTerms = Pick<LeasePayload, 'postsPerCycle' | 'cycleStart' | 'cycleEnd'>;

/** What the plan allows this cycle and how much of it is spoken for. */
export interface Allowance {
  postsPerCycle: number;
  cycle: CycleWindow;
  /** Posts whose first target was published this cycle (committed). */
  used: number;
  /** Posts being published right now: reserved, neither committed nor released yet. */
  reserved: number;
  /** Never negative, even if a smaller plan follows a busy cycle. */
  left: number;
}

/** Pure: what is left given the counts. */
export function postsLeft(postsPerCycle: number, used: number, reserved: number): number {
  return Math.max(0, postsPerCycle - used - reserved);
}

/**
 * Reads the allowance for the cycle containing `now` from a VERIFIED lease (its posts per
 * cycle and billing period; nothing the owner could edit) and the quota ledger. The publishing engine
 * writes the ledger (reserve → commit | release); this only reads it.
 */
export async function readAllowance(db: Database, lease: QuotaTerms, now: number): Promise<Allowance> {
  const cycle = cycleAt(lease, now);
  // A range rather than equality, so entries still count if the period's start moved within it.
  const rows = await db
    .selectFrom('quota_ledger')
    .select(['post_id', 'entry'])
    .where('cycle_start', '>=', cycle.start)
    .where('cycle_start', '<', cycle.end)
    .execute();
  const committed = new Set<string>();
  const released = new Set<string>();
  const reservedPosts = new Set<string>();
  for (const row of rows) {
    if (row.entry === 'commit') committed.add(row.post_id);
    else if (row.entry === 'release') released.add(row.post_id);
    else reservedPosts.add(row.post_id);
  }
  let reserved = 0;
  for (const postId of reservedPosts) if (!committed.has(postId) && !released.has(postId)) reserved++;
  const used = committed.size;
  return { postsPerCycle: lease.postsPerCycle, cycle, used, reserved, left: postsLeft(lease.postsPerCycle, used, reserved) };
}
