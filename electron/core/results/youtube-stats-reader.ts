import { z } from 'zod';
import { addDays, wallPartsAt, wallToInstantForward } from '@shared/time/zoned-time';
import type { MetricName } from '../db/schema';
import { parseJsonBody } from '../platforms/publish-http';
import type { Clock } from '../ports/clock';
import type { HttpClient, HttpResult } from '../ports/http-client';
import type { FollowersResult, MetricsBatchResult } from './metrics-reader';

/** `videos.list` takes up to 50 ids per call, and a call costs 1 quota unit whatever the count. */
export const YOUTUBE_IDS_PER_REQUEST = 50;
/** YouTube's daily quota starts again at midnight Pacific Time. */
const QUOTA_ZONE = 'America/Los_Angeles';

/** Statistics are strings of digits (uint64); `likeCount` is absent when the owner hides it. */
const digits = z.string().regex(/^\d{1,15}$/);
const statistics = z.object({ viewCount: digits.optional(), likeCount: digits.optional(), commentCount: digits.optional(), favoriteCount: digits.optional() });
const listAnswer = z.object({ items: z.array(z.object({ id: z.string(), statistics: statistics.optional() })) });
const channelsAnswer = z.object({
  items: z.array(z.object({ statistics: z.object({ subscriberCount: digits.optional(), hiddenSubscriberCount: z.boolean().optional() }).optional() })).optional(),
});
const googleError = z.object({ error: z.object({ code: z.number(), errors: z.array(z.object({ reason: z.string().optional() })).optional(), status: z.string().optional() }) });

/**
 * Reads up to 50 videos' statistics in one `GET {base}/youtube/v3/videos?part=statistics&id=…`
 * (1 unit). `viewCount` → views and impressions (YouTube gives no impressions to this API; the
 * rate is then per view), `likeCount` → likes, `commentCount` → comments, engagements = likes +
 * comments when both are given. A video missing from `items` is gone or private.
 */
export async function readYouTubeStatistics(http: HttpClient, baseUrl: string, clock: Clock, token: string, ids: readonly string[]): Promise<MetricsBatchResult> {
  if (ids.length === 0 || ids.length > YOUTUBE_IDS_PER_REQUEST) throw new RangeError(`YouTube reads 1 to ${YOUTUBE_IDS_PER_REQUEST} videos per request, not ${ids.length}`);
  const result = await http.send({
    method: 'GET',
    url: `${baseUrl}/youtube/v3/videos?part=statistics&id=${ids.map(encodeURIComponent).join(',')}`,
    headers: { accept: 'application/json' },
    bearerToken: token,
  });
  const settled = settle(result, clock);
  if (settled !== null) return settled;
  const parsed = listAnswer.safeParse(parseJsonBody((result as { body: string | null }).body));
  if (!parsed.success) return { kind: 'failed', message: 'YouTube answered in an unexpected shape', window: null };
  const found = new Map<string, Partial<Record<MetricName, number>>>();
  const raw = new Map<string, string>();
  for (const item of parsed.data.items) {
    if (!ids.includes(item.id) || item.statistics === undefined) continue;
    const s = item.statistics;
    const metrics: Partial<Record<MetricName, number>> = {};
    if (s.viewCount !== undefined) metrics.views = metrics.impressions = Number(s.viewCount);
    if (s.likeCount !== undefined) metrics.likes = Number(s.likeCount);
    if (s.commentCount !== undefined) metrics.comments = Number(s.commentCount);
    if (metrics.likes !== undefined && metrics.comments !== undefined) metrics.engagements = metrics.likes + metrics.comments;
    found.set(item.id, metrics);
    raw.set(item.id, JSON.stringify(s));
  }
  return { kind: 'ok', found, raw, missing: ids.filter((id) => !found.has(id)), window: null };
}

/** The channel's subscribers: `channels.list?part=statistics&mine=true` (1 unit); hidden by the owner → not available. */
export async function readYouTubeSubscribers(http: HttpClient, baseUrl: string, clock: Clock, token: string): Promise<FollowersResult> {
  const result = await http.send({ method: 'GET', url: `${baseUrl}/youtube/v3/channels?part=statistics&mine=true`, headers: { accept: 'application/json' }, bearerToken: token });
  const settled = settle(result, clock);
  if (settled !== null) return settled;
  const parsed = channelsAnswer.safeParse(parseJsonBody((result as { body: string | null }).body));
  if (!parsed.success) return { kind: 'failed', message: 'YouTube answered in an unexpected shape', window: null };
  const channel = parsed.data.items?.[0]?.statistics;
  if (channel === undefined || channel.hiddenSubscriberCount === true || channel.subscriberCount === undefined) return { kind: 'not_permitted', window: null };
  return { kind: 'count', followers: Number(channel.subscriberCount), window: null };
}

/**
 * Google's answers every read shares: 401 → refused; 403 `quotaExceeded` / `rateLimitExceeded` →
 * wait (the day's quota until midnight Pacific Time); 403 `insufficientPermissions` or
 * `forbidden` → not permitted. Null: a 200 to read.
 */
function settle(result: HttpResult, clock: Clock): Exclude<MetricsBatchResult, { kind: 'ok' }> | null {
  if (result.kind === 'not_sent') return { kind: 'offline' };
  if (result.kind === 'no_answer') return { kind: 'failed', message: `YouTube did not answer (${result.reason})`, window: null };
  if (result.status === 200) return null;
  const error = googleError.safeParse(parseJsonBody(result.body));
  const reasons = error.success ? (error.data.error.errors ?? []).map((entry) => entry.reason) : [];
  if (result.status === 401) return { kind: 'refused', window: null };
  if (reasons.includes('quotaExceeded') || reasons.includes('dailyLimitExceeded')) return { kind: 'rate_limited', resetAt: nextQuotaDay(clock.now()) };
  if (result.status === 429 || reasons.includes('rateLimitExceeded') || reasons.includes('userRateLimitExceeded')) return { kind: 'rate_limited', resetAt: null };
  if (result.status === 403) return { kind: 'not_permitted', window: null };
  return { kind: 'failed', message: `YouTube answered HTTP ${result.status}`, window: null };
}

/** The next midnight in Pacific Time, when the project's daily quota starts again. */
export function nextQuotaDay(now: number): number {
  return wallToInstantForward(addDays(wallPartsAt(now, QUOTA_ZONE), 1), 0, QUOTA_ZONE);
}
