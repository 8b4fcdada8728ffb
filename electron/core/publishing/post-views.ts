import { DEFAULT_YOUTUBE_SETTINGS } from '@shared/platforms/youtube-settings';
import type { PostView, TargetView } from '@shared/ipc/scheduling-channels';
import type { Database } from '../db/schema';

const EXCERPT_LENGTH = 160;
/** SQLite's default limit on bound parameters is far above this; chunks keep each IN list small. */
const CHUNK = 500;

/**
 * The one reader of `PostView` (a post beyond drafting, with how each platform went), shared by
 * every list that shows posts: the publishing view, the calendar, the upcoming list. Reads the
 * posts, their targets and their attempt counts in three queries, whatever the number of posts.
 * Returns the views in the order of `postIds`; ids that do not exist are left out.
 */
export async function readPostViews(db: Database, postIds: readonly string[]): Promise<PostView[]> {
  if (postIds.length === 0) return [];
  const views = new Map<string, PostView>();
  for (let i = 0; i < postIds.length; i += CHUNK) {
    const ids = postIds.slice(i, i + CHUNK);
    const posts = await db
      .selectFrom('posts')
      .select(['id', 'body', 'state', 'scheduled_at', 'schedule_time_zone', 'missed_at'])
      .where('id', 'in', ids)
      .execute();
    const targets = await db
      .selectFrom('post_targets as t')
      .leftJoin('publish_attempts as a', 'a.target_id', 't.id')
      .select(({ fn }) => [
        't.id',
        't.post_id',
        't.platform',
        't.state',
        't.platform_url',
        't.platform_post_id',
        't.youtube_privacy',
        't.error_kind',
        't.last_error',
        't.next_attempt_at',
        't.published_at',
        't.position',
        fn.count<number>('a.id').as('attempts'),
      ])
      .where('t.post_id', 'in', ids)
      .groupBy('t.id')
      .orderBy('t.post_id')
      .orderBy('t.position')
      .execute();
    const byPost = new Map<string, TargetView[]>();
    for (const row of targets) {
      const list = byPost.get(row.post_id) ?? [];
      list.push({
        targetId: row.id,
        postId: row.post_id,
        platform: row.platform,
        state: row.state,
        platformUrl: row.platform_url,
        platformPostId: row.platform_post_id,
        audience: row.platform === 'youtube' ? (row.youtube_privacy ?? DEFAULT_YOUTUBE_SETTINGS.privacy) : null,
        error: row.error_kind === null ? null : { kind: row.error_kind, message: row.last_error ?? '' },
        attempts: Number(row.attempts),
        nextAttemptAt: row.next_attempt_at,
        publishedAt: row.published_at,
      });
      byPost.set(row.post_id, list);
    }
    for (const post of posts) {
      views.set(post.id, {
        postId: post.id,
        excerpt: excerptOf(post.body),
        state: post.state,
        scheduledAt: post.scheduled_at,
        timeZone: post.schedule_time_zone,
        missedAt: post.missed_at,
        targets: byPost.get(post.id) ?? [],
      });
    }
  }
  return postIds.flatMap((id) => views.get(id) ?? []);
}

/** One post's view, or null when it does not exist. */
export async function readPostView(db: Database, postId: string): Promise<PostView | null> {
  return (await readPostViews(db, [postId]))[0] ?? null;
}

/** The first line-ish of the body, whitespace folded, cut at a word where it can be. */
export function excerptOf(body: string): string {
  const folded = body.replace(/\s+/g, ' ').trim();
  if (folded.length <= EXCERPT_LENGTH) return folded;
  const cut = folded.slice(0, EXCERPT_LENGTH);
  const space = cut.lastIndexOf(' ');
  return `${space > EXCERPT_LENGTH / 2 ? cut.slice(0, space) : cut}…`;
}
