import type { Platform } from '@shared/domain/platform';

/**
 * Something the owner may want to hear about while the app sits in the tray. The publishing,
 * connections and scheduling domains produce these; `createNotificationRouter` decides what,
 * if anything, to show.
 */
export type Happening =
  /** A post went out on one platform; `postUrl` is where it can be seen, when the platform said. */
  | { kind: 'published'; postId: string; platform: Platform; postUrl: string | null }
  /** A post could not go out on one platform; `reason` is the plain-words classification. */
  | { kind: 'failed'; postId: string; platform: Platform; reason: string }
  /** A send's outcome is unknown (no answer came): it may be live; the owner checks and decides. */
  | { kind: 'needs-check'; postId: string; platform: Platform }
  /** A connection's refresh failed for good: the owner must connect it again. */
  | { kind: 'needs-reconnect'; platform: Platform; accountName: string }
  /** At start: posts whose time passed while the app was not running (they were not sent). */
  | { kind: 'missed'; count: number };
