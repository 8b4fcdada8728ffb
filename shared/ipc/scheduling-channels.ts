import { z } from 'zod';
import { platformSchema } from '../domain/platform';
import { POST_STATES, TARGET_ERROR_KINDS, TARGET_STATES } from '../domain/publishing-states';
import { YOUTUBE_PRIVACY } from '../platforms/youtube-settings';
import { event, invoke } from './define';

const postIdSchema = z.uuid();

/** A wall-clock day and time in the business's zone, as the owner picked them. */
export const localDateSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Expected YYYY-MM-DD');
export const localTimeSchema = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Expected HH:MM (24-hour)');

/** When to publish: a day and time in the business's zone, or the next free queue slot. */
export const scheduleWhenSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('at'), date: localDateSchema, time: localTimeSchema }),
  z.strictObject({ kind: z.literal('next-slot') }),
]);
export type ScheduleWhen = z.infer<typeof scheduleWhenSchema>;

// Defined once in shared/domain (the database schema uses the same arrays); re-exported for the contract's readers.
export { TARGET_ERROR_KINDS, TARGET_STATES };

/** One platform of one post, as every publishing and calendar view shows it. */
export const targetViewSchema = z.strictObject({
  targetId: z.string(),
  postId: postIdSchema,
  platform: platformSchema,
  state: z.enum(TARGET_STATES),
  /** Where the published post can be seen, when the platform said (or the owner pasted it). */
  platformUrl: z.string().nullable(),
  platformPostId: z.string().nullable(),
  /**
   * Who can watch it, where the owner chooses per post (YouTube: private unless they said
   * otherwise), so "Published" never reads as public for a private video; null elsewhere.
   */
  audience: z.enum(YOUTUBE_PRIVACY).nullable(),
  /** Why the last try did not publish, in the platform's or plain words. */
  error: z.strictObject({ kind: z.enum(TARGET_ERROR_KINDS), message: z.string() }).nullable(),
  /** Tries so far (each is in `publishing.attempts`). */
  attempts: z.number().int().nonnegative(),
  /** A retry or rate-limit wait: not before this instant. */
  nextAttemptAt: z.number().int().nullable(),
  publishedAt: z.number().int().nullable(),
});
export type TargetView = z.infer<typeof targetViewSchema>;

/** A post beyond drafting: when it is (or was) due and how each platform went. */
export const postViewSchema = z.strictObject({
  postId: postIdSchema,
  excerpt: z.string(),
  state: z.enum(POST_STATES),
  /** UTC instant; with `timeZone`, the wall-clock time the owner chose. */
  scheduledAt: z.number().int().nullable(),
  timeZone: z.string().nullable(),
  /** The app was not running at `scheduledAt`; nothing was sent; the owner chooses. */
  missedAt: z.number().int().nullable(),
  targets: z.array(targetViewSchema),
});
export type PostView = z.infer<typeof postViewSchema>;

/** A reason a post cannot be scheduled, fit to show beside the platform it concerns. */
export const scheduleProblemSchema = z.strictObject({
  platform: platformSchema.nullable(),
  message: z.string(),
  /**
   * Set when the problem is the platform's connection. Compose shows that one at the "Post to"
   * choice (with an inline Connect) instead of beside the platform, so it is said only once.
   */
  about: z.literal('connection').optional(),
  /**
   * Set when the problem is one attachment's on this network (a picture too tall for Instagram).
   * Compose says it on that attachment, whose reason names the network, and not again beside the
   * platform: the place that says which file and which network.
   */
  attachmentId: z.uuid().optional(),
});
export type ScheduleProblem = z.infer<typeof scheduleProblemSchema>;

/** A weekly queue time in the business's zone; ISO weekday 1 (Monday) … 7 (Sunday). */
export const queueSlotSchema = z.strictObject({
  weekday: z.number().int().min(1).max(7),
  time: localTimeSchema,
});
export type QueueSlot = z.infer<typeof queueSlotSchema>;

/** The owner's answer to a post the app missed while it was not running. */
export const missedChoiceSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('publish-now') }),
  z.strictObject({ kind: z.literal('reschedule'), date: localDateSchema, time: localTimeSchema }),
  z.strictObject({ kind: z.literal('back-to-drafts') }),
]);
export type MissedChoice = z.infer<typeof missedChoiceSchema>;

const byPost = z.strictObject({ postId: postIdSchema });
const DAY_MS = 24 * 60 * 60 * 1000;

