import { z } from 'zod';
import { platformSchema } from '../domain/platform';
import { ATTEMPT_OUTCOMES } from '../domain/publishing-states';
import { event, invoke } from './define';
import { postViewSchema, TARGET_ERROR_KINDS, TARGET_STATES } from './scheduling-channels';

const postIdSchema = z.uuid();
const targetIdSchema = z.string().min(1).max(64);

/** One try at publishing one target, as the attempt log recorded it. */
export const publishAttemptSchema = z.strictObject({
  startedAt: z.number().int(),
  finishedAt: z.number().int().nullable(),
  outcome: z.enum(ATTEMPT_OUTCOMES).nullable(),
  httpStatus: z.number().int().nullable(),
  platformErrorCode: z.string().nullable(),
  message: z.string().nullable(),
  durationMs: z.number().int().nullable(),
});
export type PublishAttempt = z.infer<typeof publishAttemptSchema>;

/** The owner's answer to a target whose outcome is unknown (`needs_check`). */
export const checkResolutionSchema = z.discriminatedUnion('kind', [
  /** "It was published — paste the link": recorded as published (and charged), nothing sent. */
  z.strictObject({ kind: z.literal('was-published'), url: z.url({ protocol: /^https$/ }).max(2_000) }),
  /** "Publish again": the owner accepts the risk of a second copy; sent once more. */
  z.strictObject({ kind: z.literal('publish-again') }),
  /** "Discard": marked failed; nothing sent. */
  z.strictObject({ kind: z.literal('discard') }),
]);
export type CheckResolution = z.infer<typeof checkResolutionSchema>;

export const publishingChannels = {
  /** The publishing view: what is going out now, what needs the owner, and what went out lately. */
  'publishing.overview': invoke(
    z.strictObject({}),
    z.strictObject({
      inProgress: z.array(postViewSchema),
      /** needs_check, needs_reconnect, failed (recent) and missed posts. */
      needsAttention: z.array(postViewSchema),
      recent: z.array(postViewSchema),
    }),
  ),
  'publishing.attempts': invoke(z.strictObject({ targetId: targetIdSchema }), z.strictObject({ attempts: z.array(publishAttemptSchema) })),
  'publishing.resolveCheck': invoke(z.strictObject({ targetId: targetIdSchema, resolution: checkResolutionSchema }), postViewSchema),
  /** "Publish again" for a failed or needs_reconnect target (its failure is certain). */
  'publishing.retry': invoke(z.strictObject({ targetId: targetIdSchema }), postViewSchema),
};

export const publishingEvents = {
  /** One target moved (publishing, published, failed, …): the publishing view updates in place. */
  'publishing.target-changed': event(
    z.strictObject({
      postId: postIdSchema,
      targetId: targetIdSchema,
      platform: platformSchema,
      state: z.enum(TARGET_STATES),
      platformUrl: z.string().nullable(),
      error: z.strictObject({ kind: z.enum(TARGET_ERROR_KINDS), message: z.string() }).nullable(),
    }),
  ),
  /** Media bytes sent for a target on its way out, at most once per whole percent (a progress bar; never data to cache). */
  'publishing.upload-progress': event(
    z.strictObject({
      postId: postIdSchema,
      targetId: targetIdSchema,
      platform: platformSchema,
      sentBytes: z.number().int().nonnegative(),
      totalBytes: z.number().int().positive(),
    }),
  ),
};
