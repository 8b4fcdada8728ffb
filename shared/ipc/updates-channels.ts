import { z } from 'zod';
import { event, invoke } from './define';

const version = z.string().min(1).max(64);
/** Plain text (HTML stripped in the main process), shown as written, never as markup. */
const releaseNotes = z.string().max(10_000).nullable();

/**
 * Where the app stands with its own updates. One state at a time:
 * `disabled` (development build or browser host: says why) → `idle` → `checking` →
 * `available` (waiting for "Download" when automatic download is off) → `downloading` →
 * `ready` ("Restart to update"; `restartDeferred` while a post is publishing), or `error`
 * with what failed so the owner can try that again.
 */
export const updateStatusSchema = z.discriminatedUnion('state', [
  z.strictObject({ state: z.literal('disabled'), reason: z.string() }),
  z.strictObject({ state: z.literal('idle'), lastCheckedAt: z.number().int().nullable() }),
  z.strictObject({ state: z.literal('checking') }),
  z.strictObject({ state: z.literal('available'), version, releaseNotes }),
  z.strictObject({
    state: z.literal('downloading'),
    version,
    /** 0–100. */
    percent: z.number().min(0).max(100),
    bytesPerSecond: z.number().min(0),
    transferred: z.number().min(0),
    total: z.number().min(0),
  }),
  z.strictObject({
    state: z.literal('ready'),
    version,
    releaseNotes,
    /** The owner asked to restart while a post was publishing; it happens when publishing ends. */
    restartDeferred: z.boolean(),
  }),
  z.strictObject({
    state: z.literal('error'),
    /** What failed, so "Try again" repeats the right step. */
    during: z.enum(['check', 'download']),
    message: z.string(),
    /** The version being downloaded when a download failed. */
    version: version.nullable(),
  }),
]);
export type UpdateStatus = z.infer<typeof updateStatusSchema>;

const none = z.strictObject({});

export const updatesChannels = {
  'updates.status': invoke(none, updateStatusSchema),
  /** Checks now (also "Try again" after a failed check). Answers with the state it reached. */
  'updates.check': invoke(none, updateStatusSchema),
  /** Downloads the available update (also "Try again" after a failed download). */
  'updates.download': invoke(none, updateStatusSchema),
  /** Restarts into the downloaded update, or defers the restart until publishing finishes. */
  'updates.restart': invoke(none, updateStatusSchema),
};

export const updatesEvents = {
  'updates.changed': event(updateStatusSchema),
};
