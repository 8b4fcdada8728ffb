import type { ResponseOf } from '@shared/ipc/contract';
import type { Database } from '../db/schema';
import { readPostViews } from './post-views';

const LIST_LIMIT = 100;
/** Failures stay in "needs attention" this long; needs_check, needs_reconnect and missed stay until resolved. */
const FAILED_SHOWN_MS = 14 * 24 * 60 * 60 * 1000;
const RECENT_MS = 30 * 24 * 60 * 60 * 1000;

/**
 * The posts waiting for the owner: missed, an unknown outcome, a sign-in to renew, or a recent
 * failure. One definition for the Publishing page's list and the tray's count.
 */
function needsAttentionQuery(db: Database, now: number) {
  return db
    .selectFrom('posts as p')
    .select('p.id')
    .where('p.deleted_at', 'is', null)
    .where((eb) =>
      eb.or([
        eb('p.missed_at', 'is not', null),
        eb.exists(
          eb
            .selectFrom('post_targets as t')
            .select('t.id')
            .whereRef('t.post_id', '=', 'p.id')
            .where((inner) =>
              inner.or([
                inner('t.state', 'in', ['needs_check', 'needs_reconnect']),
                inner.and([inner('t.state', '=', 'failed'), inner('t.updated_at', '>=', now - FAILED_SHOWN_MS)]),
              ]),
            ),
        ),
      ]),
    );
}

/** How many posts need the owner (the tray's count; the sidebar counts the overview's list). */
export async function countNeedsAttention(db: Database, now: number): Promise<number> {
  const row = await needsAttentionQuery(db, now)
    .clearSelect()
    .select(({ fn }) => fn.countAll<number>().as('count'))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/** The publishing view: under way now, waiting for the owner, and what went out lately. */
export async function readPublishingOverview(db: Database, now: number): Promise<ResponseOf<'publishing.overview'>> {
  const inProgress = await db
    .selectFrom('posts')
    .select('id')
    .where('state', '=', 'publishing')
    .where('deleted_at', 'is', null)
    .orderBy('scheduled_at')
    .limit(LIST_LIMIT)
    .execute();
  const needsAttention = await needsAttentionQuery(db, now)
    .orderBy('p.scheduled_at', 'desc')
    .limit(LIST_LIMIT)
    .execute();
  const recent = await db
    .selectFrom('posts as p')
    .innerJoin('post_targets as t', 't.post_id', 'p.id')
    .select(({ fn }) => ['p.id', fn.max<number>('t.published_at').as('last_published')])
    .where('p.deleted_at', 'is', null)
    .where('t.state', '=', 'published')
    .where('t.published_at', '>=', now - RECENT_MS)
    .groupBy('p.id')
    .orderBy('last_published', 'desc')
    .limit(LIST_LIMIT)
    .execute();
  return {
    inProgress: await readPostViews(db, inProgress.map((r) => r.id)),
    needsAttention: await readPostViews(db, needsAttention.map((r) => r.id)),
    recent: await readPostViews(db, recent.map((r) => r.id)),
  };
}
