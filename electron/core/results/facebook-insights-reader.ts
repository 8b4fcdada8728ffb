import { z } from 'zod';
import type { MetricName } from '../db/schema';
import { retryAtFromUsage } from '../platforms/facebook';
import type { Clock } from '../ports/clock';
import type { HttpClient } from '../ports/http-client';
import type { MetricsBatchResult } from './x-metrics-reader';

/** The current post metrics asked for (the `post_impressions*` family was retired in 2025; docs/platform-apis.md). */
export const FACEBOOK_POST_METRICS = ['post_media_view', 'post_total_media_view_unique', 'post_reactions_by_type_total', 'post_clicks'] as const;

const insightsAnswer = z.object({
  data: z.array(z.object({ name: z.string(), values: z.array(z.object({ value: z.unknown() })) })),
});
const graphError = z.object({ error: z.object({ code: z.number(), error_subcode: z.number().optional(), message: z.string().optional() }) });

/**
 * Reads one Page post's lifetime insights (`GET {graph}/{post-id}/insights?metric=…`, one post
 * per request). Maps `post_media_view` → impressions (views), `post_total_media_view_unique` →
 * reach, the sum of `post_reactions_by_type_total` → likes, `post_clicks` → clicks, and
 * engagements = reactions + clicks (what insights give without reading comments and shares). A
 * metric Meta leaves out stays absent.
 */
export async function readFacebookInsights(http: HttpClient, graphUrl: string, clock: Clock, token: string, ids: readonly string[]): Promise<MetricsBatchResult> {
  if (ids.length !== 1) throw new RangeError(`Facebook post insights are read one post per request, not ${ids.length}`);
  const postId = ids[0]!;
  const result = await http.send({
    method: 'GET',
    url: `${graphUrl}/${encodeURIComponent(postId)}/insights?metric=${FACEBOOK_POST_METRICS.join(',')}`,
    headers: { accept: 'application/json' },
    bearerToken: token,
  });
  if (result.kind === 'not_sent') return { kind: 'offline' };
  if (result.kind === 'no_answer') return { kind: 'failed', message: `Facebook did not answer (${result.reason})`, window: null };
  const body = parseBody(result.body);
  const error = graphError.safeParse(body);
  if (error.success) {
    const { code, error_subcode: subcode } = error.data.error;
    if (code === 190 || code === 102) return { kind: 'refused', window: null };
    if ([4, 17, 32, 613, 80001].includes(code)) return { kind: 'rate_limited', resetAt: retryAtFromUsage(result.headers, clock.now()) };
    if (code === 10 || (code >= 200 && code < 300)) return { kind: 'not_permitted', window: null };
    // 100/33: the post is gone (deleted, or no longer visible to this Page token).
    if (code === 100 && subcode === 33) return { kind: 'ok', found: new Map(), raw: new Map(), missing: [postId], window: null };
    return { kind: 'failed', message: `Facebook answered error ${code}`, window: null };
  }
  const parsed = insightsAnswer.safeParse(body);
  if (result.status !== 200 || !parsed.success) return { kind: 'failed', message: `Facebook answered HTTP ${result.status}`, window: null };
  const value = (name: string): unknown => parsed.data.data.find((metric) => metric.name === name)?.values[0]?.value;
  const count = (v: unknown) => (typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : undefined);
  const metrics: Partial<Record<MetricName, number>> = {};
  const views = count(value('post_media_view'));
  const reach = count(value('post_total_media_view_unique'));
  const clicks = count(value('post_clicks'));
  const reactionsValue = value('post_reactions_by_type_total');
  const reactions =
    typeof reactionsValue === 'object' && reactionsValue !== null ? Object.values(reactionsValue).reduce<number>((sum, n) => sum + (count(n) ?? 0), 0) : undefined;
  if (views !== undefined) metrics.impressions = views;
  if (reach !== undefined) metrics.reach = reach;
  if (clicks !== undefined) metrics.clicks = clicks;
  if (reactions !== undefined) metrics.likes = reactions;
  if (reactions !== undefined && clicks !== undefined) metrics.engagements = reactions + clicks;
  return { kind: 'ok', found: new Map([[postId, metrics]]), raw: new Map([[postId, JSON.stringify(parsed.data.data)]]), missing: [], window: null };
}

function parseBody(text: string | null): unknown {
  if (text === null) return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
