import type { LeasePayload } from '../../../shared/licence/lease-format';
import { sql } from 'kysely';
import { preparedQuery } from '../../../shared/db/prepared-query';
import type { Database } from '../db/schema';
import { cycleAt, type CycleWindow } from './allowance';

/** The verified lease the engine publishes under, with the trusted time its cycle is counted at. */
export interface PublishingLease {
  payload: Pick<LeasePayload, 'postsPerCycle' | 'cycleAnchor'>;
  now: number;
}

/** What asking for a post's reservation gave. */
export type ReserveResult =
  /** A reservation was made now: the ledger changed. */
  | { kind: 'reserved' }
  /** The post already holds a reservation or has been charged: nothing to do. */
  | { kind: 'held' }
  /** No verified lease (no plan, lapsed, clock turned back): nothing may be sent. */
  | { kind: 'no-plan' }
  /** The cycle's allowance is spoken for; it resets at `resetsAt`. */
  | { kind: 'exhausted'; resetsAt: number };

interface Standing {
  charged: boolean;
  /** The cycle of a reservation neither committed nor released; null when none. */
  heldCycle: number | null;
  /** Cycles in which the post's reservation was released. */
  releasedCycles: Set<number>;
  reservedCycles: number[];
}

// The ledger statements every publish runs, built and compiled once (shared/db/prepared-query.ts).
const postEntries = preparedQuery((db: Database, a: { postId: string }) =>
  db.selectFrom('quota_ledger').select(['cycle_start', 'entry']).where('post_id', '=', a.postId),
);
const insertEntry = preparedQuery((db: Database, a: { postId: string; cycleStart: number; entry: 'reserve' | 'commit' | 'release'; createdAt: number }) =>
  db.insertInto('quota_ledger').values({ post_id: a.postId, cycle_start: a.cycleStart, entry: a.entry, created_at: a.createdAt }),
);
const cycleTotal = preparedQuery((db: Database, a: { start: number; end: number }) =>
  db
    .selectFrom('quota_cycles')
    .select((eb) => eb.fn.sum<number | null>('spoken_for').as('total'))
    .where('cycle_start', '>=', a.start)
    .where('cycle_start', '<', a.end),
);
const addToCycle = preparedQuery((db: Database, a: { cycleStart: number; initial: number; delta: number }) =>
  db
    .insertInto('quota_cycles')
    .values({ cycle_start: a.cycleStart, spoken_for: a.initial })
    .onConflict((oc) => oc.column('cycle_start').doUpdateSet((eb) => ({ spoken_for: sql<number>`MAX(0, ${eb.ref('quota_cycles.spoken_for')} + ${a.delta})` }))),
);

async function standing(db: Database, postId: string): Promise<Standing> {
  const rows = await postEntries(db, { postId });
  const releasedCycles = new Set(rows.filter((r) => r.entry === 'release').map((r) => r.cycle_start));
  const reservedCycles = rows.filter((r) => r.entry === 'reserve').map((r) => r.cycle_start);
  return {
    charged: rows.some((r) => r.entry === 'commit'),
    heldCycle: reservedCycles.find((cycle) => !releasedCycles.has(cycle)) ?? null,
    releasedCycles,
    reservedCycles,
  };
}

/**
 * The post-level quota ledger: a post costs 1 when its first target is published, however many
 * platforms it goes to. Every function here takes the caller's transaction, so the ledger moves
 * together with the targets it accounts for.
 *
 * `reserve` before a post's first send, only while used + reserved < the lease's allowance (the
 * check and the insert are in the caller's claim transaction, so two claims cannot both take the
 * last post); `commit` on the first success; `release` when the post ended with nothing published
 * and nothing waiting for the owner's check. Each entry moves the cycle's running total in
 * `quota_cycles` in the same transaction (see migration 006), which is what the check reads.
 */
export async function reserveForPost(db: Database, postId: string, lease: PublishingLease | null, createdAt: number): Promise<ReserveResult> {
  const post = await standing(db, postId);
  if (post.charged || post.heldCycle !== null) return { kind: 'held' };
  if (lease === null) return { kind: 'no-plan' };
  const cycle = cycleAt(lease.payload.cycleAnchor, lease.now);
  if ((await spokenFor(db, cycle)) >= lease.payload.postsPerCycle) return { kind: 'exhausted', resetsAt: cycle.end };
  if (post.releasedCycles.has(cycle.start)) {
    // Released earlier this cycle (every target failed) and tried again: the same reservation
    // holds once more (the ledger keeps one row per post, cycle and entry).
    await deleteRelease(db, postId, cycle.start);
  } else {
    await insertEntry(db, { postId, cycleStart: cycle.start, entry: 'reserve', createdAt });
  }
  await addSpokenFor(db, cycle.start, 1);
  return { kind: 'reserved' };
}

/** Charges the post (its first target was published); true when the ledger changed. */
export async function commitForPost(db: Database, postId: string, createdAt: number): Promise<boolean> {
  const post = await standing(db, postId);
  if (post.charged) return false;
  let cycle = post.heldCycle;
  if (cycle === null) {
    // Only an owner's "it was published" can get here after a release: the post is charged in
    // the cycle it was reserved in, as it went out then.
    cycle = post.reservedCycles.at(-1) ?? null;
    if (cycle === null) return false;
    await deleteRelease(db, postId, cycle);
    await addSpokenFor(db, cycle, 1);
  }
  await insertEntry(db, { postId, cycleStart: cycle, entry: 'commit', createdAt });
  return true;
}

/** Gives the post's reservation back (nothing was published); true when the ledger changed. */
export async function releaseForPost(db: Database, postId: string, createdAt: number): Promise<boolean> {
  const post = await standing(db, postId);
  if (post.charged || post.heldCycle === null) return false;
  await insertEntry(db, { postId, cycleStart: post.heldCycle, entry: 'release', createdAt });
  await addSpokenFor(db, post.heldCycle, -1);
  return true;
}

/**
 * Posts charged or reserved in the cycle: the running total in `quota_cycles` (one row, however
 * many posts the cycle has), summed over the window so entries still count if the anchor moved
 * within it — as `readAllowance` counts them.
 */
export async function spokenFor(db: Database, cycle: CycleWindow): Promise<number> {
  const row = (await cycleTotal(db, { start: cycle.start, end: cycle.end }))[0];
  return Number(row?.total ?? 0);
}

async function addSpokenFor(db: Database, cycleStart: number, delta: 1 | -1): Promise<void> {
  await addToCycle(db, { cycleStart, initial: Math.max(0, delta), delta });
}

async function deleteRelease(db: Database, postId: string, cycleStart: number): Promise<void> {
  await db.deleteFrom('quota_ledger').where('post_id', '=', postId).where('cycle_start', '=', cycleStart).where('entry', '=', 'release').execute();
}
