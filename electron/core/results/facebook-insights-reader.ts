import { z } from 'zod';
import type { MetricName } from '../db/schema';
import type { Clock } from '../ports/clock';
import type { HttpClient } from '../ports/http-client';
import { graphCount, graphGet, isGraphPermissionCode, type GraphRead } from './graph-read';
import type { FollowersResult, MetricsBatchResult } from './metrics-reader';

/** The current post metrics asked for (the `post_impressions*` family was retired in 2025; docs/platform-apis.md). */
export const FACEBOOK_POST_METRICS = ['post_media_view', 'post_total_media_view_unique', 'post_reactions_by_type_total', 'post_clicks'] as const;

const insightsAnswer = z.object({
  data: z.array(z.object({ name: z.string(), values: z.array(z.object({ value: z.unknown() })) })),
});

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
  const read = await graphGet(http, `${graphUrl}/${encodeURIComponent(postId)}/insights?metric=${FACEBOOK_POST_METRICS.join(',')}`, token, clock);
  if (read.kind === 'settled') return read.result;
  if (read.kind === 'error') {
    if (isGraphPermissionCode(read.code)) return { kind: 'not_permitted', window: read.window };
    // 100/33: the post is gone (deleted, or no longer visible to this Page token).
    if (read.code === 100 && read.subcode === 33) return { kind: 'ok', found: new Map(), raw: new Map(), missing: [postId], window: read.window };
    return { kind: 'failed', message: `Facebook answered error ${read.code}`, window: read.window };
  }
  const parsed = insightsAnswer.safeParse(read.body);
  if (!parsed.success) return { kind: 'failed', message: 'Facebook answered in an unexpected shape', window: read.window };
  const value = (name: string): unknown => parsed.data.data.find((metric) => metric.name === name)?.values[0]?.value;
  const metrics: Partial<Record<MetricName, number>> = {};
  const views = graphCount(value('post_media_view'));
  const reach = graphCount(value('post_total_media_view_unique'));
  const clicks = graphCount(value('post_clicks'));
  const reactionsValue = value('post_reactions_by_type_total');
  const reactions =
    typeof reactionsValue === 'object' && reactionsValue !== null ? Object.values(reactionsValue).reduce<number>((sum, n) => sum + (graphCount(n) ?? 0), 0) : undefined;
  if (views !== undefined) metrics.impressions = views;
  if (reach !== undefined) metrics.reach = reach;
  if (clicks !== undefined) metrics.clicks = clicks;
  if (reactions !== undefined) metrics.likes = reactions;
  if (reactions !== undefined && clicks !== undefined) metrics.engagements = reactions + clicks;
  return { kind: 'ok', found: new Map([[postId, metrics]]), raw: new Map([[postId, JSON.stringify(parsed.data.data)]]), missing: [], window: read.window };
}

const pageFollowers = z.object({ followers_count: z.number().int().nonnegative().optional() });

/** A Page's followers: `GET {graph}/{page-id}?fields=followers_count` (`page_fans` was retired in 2025). */
export async function readFacebookFollowers(http: HttpClient, graphUrl: string, clock: Clock, token: string, pageId: string): Promise<FollowersResult> {
  const read = await graphGet(http, `${graphUrl}/${encodeURIComponent(pageId)}?fields=followers_count`, token, clock);
  return graphFollowers(read, pageFollowers, 'Facebook');
}

/** A Graph object's `followers_count` (Pages and Instagram accounts alike). */
export function graphFollowers(read: GraphRead, schema: z.ZodType<{ followers_count?: number | undefined }>, network: string): FollowersResult {
  if (read.kind === 'settled') return read.result;
  if (read.kind === 'error') {
    if (isGraphPermissionCode(read.code)) return { kind: 'not_permitted', window: read.window };
    return { kind: 'failed', message: `${network} answered error ${read.code}`, window: read.window };
  }
  const parsed = schema.safeParse(read.body);
  if (!parsed.success) return { kind: 'failed', message: `${network} answered in an unexpected shape`, window: read.window };
  if (parsed.data.followers_count === undefined) return { kind: 'not_permitted', window: read.window };
  return { kind: 'count', followers: parsed.data.followers_count, window: read.window };
}
