import { sql } from 'kysely';
import type { ParamOf } from '@shared/db/prepared-query';
import type { TargetErrorKind } from '../db/schema';
import { preparedStatement } from '../db/sync-transaction';
import type { AttemptOutcome, TargetDecision } from './classify-outcome';

// The SQL of the outbox's write side (outbox-transitions.ts), every statement built and compiled
// once from typed placeholders (db/sync-transaction.ts): what each transition runs, per post.

/** The target, if it is still due at `now`, with what its send and its event need. */
export const claimableTarget = preparedStatement((db, param: ParamOf<{ targetId: string; now: number }>) =>
  db
    .selectFrom('post_targets as t')
    .innerJoin('posts as p', 'p.id', 't.post_id')
    .select(['t.post_id', 't.text_override', 't.title', 't.youtube_privacy', 't.youtube_notify_subscribers', 't.author_id', 't.attempt_count', 'p.body', 'p.state as post_state', 't.platform', 't.platform_url', 't.error_kind', 't.last_error'])
    // Whether the post has attachments as claimed (its text is taken here too): a text post's
    // send then skips reading its media (an index probe here instead of a join per send).
    .select((eb) => eb.exists(eb.selectFrom('post_media as pm').select('pm.id').whereRef('pm.post_id', '=', 't.post_id')).$castTo<number>().as('has_media'))
    // Due-able: scheduled, of a live post that is scheduled or under way and not missed.
    .where('t.state', '=', 'scheduled')
    .where('p.state', 'in', ['scheduled', 'publishing'])
    .where('p.deleted_at', 'is', null)
    .where('p.missed_at', 'is', null)
    .where('p.scheduled_at', 'is not', null)
    .where('t.id', '=', param('targetId'))
    .where(sql<number>`COALESCE(t.next_attempt_at, p.scheduled_at)`, '<=', param('now')),
);

/** A due target that is not sent, still waiting: just the target's row, to check it is due. */
export const scheduledTargetPost = preparedStatement((db, param: ParamOf<{ targetId: string }>) =>
  db.selectFrom('post_targets').select('post_id').where('id', '=', param('targetId')).where('state', '=', 'scheduled'),
);

export const markTargetPublishing = preparedStatement((db, param: ParamOf<{ targetId: string; now: number; boot: string | null }>) =>
  db
    .updateTable('post_targets')
    .set({ state: 'publishing', claim_boot: param('boot'), left_at: null, updated_at: param('now') })
    .where('id', '=', param('targetId')),
);

export const markLeaving = preparedStatement((db, param: ParamOf<{ targetId: string; now: number }>) =>
  db.updateTable('post_targets').set({ left_at: param('now') }).where('id', '=', param('targetId')).where('state', '=', 'publishing').returning('id'),
);

/** A claimed target that never left goes back to waiting. */
export const requeueUnsent = preparedStatement((db, param: ParamOf<{ targetId: string; now: number }>) =>
  db
    .updateTable('post_targets')
    .set({ state: 'scheduled', claim_boot: null, updated_at: param('now') })
    .where('id', '=', param('targetId'))
    .where('state', '=', 'publishing')
    .where('left_at', 'is', null)
    .returning('id'),
);

export const deleteOpenAttempts = preparedStatement((db, param: ParamOf<{ targetId: string }>) =>
  db.deleteFrom('publish_attempts').where('target_id', '=', param('targetId')).where('finished_at', 'is', null),
);

export const markPostPublishing = preparedStatement((db, param: ParamOf<{ postId: string }>) =>
  db.updateTable('posts').set({ state: 'publishing' }).where('id', '=', param('postId')),
);

/** The engine has dealt with the post: it is no longer merely scheduled. */
export const markScheduledPostPublishing = preparedStatement((db, param: ParamOf<{ postId: string }>) =>
  db.updateTable('posts').set({ state: 'publishing' }).where('id', '=', param('postId')).where('state', '=', 'scheduled'),
);

/** A due target ends without a send: its final state and reason. */
export const finishTargetUnsent = preparedStatement(
  (db, param: ParamOf<{ targetId: string; state: 'failed' | 'needs_reconnect'; errorKind: TargetErrorKind; message: string; now: number }>) =>
    db
      .updateTable('post_targets')
      .set({ state: param('state'), error_kind: param('errorKind'), last_error: param('message'), next_attempt_at: null, updated_at: param('now') })
      .where('id', '=', param('targetId')),
);

/** The one attempt row of a target ended without a send. */
export const insertUnsentAttempt = preparedStatement(
  (db, param: ParamOf<{ targetId: string; now: number; outcome: AttemptOutcome; errorKind: TargetErrorKind; message: string }>) =>
    db.insertInto('publish_attempts').values({
      target_id: param('targetId'),
      started_at: param('now'),
      finished_at: param('now'),
      outcome: param('outcome'),
      error_kind: param('errorKind'),
      http_status: null,
      platform_error_code: null,
      error_message: param('message'),
      duration_ms: 0,
    }),
);

