import { sql } from 'kysely';
import type { Platform } from '@shared/domain/platform';
import type { Database, PostState } from '../db/schema';
import type { Clock } from '../ports/clock';
import type { PostContent } from './validate-schedule';

/** A post as scheduling reads it before deciding anything. */
export interface SchedulablePost extends PostContent {
  id: string;
  state: PostState;
  revision: number;
  scheduledAt: number | null;
  missedAt: number | null;
}

/** What one schedule write sets. */
export interface ScheduleWrite {
  postId: string;
  /** The post must still be in one of these states (a claim by the engine makes it `publishing`). */
  fromStates: readonly PostState[];
  /** The revision validation read: a draft edited since is not scheduled unchecked. */
  revision: number;
  at: number;
  timeZone: string;
  /** The connection each platform publishes through. */
  connectionIds: ReadonlyMap<Platform, string>;
}

/**
 * The post lifecycle writes scheduling owns (draft ⇄ scheduled, never past a started publish)
 * and the queries behind the calendar and the upcoming list. Each write is one transaction
 * guarded by the post's state, so a target the engine has claimed is never touched.
 */
export class ScheduleStore {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
  ) {}

  /** The live (not deleted) post with its targets; null when there is none. */
  async read(postId: string): Promise<SchedulablePost | null> {
    const post = await this.db
      .selectFrom('posts')
      .select(['id', 'state', 'body', 'revision', 'scheduled_at', 'missed_at'])
      .where('id', '=', postId)
      .where('deleted_at', 'is', null)
      .executeTakeFirst();
    if (!post) return null;
    const targets = await this.db
      .selectFrom('post_targets')
      .select(['platform', 'text_override', 'title'])
      .where('post_id', '=', postId)
      .orderBy('position')
      .execute();
    return {
      id: post.id,
      state: post.state,
      body: post.body,
      revision: post.revision,
      scheduledAt: post.scheduled_at,
      missedAt: post.missed_at,
      targets,
    };
  }

  /**
   * Post → `scheduled` at `at` in `timeZone` (missed mark cleared); every target → `scheduled`
   * through its platform's connection, with any error, retry wait and try count of a previous
   * schedule cleared. False when the post left `fromStates` or its revision moved meanwhile.
   */
  async markScheduled(write: ScheduleWrite): Promise<boolean> {
    const now = this.clock.now();
    return this.db.transaction().execute(async (trx) => {
      const updated = await trx
        .updateTable('posts')
        .set({ state: 'scheduled', scheduled_at: write.at, schedule_time_zone: write.timeZone, missed_at: null, updated_at: now })
        .where('id', '=', write.postId)
        .where('deleted_at', 'is', null)
        .where('state', 'in', write.fromStates)
        .where('revision', '=', write.revision)
        .executeTakeFirst();
      if (updated.numUpdatedRows === 0n) return false;
      const targets = await trx.selectFrom('post_targets').select(['id', 'platform']).where('post_id', '=', write.postId).execute();
      for (const target of targets) {
        await trx
          .updateTable('post_targets')
          .set({
            state: 'scheduled',
            connection_id: write.connectionIds.get(target.platform) ?? null,
            last_error: null,
            error_kind: null,
            next_attempt_at: null,
            attempt_count: 0,
            updated_at: now,
          })
          .where('id', '=', target.id)
          .execute();
      }
      return true;
    });
  }

  /**
   * A scheduled post that has not started back to a draft (missed mark cleared). Its time and
   * zone stay on the row so the editor can offer them again. False when it is not `scheduled`.
   */
  async markDraft(postId: string): Promise<boolean> {
    const now = this.clock.now();
    return this.db.transaction().execute(async (trx) => {
      const updated = await trx
        .updateTable('posts')
        .set({ state: 'draft', missed_at: null, updated_at: now })
        .where('id', '=', postId)
        .where('deleted_at', 'is', null)
        .where('state', '=', 'scheduled')
        .executeTakeFirst();
      if (updated.numUpdatedRows === 0n) return false;
      await trx
        .updateTable('post_targets')
        .set({ state: 'draft', connection_id: null, next_attempt_at: null, updated_at: now })
        .where('post_id', '=', postId)
        .execute();
      return true;
    });
  }

  /** Instants after `after` already held by another post that is still to go out. */
  async takenInstants(after: number, exceptPostId: string): Promise<Set<number>> {
    const rows = await this.db
      .selectFrom('posts')
      .select('scheduled_at')
      .where('state', 'in', ['scheduled', 'publishing'])
      .where('deleted_at', 'is', null)
      .where('scheduled_at', '>', after)
      .where('id', '!=', exceptPostId)
      .execute();
    return new Set(rows.flatMap((row) => (row.scheduled_at === null ? [] : [row.scheduled_at])));
  }

  /** Posts scheduled, publishing or done whose time or any publication falls in [from, to). */
  async calendarIds(from: number, to: number): Promise<string[]> {
    const rows = await this.db
      .selectFrom('posts as p')
      .select('p.id')
      .where('p.deleted_at', 'is', null)
      .where('p.state', 'in', ['scheduled', 'publishing', 'done'])
      .where((eb) =>
        eb.or([
          eb.and([eb('p.scheduled_at', '>=', from), eb('p.scheduled_at', '<', to)]),
          eb.exists(
            eb
              .selectFrom('post_targets as t')
              .select(sql.lit(1).as('one'))
              .whereRef('t.post_id', '=', 'p.id')
              .where('t.published_at', '>=', from)
              .where('t.published_at', '<', to),
          ),
        ]),
      )
      .orderBy('p.scheduled_at')
      .orderBy('p.id')
      .execute();
    return rows.map((row) => row.id);
  }

  /** A page of posts still to go out (scheduled, missed or publishing), soonest first. */
  async upcomingIds(limit: number, offset: number): Promise<string[]> {
    const rows = await this.db
      .selectFrom('posts')
      .select('id')
      .where('deleted_at', 'is', null)
      .where('state', 'in', ['scheduled', 'publishing'])
      .orderBy('scheduled_at')
      .orderBy('id')
      .limit(limit)
      .offset(offset)
      .execute();
    return rows.map((row) => row.id);
  }

  /**
   * Whether any post has left the drafts (scheduled, sent, or tried): Home's "schedule your first
   * post" step. One look-up on the targets' state index, however long the history.
   */
  async anyBeyondDrafts(): Promise<boolean> {
    const row = await this.db
      .selectFrom('post_targets')
      .select('id')
      .where('state', 'in', ['scheduled', 'publishing', 'published', 'failed', 'needs_check', 'needs_reconnect'])
      .limit(1)
      .executeTakeFirst();
    return row !== undefined;
  }
}