/** The hours the owner said this computer usually sleeps, in the business's time zone ("23:00" to "07:00"). */
export const usualSleepSchema = z
  .strictObject({ from: localTimeSchema, to: localTimeSchema })
  .refine((sleep) => sleep.from !== sleep.to, 'The computer cannot sleep from and to the same time.');
export type UsualSleep = z.infer<typeof usualSleepSchema>;

/**
 * Why a post is likely to find the computer asleep: the owner said so in Settings, or AgencyIQ
 * was not running at that time of day on each of the last three days (its own record).
 */
export const asleepReasonSchema = z.enum(['owner-said', 'not-running']);
export type AsleepReason = z.infer<typeof asleepReasonSchema>;

export const schedulingChannels = {
  /**
   * Validates (each platform's limits, its connection, a time in the future) and schedules a
   * draft. Problems come back as a `conflict` error listing them; `scheduling.check` lists them
   * without scheduling.
   */
  'scheduling.schedule': invoke(z.strictObject({ postId: postIdSchema, when: scheduleWhenSchema }), postViewSchema),
  /** What stands in the way of scheduling this draft now (empty: nothing). */
  'scheduling.check': invoke(byPost, z.strictObject({ problems: z.array(scheduleProblemSchema) })),
  /** Moves a scheduled post (calendar drag, or the edit dialog), with the same validation. */
  'scheduling.reschedule': invoke(
    z.strictObject({ postId: postIdSchema, date: localDateSchema, time: localTimeSchema }),
    postViewSchema,
  ),
  /** A scheduled post that has not started goes back to the drafts (for editing). */
  'scheduling.unschedule': invoke(byPost, z.strictObject({ postId: postIdSchema })),
  /** One post as the calendar and the publishing view show it; null when there is no such post. */
  'scheduling.get': invoke(byPost, z.strictObject({ timeZone: z.string(), post: postViewSchema.nullable() })),
  /** Posts scheduled, publishing or published within [from, to) (at most 62 days), for the calendar. */
  'scheduling.calendar': invoke(
    z
      .strictObject({ from: z.number().int(), to: z.number().int() })
      .refine((r) => r.to > r.from && r.to - r.from <= 62 * DAY_MS, { message: 'A range of up to 62 days' }),
    z.strictObject({ timeZone: z.string(), items: z.array(postViewSchema) }),
  ),
  /** Everything still to go out, soonest first. */
  'scheduling.upcoming': invoke(
    z.strictObject({ limit: z.number().int().min(1).max(200).default(50), offset: z.number().int().min(0).max(1_000_000).default(0) }),
    z.strictObject({ timeZone: z.string(), items: z.array(postViewSchema), hasMore: z.boolean() }),
  ),
  /**
   * Publishes a draft or a scheduled post now (validated like scheduling): schedules it at this
   * instant and wakes the engine. Refused with the reset date when no posts are left this cycle.
   */
  'scheduling.publishNow': invoke(byPost, postViewSchema),
  /** The owner's choice for a post missed while the app was not running. */
  'scheduling.resolveMissed': invoke(z.strictObject({ postId: postIdSchema, choice: missedChoiceSchema }), postViewSchema),
  /** Whether any post has ever left the drafts (Home's "schedule your first post" step ticks itself off). */
  'scheduling.started': invoke(z.strictObject({}), z.strictObject({ anyScheduled: z.boolean() })),
  /**
   * For each instant (a scheduled post's time), whether the computer is likely asleep then and
   * why (`likely-asleep.ts`), in the same order; null where nothing suggests so.
   */
  'scheduling.asleep': invoke(
    z.strictObject({ instants: z.array(z.number().int()).max(500) }),
    z.strictObject({ reasons: z.array(asleepReasonSchema.nullable()) }),
  ),
  'scheduling.slots.get': invoke(z.strictObject({}), z.strictObject({ timeZone: z.string(), slots: z.array(queueSlotSchema) })),
  /** Replaces the weekly queue times. */
  'scheduling.slots.set': invoke(
    z.strictObject({ slots: z.array(queueSlotSchema).max(7 * 24) }),
    z.strictObject({ timeZone: z.string(), slots: z.array(queueSlotSchema) }),
  ),
};

export const schedulingEvents = {
  /** A post was scheduled, moved, unscheduled or resolved: calendars and lists reload. */
  'scheduling.changed': event(z.strictObject({ postId: postIdSchema })),
};
