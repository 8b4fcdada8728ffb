import { preparedQuery, type ParamOf } from '@shared/db/prepared-query';
import type { Database } from '../db/schema';
import { postsLeft, type Allowance, type CycleWindow } from './allowance';

/**
 * Posts used this cycle as far as anyone knows: the local ledger's count, or more when the
 * server counted more (another computer on the plan, or a ledger wiped here) or this device
 * counted more before (its sealed usage floor). Offline, the local ledger still rules — the
 * other counts only ever add to it. Pure.
 */
export function usedAtLeast(localUsed: number, knownUsed: number): number {
  return Math.max(localUsed, knownUsed);
}

/** The allowance with `used` raised to what is known to be used (see usedAtLeast). */
export function withKnownUsage(allowance: Allowance, knownUsed: number): Allowance {
  const used = usedAtLeast(allowance.used, knownUsed);
  return { ...allowance, used, left: postsLeft(allowance.postsPerCycle, used, allowance.reserved) };
}

/**
 * The posts per cycle as the publishing engine should count them: the engine compares its own
 * running total (`spokenFor`: charged + reserved here) with the lease's posts per cycle, so posts
 * used that the local total does not show are taken off the allowance instead.
 */
export function postsPerCycleAfterKnownUsage(postsPerCycle: number, localSpokenFor: number, knownUsed: number): number {
  return Math.max(0, postsPerCycle - Math.max(0, knownUsed - localSpokenFor));
}

/**
 * Posts charged or reserved in the cycle, from the ledger's running total (`quota_cycles`, the
 * same sum the engine's reservation check makes in quota-ledger.ts, read here outside its
 * transaction): one indexed row, so it costs nothing per publish.
 */
export async function readSpokenFor(db: Database, cycle: CycleWindow): Promise<number> {
  const row = await spokenForQuery(db, { start: cycle.start, end: cycle.end });
  return Number(row[0]?.total ?? 0);
}

const spokenForQuery = preparedQuery((db: Database, param: ParamOf<{ start: number; end: number }>) =>
  db
    .selectFrom('quota_cycles')
    .select((eb) => eb.fn.sum<number | null>('spoken_for').as('total'))
    .where('cycle_start', '>=', param('start'))
    .where('cycle_start', '<', param('end')),
);
