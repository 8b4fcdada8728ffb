import { sql } from 'kysely';
import type { ParamOf } from '@shared/db/prepared-query';
import { preparedStatement, type SyncTx } from '../db/sync-transaction';
import { cycleAt, type CycleWindow, type QuotaTerms } from './allowance';

/** The verified lease the engine publishes under, with the trusted time its cycle is counted at. */
export interface PublishingLease {
  payload: QuotaTerms;
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

// The ledger statements every publish runs, built and compiled once (db/sync-transaction.ts).
const postEntries = preparedStatement((db, param: ParamOf<{ postId: string }>) =>
  db.selectFrom('quota_ledger').select(['cycle_start', 'entry']).where('post_id', '=', param('postId')),
);
const insertEntry = preparedStatement((db, param: ParamOf<{ postId: string; cycleStart: number; entry: 'reserve' | 'commit' | 'release'; createdAt: number }>) =>
  db
    .insertInto('quota_ledger')
    .values({ post_id: param('postId'), cycle_start: param('cycleStart'), entry: param('entry'), created_at: param('createdAt') }),
);
const deleteRelease = preparedStatement((db, param: ParamOf<{ postId: string; cycleStart: number }>) =>
  db.deleteFrom('quota_ledger').where('post_id', '=', param('postId')).where('cycle_start', '=', param('cycleStart')).where('entry', '=', 'release'),
);
const cycleTotal = preparedStatement((db, param: ParamOf<{ start: number; end: number }>) =>
  db
    .selectFrom('quota_cycles')
    .select((eb) => eb.fn.sum<number | null>('spoken_for').as('total'))
    .where('cycle_start', '>=', param('start'))
    .where('cycle_start', '<', param('end')),
);
/**
 * The post's entries and, in the same statement, the cycle's running total (the extra row with
 * null entry): a claim needs both, and this is one statement per claim instead of two.
 */
const postEntriesWithTotal = preparedStatement((_db, param: ParamOf<{ postId: string; start: number; end: number }>) =>
  sql<{ cycle_start: number | null; entry: 'reserve' | 'commit' | 'release' | null; total: number | null }>`
    SELECT cycle_start, entry, NULL AS total FROM quota_ledger WHERE post_id = ${param('postId')}
    UNION ALL
    SELECT NULL, NULL, (SELECT SUM(spoken_for) FROM quota_cycles WHERE cycle_start >= ${param('start')} AND cycle_start < ${param('end')})`,
);
/**
 * The commit of a post's held reservation (the one reserve without a release; there is at most
 * one) in one statement, when the post is not charged yet. Inserts nothing otherwise, and the
 * caller then looks at the post's standing as before.
 */
const commitHeld = preparedStatement((_db, param: ParamOf<{ postId: string; createdAt: number }>) =>
  sql`
    INSERT INTO quota_ledger (post_id, cycle_start, entry, created_at)
    SELECT r.post_id, r.cycle_start, 'commit', ${param('createdAt')} FROM quota_ledger AS r
    WHERE r.post_id = ${param('postId')} AND r.entry = 'reserve'
      AND NOT EXISTS (SELECT 1 FROM quota_ledger AS x WHERE x.post_id = r.post_id AND x.cycle_start = r.cycle_start AND x.entry = 'release')
      AND NOT EXISTS (SELECT 1 FROM quota_ledger AS c WHERE c.post_id = r.post_id AND c.entry = 'commit')
    LIMIT 1
    RETURNING id`,
);

function standing(tx: SyncTx, postId: string): Standing {
  return standingOf(postEntries(tx, { postId }));
}

function standingOf(rows: ReadonlyArray<{ cycle_start: number; entry: 'reserve' | 'commit' | 'release' }>): Standing {
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
 * platforms it goes to. Every function here runs in the caller's transaction, so the ledger moves
 * together with the targets it accounts for.
 *
 * `reserve` before a post's first send, only while used + reserved < the lease's allowance (the
 * check and the insert are in the caller's claim transaction, so two claims cannot both take the
 * last post); `commit` on the first success; `release` when the post ended with nothing published
 * and nothing waiting for the owner's check. Each entry moves the cycle's running totals in
 * `quota_cycles` in the same statement (triggers, migration 009), which is what the check and
 * the allowance (`readAllowance`) read.
 */
export function reserveForPost(tx: SyncTx, postId: string, lease: PublishingLease | null, createdAt: number): ReserveResult {
  if (lease === null) {
    const post = standing(tx, postId);
    return post.charged || post.heldCycle !== null ? { kind: 'held' } : { kind: 'no-plan' };
  }
  const cycle = cycleAt(lease.payload, lease.now);
  // The post's standing and the cycle's total in one read (nothing is written between them).
  const rows = postEntriesWithTotal(tx, { postId, start: cycle.start, end: cycle.end });
  const post = standingOf(rows.filter((row): row is { cycle_start: number; entry: 'reserve' | 'commit' | 'release'; total: null } => row.entry !== null));
  if (post.charged || post.heldCycle !== null) return { kind: 'held' };
  const spoken = Number(rows.find((row) => row.entry === null)?.total ?? 0);
  if (spoken >= lease.payload.postsPerCycle) return { kind: 'exhausted', resetsAt: cycle.end };
  if (post.releasedCycles.has(cycle.start)) {
    // Released earlier this cycle (every target failed) and tried again: the same reservation
    // holds once more (the ledger keeps one row per post, cycle and entry).
    deleteRelease(tx, { postId, cycleStart: cycle.start });
  } else {
    insertEntry(tx, { postId, cycleStart: cycle.start, entry: 'reserve', createdAt });
  }
  return { kind: 'reserved' };
}

/** Charges the post (its first target was published); true when the ledger changed. */
export function commitForPost(tx: SyncTx, postId: string, createdAt: number): boolean {
  // The usual case, a held reservation charged at the post's first success: one statement.
  if (commitHeld(tx, { postId, createdAt }).length > 0) return true;
  const post = standing(tx, postId);
  if (post.charged) return false;
  let cycle = post.heldCycle;
  if (cycle === null) {
    // Only an owner's "it was published" can get here after a release: the post is charged in
    // the cycle it was reserved in, as it went out then.
    cycle = post.reservedCycles.at(-1) ?? null;
    if (cycle === null) return false;
    deleteRelease(tx, { postId, cycleStart: cycle });
  }
  insertEntry(tx, { postId, cycleStart: cycle, entry: 'commit', createdAt });
  return true;
}

/** Gives the post's reservation back (nothing was published); true when the ledger changed. */
export function releaseForPost(tx: SyncTx, postId: string, createdAt: number): boolean {
  const post = standing(tx, postId);
  if (post.charged || post.heldCycle === null) return false;
  insertEntry(tx, { postId, cycleStart: post.heldCycle, entry: 'release', createdAt });
  return true;
}

/**
 * Posts charged or reserved in the cycle: the running total in `quota_cycles` (one row, however
 * many posts the cycle has), summed over the window so entries still count if the anchor moved
 * within it — as `readAllowance` counts them.
 */
export function spokenFor(tx: SyncTx, cycle: CycleWindow): number {
  const row = cycleTotal(tx, { start: cycle.start, end: cycle.end })[0];
  return Number(row?.total ?? 0);
}
