import { z } from 'zod';
import type { MetricName } from '../db/schema';
import type { Clock } from '../ports/clock';
import type { HttpClient } from '../ports/http-client';
import { graphFollowers } from './facebook-insights-reader';
import { graphCount, graphGet, isGraphPermissionCode } from './graph-read';
import type { FollowersResult, MetricsBatchResult } from './metrics-reader';

/**
 * The media metrics asked for (`instagram_manage_insights`). `impressions`, `plays` and
 * `video_views` were retired for every version on 2025-04-21; `views` replaced them
 * (docs/platform-apis.md, "Results").
 */
export const INSTAGRAM_MEDIA_METRICS = ['views', 'reach', 'likes', 'comments', 'shares', 'saved', 'total_interactions'] as const;

const insightsAnswer = z.object({
  data: z.array(z.object({ name: z.string(), values: z.array(z.object({ value: z.unknown() })).optional(), total_value: z.object({ value: z.unknown() }).optional() })),
});

/**
 * Reads one Instagram media's lifetime insights (`GET {graph}/{ig-media-id}/insights?metric=…`,
 * one media per request). `views` → impressions (as Facebook's views), `reach`, `likes`,
 * `comments`, `shares`, `saved` → saves, `total_interactions` → engagements. Meta answers an empty
 * set while it has no data yet and error 10 "Not enough viewers" below its privacy threshold:
 * both are "not available yet" (nothing stored, read again at the next collection), never 0.
 */
export async function readInstagramInsights(http: HttpClient, graphUrl: string, clock: Clock, token: string, ids: readonly string[]): Promise<MetricsBatchResult> {
  if (ids.length !== 1) throw new RangeError(`Instagram media insights are read one media per request, not ${ids.length}`);
  const mediaId = ids[0]!;
  const read = await graphGet(http, `${graphUrl}/${encodeURIComponent(mediaId)}/insights?metric=${INSTAGRAM_MEDIA_METRICS.join(',')}`, token, clock);
  if (read.kind === 'settled') return read.result;
  const nothingYet = (why: string): MetricsBatchResult => ({ kind: 'ok', found: new Map(), raw: new Map(), missing: [], unavailable: new Map([[mediaId, why]]), window: read.window });
  if (read.kind === 'error') {
    if (read.code === 10 && /not enough viewers/i.test(read.message)) return nothingYet('too_few_viewers');
    if (isGraphPermissionCode(read.code)) return { kind: 'not_permitted', window: read.window };
    // 100/33: the media is gone (deleted, or no longer this account's).
    if (read.code === 100 && read.subcode === 33) return { kind: 'ok', found: new Map(), raw: new Map(), missing: [mediaId], window: read.window };
    return { kind: 'failed', message: `Instagram answered error ${read.code}`, window: read.window };
  }
  const parsed = insightsAnswer.safeParse(read.body);
  if (!parsed.success) return { kind: 'failed', message: 'Instagram answered in an unexpected shape', window: read.window };
  if (parsed.data.data.length === 0) return nothingYet('no_data_yet');
  const value = (name: string) => {
    const metric = parsed.data.data.find((entry) => entry.name === name);
    return graphCount(metric?.values?.[0]?.value ?? metric?.total_value?.value);
  };
  const mapping: Array<[string, MetricName]> = [
    ['views', 'impressions'],
    ['reach', 'reach'],
    ['likes', 'likes'],
    ['comments', 'comments'],
    ['shares', 'shares'],
    ['saved', 'saves'],
    ['total_interactions', 'engagements'],
  ];
  const metrics: Partial<Record<MetricName, number>> = {};
  for (const [theirs, ours] of mapping) {
    const n = value(theirs);
    if (n !== undefined) metrics[ours] = n;
  }
  return { kind: 'ok', found: new Map([[mediaId, metrics]]), raw: new Map([[mediaId, JSON.stringify(parsed.data.data)]]), missing: [], window: read.window };
}

const accountFollowers = z.object({ followers_count: z.number().int().nonnegative().optional() });

/** The account's followers: `GET {graph}/{ig-user-id}?fields=followers_count` (`instagram_basic`). */
export async function readInstagramFollowers(http: HttpClient, graphUrl: string, clock: Clock, token: string, igUserId: string): Promise<FollowersResult> {
  return graphFollowers(await graphGet(http, `${graphUrl}/${encodeURIComponent(igUserId)}?fields=followers_count`, token, clock), accountFollowers, 'Instagram');
}
