import { sql } from 'kysely';
import type { PostView, TargetView } from '../../../shared/ipc/scheduling-channels';
import type { Database } from '../db/schema';

const EXCERPT_LENGTH = 160;

/**
 * The `PostView`s of these posts (deleted ones are left out), in the order of `postIds`: what
 * the calendar, the upcoming list and every scheduling answer show. Two queries whatever the
 * number of posts: the posts, then all their targets with their attempt counts.
 */
export async function readPostViews(db: Database, postIds: readonly string[]): Promise<PostView[]> {
  if (postIds.length === 0) return [];
  const posts = await db
    .selectFrom('posts')
    .select(['id', 'state', 'scheduled_at', 'schedule_time_zone', 'missed_at'])
    // SQLite counts characters (code points), so the cut never splits a surrogate pair.
    .select(sql<string>`substr(body, 1, ${sql.lit(EXCERPT_LENGTH)})`.as('excerpt'))
    .select(sql<number>`length(substr(body, 1, ${sql.lit(EXCERPT_LENGTH + 1)})) > ${sql.lit(EXCERPT_LENGTH)}`.as('cut'))
    .where('id', 'in', postIds)
    .where('deleted_at', 'is', null)
    .execute();
  const targets = await db
    .selectFrom('post_targets as t')
    .select([
      't.id',
      't.post_id',
      't.platform',
      't.state',
      't.platform_url',
      't.platform_post_id',
      't.last_error',
      't.error_kind',
      't.next_attempt_at',
      't.published_at',
    ])
    .select((eb) =>
      eb.selectFrom('publish_attempts as a').select((a) => a.fn.countAll<number>().as('n')).whereRef('a.target_id', '=', 't.id').as('attempts'),
    )
    .where('t.post_id', 'in', postIds)
    .orderBy('t.post_id')
    .orderBy('t.position')
    .execute();

  const targetsByPost = new Map<string, TargetView[]>();
  for (const t of targets) {
    const view: TargetView = {
      targetId: t.id,
      postId: t.post_id,
      platform: t.platform,
      state: t.state,
      platformUrl: t.platform_url,
      platformPostId: t.platform_post_id,
      error: t.error_kind === null ? null : { kind: t.error_kind, message: t.last_error ?? '' },
      attempts: Number(t.attempts ?? 0),
      nextAttemptAt: t.next_attempt_at,
      publishedAt: t.published_at,
    };
    const list = targetsByPost.get(t.post_id);
    if (list) list.push(view);
    else targetsByPost.set(t.post_id, [view]);
  }
  const byId = new Map(
    posts.map((p): [string, PostView] => [
      p.id,
      {
        postId: p.id,
        excerpt: p.cut ? `${p.excerpt}…` : p.excerpt,
        state: p.state,
        scheduledAt: p.scheduled_at,
        timeZone: p.schedule_time_zone,
        missedAt: p.missed_at,
        targets: targetsByPost.get(p.id) ?? [],
      },
    ]),
  );
  return postIds.flatMap((id) => byId.get(id) ?? []);
}

/** One post's view; null when it does not exist or was deleted. */
export async function readPostView(db: Database, postId: string): Promise<PostView | null> {
  const [view] = await readPostViews(db, [postId]);
  return view ?? null;
}
