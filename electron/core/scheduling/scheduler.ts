import type { Platform } from '@shared/domain/platform';
import type { LicenceStatus } from '@shared/ipc/licence-channels';
import type { MissedChoice, PostView, ScheduleProblem, ScheduleWhen } from '@shared/ipc/scheduling-channels';
import type { MediaFacts } from '@shared/platforms/validate-media';
import { describeInstant } from '@shared/time/zoned-time';
import type { Database, PostState } from '../db/schema';
import { CoreError } from '../errors';
import type { EventSink } from '../events/event-hub';
import type { Clock } from '../ports/clock';
import { signInEndsAt } from '../connections/sign-in-ends';
import type { ConnectionRecord } from '../connections/connection-store';
import { nextFreeSlot, type PreferredHour } from './next-free-slot';
import { readPostView } from '../publishing/post-views';
import type { QueueSlotsStore } from './queue-slots-store';
import type { SchedulablePost, ScheduleStore } from './schedule-store';
import { contentProblems, pastTimeProblem, problemsError, resolvePickedTime, type ConnectionFact } from './validate-schedule';

/** What the scheduler needs from the rest of the core; injected so each can be replaced in tests. */
export interface SchedulerDeps {
  db: Database;
  store: ScheduleStore;
  slots: QueueSlotsStore;
  clock: Clock;
  /** The live connection of a platform (`ConnectionStore.byPlatform`). */
  connectionOf(platform: Platform): Promise<ConnectionRecord | null>;
  /** The business's IANA zone (the profile's `time_zone`). */
  timeZone(): Promise<string>;
  /** The licence as the Plan page shows it (`licence.status`): may this computer publish, and how many posts are left. */
  licenceStatus(): Promise<Pick<LicenceStatus, 'publishingAllowed' | 'usage' | 'message'>>;
  /**
   * The suggested best posting hours of these networks, when the owner asked "Add to next free
   * slot" to prefer them; empty otherwise (or while there is not enough history to suggest any).
   */
  preferredHours(platforms: readonly Platform[]): Promise<PreferredHour[]>;
  /** Tells the publishing engine that something became due (or stopped being due). */
  wake(): void;
  events: EventSink;
  /** The post's attachments as the media rules read them; absent: media is not checked. */
  mediaOf?(postId: string): Promise<MediaFacts[]>;
}

const NOT_STARTED: readonly PostState[] = ['draft', 'scheduled'];

/**
 * The post lifecycle before publishing: validate, schedule (at a time or the next free slot),
 * move, unschedule, Publish now and the missed-post choices. Every change emits
 * `scheduling.changed` and wakes the engine.
 */
export class Scheduler {
  constructor(private readonly deps: SchedulerDeps) {}

  /** What stands in the way of publishing this post's content now (no time involved). */
  async check(postId: string): Promise<ScheduleProblem[]> {
    const post = await this.#readNotStarted(postId);
    return this.#contentProblems(post).then((found) => found.problems);
  }

  /** A draft → scheduled at a picked time or the next free queue slot. */
  async schedule(postId: string, when: ScheduleWhen): Promise<PostView> {
    const post = await this.#read(postId);
    if (post.state !== 'draft') throw notADraft(post.state);
    const zone = await this.deps.timeZone();
    const at = when.kind === 'at' ? resolvePickedTime(when.date, when.time, zone) : { instant: await this.#nextSlot(post, zone) };
    return this.#validateAndWrite(post, ['draft'], at, zone);
  }

  /** A scheduled (or missed) post that has not started → another time, validated again. */
  async reschedule(postId: string, date: string, time: string): Promise<PostView> {
    const post = await this.#read(postId);
    if (post.state !== 'scheduled') throw post.state === 'draft' ? new CoreError('conflict', 'This post is a draft: schedule it instead.') : started(post.state);
    const zone = await this.deps.timeZone();
    return this.#validateAndWrite(post, ['scheduled'], resolvePickedTime(date, time, zone), zone);
  }

  /** A scheduled post that has not started → draft (for editing); a draft is left as it is. */
  async unschedule(postId: string): Promise<{ postId: string }> {
    const post = await this.#read(postId);
    if (post.state === 'draft') return { postId };
    if (post.state !== 'scheduled') throw started(post.state);
    if (!(await this.deps.store.markDraft(postId))) {
      // The engine claimed it (or another window unscheduled it) between the read and the write.
      const now = await this.#read(postId);
      if (now.state === 'draft') return { postId };
      throw started(now.state);
    }
    this.#changed(postId);
    return { postId };
  }

  /**
   * A draft or a scheduled post that has not started → due now, and the engine woken. Refused
   * when no plan permits publishing or no posts are left this cycle (with the reset date).
   */
  async publishNow(postId: string): Promise<PostView> {
    const post = await this.#readNotStarted(postId);
    const { problems, connections } = await this.#contentProblems(post);
    if (problems.length > 0) throw problemsError(problems);
    const zone = await this.deps.timeZone();
    await this.#assertQuota(zone);
    return this.#write(post, NOT_STARTED, this.deps.clock.now(), zone, connections);
  }

  /** The owner's choice for a post missed while the app was not running; clears the missed mark. */
  async resolveMissed(postId: string, choice: MissedChoice): Promise<PostView> {
    const post = await this.#read(postId);
    if (post.state !== 'scheduled' || post.missedAt === null) {
      throw new CoreError('conflict', 'This post is no longer waiting for your choice. The list has been refreshed.');
    }
    switch (choice.kind) {
      case 'publish-now':
        return this.publishNow(postId);
      case 'reschedule':
        return this.reschedule(postId, choice.date, choice.time);
      case 'back-to-drafts': {
        await this.unschedule(postId);
        return this.#view(postId);
      }
    }
  }

  async #read(postId: string): Promise<SchedulablePost> {
    const post = await this.deps.store.read(postId);
    if (!post) throw new CoreError('not_found', 'That post no longer exists.');
    return post;
  }

