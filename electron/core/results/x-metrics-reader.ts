import { z } from 'zod';
import type { MetricName } from '../db/schema';
import { rateLimitWindow } from '../platforms/x';
import type { HttpClient } from '../ports/http-client';
import { parseJsonBody } from '../platforms/publish-http';
import type { FollowersResult, MetricsBatchResult } from './metrics-reader';

/** X's documented maximum of ids per `GET /2/tweets`. */
export const X_IDS_PER_REQUEST = 100;

const publicMetrics = z.object({
  retweet_count: z.number().int().nonnegative(),
  reply_count: z.number().int().nonnegative(),
  like_count: z.number().int().nonnegative(),
  quote_count: z.number().int().nonnegative(),
  bookmark_count: z.number().int().nonnegative().optional(),
  impression_count: z.number().int().nonnegative().optional(),
});
const lookupAnswer = z.object({
  data: z.array(z.object({ id: z.string(), public_metrics: publicMetrics.optional() })).optional(),
  errors: z.array(z.object({ resource_id: z.string().optional(), value: z.string().optional() })).optional(),
});

/**
 * Reads `public_metrics` for up to 100 X posts in one `GET /2/tweets` (docs/platform-apis.md,
 * "Results"). Maps X's names onto ours; a number X did not send stays absent.
 */
export async function readXMetrics(http: HttpClient, baseUrl: string, token: string, ids: readonly string[]): Promise<MetricsBatchResult> {
  if (ids.length === 0 || ids.length > X_IDS_PER_REQUEST) throw new RangeError(`X reads 1 to ${X_IDS_PER_REQUEST} posts per request, not ${ids.length}`);
  const url = `${baseUrl}/2/tweets?ids=${ids.map(encodeURIComponent).join(',')}&tweet.fields=public_metrics`;
  const result = await http.send({ method: 'GET', url, headers: { accept: 'application/json' }, bearerToken: token });
  if (result.kind === 'not_sent') return { kind: 'offline' };
  if (result.kind === 'no_answer') return { kind: 'failed', message: `X did not answer (${result.reason})`, window: null };
  const window = rateLimitWindow(result.headers);
  if (result.status === 429) return { kind: 'rate_limited', resetAt: window?.resetAt ?? null };
  if (result.status === 401) return { kind: 'refused', window };
  if (result.status === 403) return { kind: 'not_permitted', window };
  if (result.status !== 200 || result.body === null) return { kind: 'failed', message: `X answered HTTP ${result.status}`, window };
  let parsed;
  try {
    parsed = lookupAnswer.safeParse(JSON.parse(result.body));
  } catch {
    return { kind: 'failed', message: 'X answered with something that is not JSON', window };
  }
  if (!parsed.success) return { kind: 'failed', message: 'X answered in an unexpected shape', window };
  const found = new Map<string, Partial<Record<MetricName, number>>>();
  const raw = new Map<string, string>();
  for (const post of parsed.data.data ?? []) {
    if (!ids.includes(post.id) || post.public_metrics === undefined) continue;
    found.set(post.id, fromX(post.public_metrics));
    raw.set(post.id, JSON.stringify(post.public_metrics));
  }
  const missing = ids.filter((id) => !found.has(id));
  return { kind: 'ok', found, raw, missing, window };
}

function fromX(m: z.infer<typeof publicMetrics>): Partial<Record<MetricName, number>> {
  const out: Partial<Record<MetricName, number>> = {
    likes: m.like_count,
    comments: m.reply_count,
    shares: m.retweet_count + m.quote_count,
    engagements: m.like_count + m.reply_count + m.retweet_count + m.quote_count + (m.bookmark_count ?? 0),
  };
  if (m.bookmark_count !== undefined) out.saves = m.bookmark_count;
  if (m.impression_count !== undefined) out.impressions = m.impression_count;
  return out;
}

const meAnswer = z.object({ data: z.object({ public_metrics: z.object({ followers_count: z.number().int().nonnegative() }).optional() }) });

/** The account's followers: `GET /2/users/me?user.fields=public_metrics` (`users.read`; a paid read like the posts'). */
export async function readXFollowers(http: HttpClient, baseUrl: string, token: string): Promise<FollowersResult> {
  const result = await http.send({ method: 'GET', url: `${baseUrl}/2/users/me?user.fields=public_metrics`, headers: { accept: 'application/json' }, bearerToken: token });
  if (result.kind === 'not_sent') return { kind: 'offline' };
  if (result.kind === 'no_answer') return { kind: 'failed', message: `X did not answer (${result.reason})`, window: null };
  const window = rateLimitWindow(result.headers);
  if (result.status === 429) return { kind: 'rate_limited', resetAt: window?.resetAt ?? null };
  if (result.status === 401) return { kind: 'refused', window };
  if (result.status === 403) return { kind: 'not_permitted', window };
  const parsed = meAnswer.safeParse(parseJsonBody(result.body));
  if (result.status !== 200 || !parsed.success) return { kind: 'failed', message: `X answered HTTP ${result.status}`, window };
  const count = parsed.data.data.public_metrics?.followers_count;
  return count === undefined ? { kind: 'not_permitted', window } : { kind: 'count', followers: count, window };
}
