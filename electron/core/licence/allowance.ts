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
 * cycle and billing period; nothing the owner could edit) and the quota ledger's running totals
 * per cycle (`quota_cycles`, moved with every ledger entry in the same transaction; migration 009):
 * one row, however many posts the cycle has. The publishing engine writes the ledger
 * (reserve → commit | release); this only reads it.
 */
export async function readAllowance(db: Database, lease: QuotaTerms, now: number): Promise<Allowance> {
  const cycle = cycleAt(lease, now);
  // A range rather than equality, so entries still count if the period's start moved within it.
  const row = await db
    .selectFrom('quota_cycles')
    .select((eb) => [eb.fn.sum<number | null>('used').as('used'), eb.fn.sum<number | null>('spoken_for').as('spoken_for')])
    .where('cycle_start', '>=', cycle.start)
    .where('cycle_start', '<', cycle.end)
    .executeTakeFirst();
  const used = Number(row?.used ?? 0);
  const reserved = Math.max(0, Number(row?.spoken_for ?? 0) - used);
  return { postsPerCycle: lease.postsPerCycle, cycle, used, reserved, left: postsLeft(lease.postsPerCycle, used, reserved) };
}