  async #readNotStarted(postId: string): Promise<SchedulablePost> {
    const post = await this.#read(postId);
    if (!NOT_STARTED.includes(post.state)) throw started(post.state);
    return post;
  }

  async #contentProblems(post: SchedulablePost): Promise<{ problems: ScheduleProblem[]; connections: Map<Platform, ConnectionRecord> }> {
    const connections = new Map<Platform, ConnectionRecord>();
    for (const target of post.targets) {
      const connection = await this.deps.connectionOf(target.platform);
      if (connection) connections.set(target.platform, connection);
    }
    const now = this.deps.clock.now();
    const media = this.deps.mediaOf ? await this.deps.mediaOf(post.id) : undefined;
    const problems = contentProblems(media === undefined ? post : { ...post, media }, (platform): ConnectionFact => {
      const record = connections.get(platform);
      if (!record) return null;
      // A sign-in past its end is as good as refused: the Connections page already says so.
      const ends = signInEndsAt(record);
      return { id: record.id, state: ends !== null && ends <= now ? 'needs_reconnect' : record.state };
    });
    return { problems, connections };
  }

  async #nextSlot(post: SchedulablePost, zone: string): Promise<number> {
    const rows = await this.deps.slots.rows();
    if (rows.length === 0) throw new CoreError('conflict', 'There are no queue times yet. Add your weekly posting times first, or pick a day and time.');
    const now = this.deps.clock.now();
    const preferred = await this.deps.preferredHours(post.targets.map((target) => target.platform));
    const at = nextFreeSlot({ slots: rows, zone, after: now, taken: await this.deps.store.takenInstants(now, post.id), preferred });
    if (at === null) throw new CoreError('conflict', 'Every queue time in the next year is taken. Add more queue times, or pick a day and time.');
    return at;
  }

  /** Validates the content and the time together (every problem listed at once), then writes the schedule. */
  async #validateAndWrite(
    post: SchedulablePost,
    fromStates: readonly PostState[],
    at: { instant: number } | { problem: ScheduleProblem },
    zone: string,
  ): Promise<PostView> {
    const { problems, connections } = await this.#contentProblems(post);
    const timeProblem = 'problem' in at ? at.problem : pastTimeProblem(at.instant, this.deps.clock.now(), zone);
    if (timeProblem) problems.push(timeProblem);
    if (problems.length > 0 || 'problem' in at) throw problemsError(problems);
    return this.#write(post, fromStates, at.instant, zone, connections);
  }

  async #write(
    post: SchedulablePost,
    fromStates: readonly PostState[],
    at: number,
    zone: string,
    connections: ReadonlyMap<Platform, ConnectionRecord>,
  ): Promise<PostView> {
    const written = await this.deps.store.markScheduled({
      postId: post.id,
      fromStates,
      revision: post.revision,
      at,
      timeZone: zone,
      connectionIds: new Map([...connections].map(([platform, connection]) => [platform, connection.id])),
    });
    if (!written) {
      const now = await this.deps.store.read(post.id);
      if (!now) throw new CoreError('not_found', 'That post no longer exists.');
      if (!fromStates.includes(now.state)) throw started(now.state);
      throw new CoreError('conflict', 'The post changed while it was being scheduled. Please try again.');
    }
    // The answer is what was scheduled, read before the engine is woken and starts moving it on.
    const view = await this.#view(post.id);
    this.#changed(post.id);
    return view;
  }

  async #assertQuota(zone: string): Promise<void> {
    const licence = await this.deps.licenceStatus();
    if (!licence.publishingAllowed) throw new CoreError('conflict', `This post can't be published now. ${licence.message}`);
    if (licence.usage && licence.usage.left <= 0) {
      throw new CoreError(
        'conflict',
        `No posts are left this cycle. Your allowance resets on ${describeInstant(licence.usage.resetsAt, zone)}; schedule the post for then or later.`,
      );
    }
  }

  async #view(postId: string): Promise<PostView> {
    const view = await readPostView(this.deps.db, postId);
    if (!view) throw new CoreError('not_found', 'That post no longer exists.');
    return view;
  }

  #changed(postId: string): void {
    this.deps.events.emit('scheduling.changed', { postId });
    this.deps.wake();
  }
}

function notADraft(state: PostState): CoreError {
  return state === 'scheduled'
    ? new CoreError('conflict', 'This post is already scheduled. Move it on the calendar instead.')
    : started(state);
}

function started(state: PostState): CoreError {
  return state === 'done'
    ? new CoreError('conflict', 'This post has already gone out, so it can no longer be changed.')
    : new CoreError('conflict', 'This post has started publishing, so it can no longer be changed.');
}