export const insertOpenAttempt = preparedStatement((db, param: ParamOf<{ targetId: string; now: number }>) =>
  db
    .insertInto('publish_attempts')
    .values({
      target_id: param('targetId'),
      started_at: param('now'),
      finished_at: null,
      outcome: null,
      error_kind: null,
      http_status: null,
      platform_error_code: null,
      error_message: null,
      duration_ms: null,
    })
    .returning('id'),
);

export const closeAttemptRow = preparedStatement(
  (
    db,
    param: ParamOf<{
      attemptId: number;
      startedAt: number;
      now: number;
      outcome: AttemptOutcome;
      errorKind: TargetErrorKind | null;
      httpStatus: number | null;
      platformErrorCode: string | null;
      message: string | null;
      durationMs: number;
    }>,
  ) =>
    db
      .updateTable('publish_attempts')
      .set({
        started_at: param('startedAt'),
        finished_at: param('now'),
        outcome: param('outcome'),
        error_kind: param('errorKind'),
        http_status: param('httpStatus'),
        platform_error_code: param('platformErrorCode'),
        error_message: param('message'),
        duration_ms: param('durationMs'),
      })
      .where('id', '=', param('attemptId'))
      .returning('target_id'),
);

/** The target of an attempt whose outcome changed nothing on it (it was no longer `publishing`). */
export const targetOfAttempt = preparedStatement((db, param: ParamOf<{ targetId: string }>) =>
  db.selectFrom('post_targets').select(['post_id', 'connection_id']).where('id', '=', param('targetId')),
);

/** What every outcome writes on its target (published ones add the platform's id and link). */
export type RecordValues = {
  targetId: string;
  state: TargetDecision['state'];
  errorKind: TargetErrorKind | null;
  message: string | null;
  nextAttemptAt: number | null;
  /** 1 when this try counts against the retry limit, else 0. */
  triesAdded: number;
  now: number;
};

const outcomeColumns = (param: ParamOf<RecordValues>) => ({
  state: param('state'),
  error_kind: param('errorKind'),
  last_error: param('message'),
  next_attempt_at: param('nextAttemptAt'),
  attempt_count: sql<number>`attempt_count + ${param('triesAdded')}`,
  updated_at: param('now'),
});

/**
 * The target as an outcome leaves it, for the rest of the record and its event: the outcome
 * applies only to a target still `publishing` (no row when it had moved on).
 */
const recordedColumns = ['id', 'post_id', 'connection_id', 'platform', 'state', 'platform_url', 'error_kind', 'last_error'] as const;

export const recordUnpublished = preparedStatement((db, param: ParamOf<RecordValues>) =>
  db
    .updateTable('post_targets')
    .set(outcomeColumns(param))
    .where('id', '=', param('targetId'))
    .where('state', '=', 'publishing')
    .returning(recordedColumns),
);

export const recordPublished = preparedStatement((db, param: ParamOf<RecordValues & { platformPostId: string; url: string | null }>) =>
  db
    .updateTable('post_targets')
    .set({ ...outcomeColumns(param), platform_post_id: param('platformPostId'), platform_url: param('url'), published_at: param('now') })
    .where('id', '=', param('targetId'))
    .where('state', '=', 'publishing')
    .returning(recordedColumns),
);

/**
 * A rate limit covers the whole connection: its other waiting targets are not tried before
 * `until`. Only targets that would otherwise go earlier are moved, never one due later.
 */
export const holdConnectionTargets = preparedStatement((db, param: ParamOf<{ connectionId: string; until: number; now: number }>) =>
  db
    .updateTable('post_targets')
    .set({ next_attempt_at: param('until'), updated_at: param('now') })
    .where('connection_id', '=', param('connectionId'))
    .where('state', '=', 'scheduled')
    .where(sql<number>`COALESCE(next_attempt_at, (SELECT scheduled_at FROM posts WHERE posts.id = post_targets.post_id))`, '<', param('until')),
);

/** A due target's wait moved to `until` (its connection is held by a rate limit). */
export const deferTarget = preparedStatement((db, param: ParamOf<{ targetId: string; until: number; now: number }>) =>
  db
    .updateTable('post_targets')
    .set({ next_attempt_at: param('until'), updated_at: param('now') })
    .where('id', '=', param('targetId'))
    .where('state', '=', 'scheduled'),
);

export const targetStatesOfPost = preparedStatement((db, param: ParamOf<{ postId: string }>) =>
  db.selectFrom('post_targets').select('state').where('post_id', '=', param('postId')),
);

export const markPostDone = preparedStatement((db, param: ParamOf<{ postId: string }>) =>
  db.updateTable('posts').set({ state: 'done' }).where('id', '=', param('postId')).where('state', '!=', 'done'),
);

export const targetChangeRow = preparedStatement((db, param: ParamOf<{ targetId: string }>) =>
  db.selectFrom('post_targets').select(['id', 'post_id', 'platform', 'state', 'platform_url', 'error_kind', 'last_error']).where('id', '=', param('targetId')),
);

/** The business's time zone, for the words of a quota refusal. */
export const businessTimeZoneRow = preparedStatement((db) => db.selectFrom('business_profile').select('time_zone').where('id', '=', 1));
