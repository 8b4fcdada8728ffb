import { sql, type Expression, type RawBuilder } from 'kysely';
import type { ParamOf } from '@shared/db/prepared-query';
import type { Platform } from '@shared/domain/platform';
import type { ConnectionState, Database } from '../db/schema';
import { inSyncRead, preparedStatement, type SyncDatabase } from '../db/sync-transaction';

/** A target whose time has come, with what is needed to decide whether it can be sent. */
export interface DueTarget {
  targetId: string;
  postId: string;
  platform: Platform;
  connection: { id: string; state: 'connected' | 'needs_reconnect' | 'disconnected'; accountId: string; displayName: string } | null;
}

/** A waiting target with its due time and connection. */
interface WaitingRow {
  id: string;
  post_id: string;
  platform: Platform;
  position: number;
  connection_id: string | null;
  connection_state: ConnectionState | null;
  account_id: string | null;
  display_name: string | null;
  due_at: number;
}

/**
 * The outbox's read side: which targets are due, and when the next one is. Every read is a
 * prepared statement (db/sync-transaction.ts) run synchronously with `inSyncRead`; the engine
 * asks after every send.
 *
 * A target's due time is its own `next_attempt_at` when a retry or a rate limit set one, else its
 * post's `scheduled_at`; both are read in index order and merged here, so the question costs the
 * same with ten targets waiting or ten thousand. (One SQL ORDER BY over `COALESCE` of the two had
 * to sort every waiting target, every time.)
 */
export class OutboxReads {
  readonly #database: SyncDatabase;

  constructor(database: SyncDatabase) {
    this.#database = database;
  }

  /** Targets due at `now`, soonest first, leaving out `skip` (being sent by this process). */
  async dueTargets(now: number, limit: number, skip: ReadonlySet<string>): Promise<DueTarget[]> {
    const take = limit + skip.size;
    const rows = await inSyncRead(this.#database, (tx) =>
      merged(take, retryingDueBy(tx, { until: now, take }), freshDueBy(tx, { until: now, take })),
    );
    return rows
      .filter((row) => !skip.has(row.id))
      .slice(0, limit)
      .map((row) => ({
        targetId: row.id,
        postId: row.post_id,
        platform: row.platform,
        connection:
          row.connection_id === null
            ? null
            : {
                id: row.connection_id,
                state: row.connection_state ?? 'disconnected',
                accountId: row.account_id ?? '',
                displayName: row.display_name ?? '',
              },
      }));
  }

  /** The earliest instant a target becomes due (overdue included), or null when nothing waits. */
  async nextDueAt(skip: ReadonlySet<string>): Promise<number | null> {
    const take = skip.size + 1;
    const rows = await inSyncRead(this.#database, (tx) => merged(take, retryingAny(tx, { take }), freshAny(tx, { take })));
    return rows.find((row) => !skip.has(row.id))?.due_at ?? null;
  }
}

/** The first `take` of both kinds, in due order (targets of a post by position). */
function merged(take: number, retrying: WaitingRow[], fresh: WaitingRow[]): WaitingRow[] {
  return [...retrying, ...fresh]
    .sort((a, b) => a.due_at - b.due_at || (a.post_id < b.post_id ? -1 : a.post_id > b.post_id ? 1 : a.position - b.position))
    .slice(0, take);
}

// Each question has two shapes, due by an instant or due at any time: two prepared statements
// each, sharing their SQL's body.

/** Waiting targets with their own due time (a retry or a rate limit), in `next_attempt_at` order. */
const retrying = (db: Database) =>
  db
    .selectFrom('post_targets as t')
    .innerJoin('posts as p', 'p.id', 't.post_id')
    .leftJoin('connections as c', 'c.id', 't.connection_id')
    .select(['t.id', 't.post_id', 't.platform', 't.position', 'c.id as connection_id', 'c.state as connection_state', 'c.account_id', 'c.display_name'])
    .select(sql<number>`t.next_attempt_at`.as('due_at'))
    // Due-able: scheduled, of a live post that is scheduled or under way and not missed.
    .where('t.state', '=', 'scheduled')
    .where('p.state', 'in', ['scheduled', 'publishing'])
    .where('p.deleted_at', 'is', null)
    .where('p.missed_at', 'is', null)
    .where('p.scheduled_at', 'is not', null)
    .where('t.next_attempt_at', 'is not', null);

const retryingDueBy = preparedStatement((db, param: ParamOf<{ until: number; take: number }>) =>
  retrying(db).where('t.next_attempt_at', '<=', param('until')).orderBy('t.next_attempt_at').orderBy('t.position').limit(param('take')),
);
const retryingAny = preparedStatement((db, param: ParamOf<{ take: number }>) =>
  retrying(db).orderBy('t.next_attempt_at').orderBy('t.position').limit(param('take')),
);

/**
 * Waiting targets due at their post's time, in `scheduled_at` order. Raw SQL to pin the plan:
 * walk posts_outbox_due (migration 7) in due order and look up each post's targets by post id.
 * Left to itself the planner prefers the equality on post_targets.state and sorts everything
 * (the unary `+` keeps those terms off the index).
 */
const fresh = (dueBy: RawBuilder<unknown>, take: Expression<number>) => sql<WaitingRow>`
  SELECT t.id, t.post_id, t.platform, t.position, c.id AS connection_id, c.state AS connection_state,
         c.account_id, c.display_name, p.scheduled_at AS due_at
  FROM posts AS p INDEXED BY posts_outbox_due
  CROSS JOIN post_targets AS t ON t.post_id = p.id
  LEFT JOIN connections AS c ON c.id = t.connection_id
  WHERE p.state IN ('scheduled', 'publishing') AND p.deleted_at IS NULL AND p.missed_at IS NULL
    AND p.scheduled_at IS NOT NULL ${dueBy}
    AND +t.state = 'scheduled' AND +t.next_attempt_at IS NULL
  ORDER BY p.scheduled_at, p.id, t.position
  LIMIT ${take}`;

const freshDueBy = preparedStatement((_db, param: ParamOf<{ until: number; take: number }>) =>
  fresh(sql`AND p.scheduled_at <= ${param('until')}`, param('take')),
);
const freshAny = preparedStatement((_db, param: ParamOf<{ take: number }>) => fresh(sql``, param('take')));
