import type { Platform } from '@shared/domain/platform';
import type { YouTubeSettings } from '@shared/platforms/youtube-settings';

/** Where the networks show a published post; the links the app keeps start here (overridable for the sandbox). */
export const DEFAULT_POST_WEB_URLS = {
  facebook: 'https://www.facebook.com',
  linkedin: 'https://www.linkedin.com',
  x: 'https://x.com',
  youtube: 'https://www.youtube.com',
} as const;

/**
 * A picture, video or PDF document to publish with a post, already prepared for this network (media/prepare-image.ts).
 * Text-only posts send none.
 */
export interface MediaItem {
  kind: 'image' | 'video' | 'document';
  /** A local file the adapter uploads, or a public URL the platform fetches (Instagram). */
  source: { path: string } | { url: string };
  mimeType: string;
  byteLength: number;
  /** The owner's description of an image, sent where the network accepts it; null if none. */
  altText: string | null;
}

/** One target of one post, as an adapter needs it. Built by the engine; the token is fresh. */
export interface PublishRequest {
  /** The text for this platform: the target's own text, else the post's body. */
  text: string;
  /** YouTube's title; null elsewhere. */
  title: string | null;
  /** The owner's YouTube choices for this post; absent: the adapter's defaults (private, not notified). */
  youtube?: YouTubeSettings;
  media: readonly MediaItem[];
  /** The connection's account (Facebook Page id, LinkedIn member id, X user id). */
  accountId: string;
  /** Post as someone else the account manages (a LinkedIn organisation id); null: as `accountId`. */
  authorId: string | null;
  /** Sent only in the Authorization header; never logged, never put in a URL. */
  accessToken: string;
  /**
   * Aborted when the app quits (given to adapters that mark their public step). Pass it to
   * uploads only: an upload cut short is tried again next run, while a public request cut short
   * would be an unknown outcome; the engine waits for that one instead.
   */
  signal?: AbortSignal;
  /**
   * This target's media steps, durable across restarts (uploaded ids, container ids, a resumable
   * session URI). An adapter records a step as soon as it has it and reads it back before doing
   * the step again, so a restart continues where it stopped. Only steps with no public effect are
   * ever repeated; the step that makes the post public is the engine's claimed send.
   */
  steps?: PublishSteps;
  /** Bytes of media sent so far for this target, for a progress bar (never for decisions). */
  onProgress?: (progress: UploadProgress) => void;
  /**
   * An adapter that declares `marksPublicStep` calls this right before the request that makes
   * the post public, and sends that request only once it resolves: the engine durably notes the
   * target as sent (its leaving mark), so a crash after that point leaves the target for the
   * owner to check, never sent again, while a crash during the uploads before it lets the next
   * run carry on from `steps`. Rejects when the mark could not be written (send nothing then).
   * For other adapters the engine marks before `publish` starts and this resolves at once.
   */
  beforePublicStep?: () => Promise<void>;
}

/** A target's journal of media steps, keyed by the adapter (for example `x.media.0`, `youtube.session`). */
export interface PublishSteps {
  /** The value recorded under `key` for this target, or null if the step has not been done. */
  get(key: string): string | null;
  /** Records a step durably before it resolves; recording the same key again replaces it. */
  record(key: string, value: string): Promise<void>;
}

export interface UploadProgress {
  sentBytes: number;
  totalBytes: number;
}

/**
 * What happened, classified once, by the adapter that knows the platform's contract. Adapters
 * never throw for anything the network or the platform did; they answer one of these.
 *
 * - `published`: the platform confirmed and gave an id; `url` is where the post can be seen.
 * - `auth`: the token was refused (401, Graph 190/102). The engine refreshes once, then the
 *   target becomes `needs_reconnect`.
 * - `rate_limited`: wait until `retryAt` (from `x-rate-limit-reset`, Retry-After, Meta's usage
 *   headers) before trying again. `scope` says what the limit covers (`RateLimitScope`): absent
 *   or `connection`, every request of the connection (the whole connection waits); `media`, only
 *   the platform's media upload endpoints (only targets that still upload media wait).
 * - `duplicate`: the platform says it already has this post; failed, with its words.
 * - `invalid`: the platform refused the content (too long, blocked, bad author); failed, no retry.
 * - `transient`: the request certainly did not create a post (refused connection, 5xx); retried
 *   with backoff, a bounded number of times.
 * - `unknown`: the request may have created a post (timeout or reset after it was sent, a 2xx
 *   without a readable id). The target becomes `needs_check` and is never re-sent automatically.
 */
export type PublishOutcome =
  | { kind: 'published'; platformPostId: string; url: string | null }
  | { kind: 'auth'; message: string }
  | { kind: 'rate_limited'; retryAt: number; message: string; scope?: RateLimitScope }
  | { kind: 'duplicate'; message: string }
  | { kind: 'invalid'; message: string }
  | { kind: 'transient'; message: string }
  | { kind: 'unknown'; message: string };

/**
 * What a rate limit holds back. `connection`: the endpoint that publishes (X's `POST /2/tweets`)
 * or the whole account, so nothing goes out on the connection before the reset. `media`: an
 * upload endpoint with its own window (X's media endpoints, 15 minutes each per user), so a
 * text-only post on the connection still goes; a target needing that endpoint waits.
 */
export type RateLimitScope = 'connection' | 'media';

/** What the attempt log records with every outcome. */
export interface PublishResult {
  outcome: PublishOutcome;
  /** The HTTP status the platform answered; null when no answer came. */
  httpStatus: number | null;
  /** The platform's own error code (Graph `190/463`, LinkedIn `DUPLICATE_POST`), if any. */
  platformErrorCode: string | null;
  /**
   * What the answer to the publishing request (X's `POST /2/tweets`) said about the connection's
   * request window, whatever the outcome: where the platform reports several, the most restrictive
   * (X: the 15-minute `x-rate-limit-*` or a 24-hour `x-user/app-limit-24hour-*`). The engine
   * follows it: no more sends in flight than are left, and at `remaining: 0` the connection is
   * held until `resetAt`, so no request (X charges each one) is spent on a certain 429.
   * `null`: that request was answered without readable figures (the engine forgets the window).
   * Absent: it was not answered (or never sent: a media upload failed first) — an upload's
   * answer says nothing about this window, so the engine keeps what it knew.
   */
  rateLimit?: RateLimitWindow | null;
}

/** One request window of a connection, as the platform reported it. */
export interface RateLimitWindow {
  /** Requests per window. */
  limit: number;
  /** Requests left in this window, counting the one just answered. */
  remaining: number;
  /** When the window reopens (ms since the epoch). */
  resetAt: number;
}

/** One platform's publishing, behind the same shape for every platform. */
export interface PlatformAdapter {
  readonly platform: Platform;
  /** Its answers carry `rateLimit` (X): until the first one, the engine sends one at a time per connection. */
  readonly reportsRateLimit?: boolean;
  /**
   * It calls `request.beforePublicStep()` before the one request that can make a post public, and
   * never after it: the requests before it (uploads with no public effect) may be repeated after a
   * crash or a retry, so they are not the claimed send. Requests that end before that call are
   * classified by what they could have done: an upload that got no answer is `transient`.
   */
  readonly marksPublicStep?: boolean;
  publish(request: PublishRequest): Promise<PublishResult>;
}
