import type { MetricName } from '../db/schema';
import type { RateLimitWindow } from '../platforms/platform-adapter';

/**
 * What a network's reader gives the collector (issue 17). Each network has one file
 * (`x-metrics-reader.ts`, `facebook-insights-reader.ts`, …) that turns the network's answers into
 * these kinds; the collector decides what each kind means for the schedule.
 * What one batch read came to is one of these kinds.
 */
export type MetricsBatchResult =
  | {
      kind: 'ok';
      found: Map<string, Partial<Record<MetricName, number>>>;
      raw: Map<string, string>;
      /** Gone on the network (deleted or hidden): never read again. */
      missing: string[];
      /** Read, but the network has no numbers for it yet (too few viewers, no data yet), with why: read again at its next collection. */
      unavailable?: Map<string, string>;
      window: RateLimitWindow | null;
    }
  /** 401: the token was refused. */
  | { kind: 'refused'; window: RateLimitWindow | null }
  /** 403: the token lacks the permission to read (e.g. no `tweet.read`): "not available", never 0. */
  | { kind: 'not_permitted'; window: RateLimitWindow | null }
  | { kind: 'rate_limited'; resetAt: number | null }
  /** No byte left this computer (offline): nothing happened, try again when back online. */
  | { kind: 'offline' }
  /** Anything else (5xx, a cut-off answer, an unreadable body): try again later. */
  | { kind: 'failed'; message: string; window: RateLimitWindow | null };

/** A connection's follower count, or why there is none (the same non-ok kinds as a batch read). */
export type FollowersResult = { kind: 'count'; followers: number; window: RateLimitWindow | null } | Exclude<MetricsBatchResult, { kind: 'ok' }>;

/** Who the posts of one request were published as: the connection's account, or the organisation it posted for (LinkedIn). */
export interface ReadContext {
  accountId: string;
  authorId: string | null;
}

/** One network's reads: how many posts fit one request, which posts may share one, the read itself, and the follower count. */
export interface MetricsReader {
  idsPerRequest: number;
  /** Posts with the same key may share a request (default: every post of one connection). */
  groupOf?(postId: string, context: ReadContext): string;
  read(token: string, platformPostIds: readonly string[], context: ReadContext): Promise<MetricsBatchResult>;
  /** The connection's followers; absent where the network gives none to this app. */
  followers?(token: string, context: ReadContext & { targets: ReadonlyArray<{ id: string }> }): Promise<FollowersResult>;
}
