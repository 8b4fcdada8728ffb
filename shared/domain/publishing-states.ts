/**
 * The publishing enumerations, defined once: the database schema's column types
 * (electron/core/db/schema.ts) and the IPC contract's zod enums (shared/ipc/*-channels.ts) are
 * both built from these arrays, so a state cannot exist on one side only.
 */

/** Where a post as a whole stands (`posts.state`). */
export const POST_STATES = ['draft', 'scheduled', 'publishing', 'done'] as const;
export type PostState = (typeof POST_STATES)[number];

/** Where one platform of a post stands (`post_targets.state`); see docs/architecture.md, Publishing. */
export const TARGET_STATES = ['draft', 'scheduled', 'publishing', 'published', 'failed', 'needs_check', 'needs_reconnect'] as const;
export type TargetState = (typeof TARGET_STATES)[number];

/** Why a target's last try did not publish (see electron/core/platforms/platform-adapter.ts). */
export const TARGET_ERROR_KINDS = ['auth', 'rate_limited', 'duplicate', 'invalid', 'transient', 'unknown', 'quota', 'not_connected'] as const;
export type TargetErrorKind = (typeof TARGET_ERROR_KINDS)[number];

/** How one try ended (`publish_attempts.outcome`; null while it is open). */
export const ATTEMPT_OUTCOMES = ['published', 'failed', 'retry', 'rate_limited', 'needs_reconnect', 'unknown'] as const;
export type AttemptOutcome = (typeof ATTEMPT_OUTCOMES)[number];
