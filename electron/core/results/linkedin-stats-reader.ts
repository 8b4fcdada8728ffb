import { z } from 'zod';
import { LINKEDIN_API, LINKEDIN_RESTLI_PROTOCOL_VERSION } from '@shared/platforms/api-versions';
import type { MetricName } from '../db/schema';
import { linkedInAuthor } from '../platforms/linkedin';
import { parseJsonBody, parseRetryAfter } from '../platforms/publish-http';
import type { Clock } from '../ports/clock';
import type { HttpClient, HttpResult } from '../ports/http-client';
import type { FollowersResult, MetricsBatchResult, ReadContext } from './metrics-reader';

/**
 * Posts per request. LinkedIn documents no cap for `shares=List(…)` / `ids=List(…)`; 20 keeps the
 * URL short (each URN is about 40 characters once encoded) and is what the fake enforces.
 */
export const LINKEDIN_IDS_PER_REQUEST = 20;

const DAY_MS = 86_400_000;
const count = z.number().int().nonnegative();
const shareStatistics = z.object({
  impressionCount: count.optional(),
  uniqueImpressionsCount: count.optional(),
  clickCount: count.optional(),
  likeCount: count.optional(),
  commentCount: count.optional(),
  shareCount: count.optional(),
});
const orgStatsAnswer = z.object({
  elements: z.array(z.object({ share: z.string().optional(), ugcPost: z.string().optional(), totalShareStatistics: shareStatistics })),
});
const socialActionsAnswer = z.object({
  results: z.record(
    z.string(),
    z.object({
      likesSummary: z.object({ totalLikes: count.optional() }).optional(),
      commentsSummary: z.object({ aggregatedTotalComments: count.optional(), totalFirstLevelComments: count.optional() }).optional(),
    }),
  ),
  errors: z.record(z.string(), z.unknown()).optional(),
});
const networkSizeAnswer = z.object({ firstDegreeSize: count });

/** Organisation posts and member posts are read from different endpoints; shares and ugcPosts are named by different parameters. */
export function linkedInGroupOf(postId: string, context: ReadContext): string {
  if (context.authorId === null) return 'member';
  return `${linkedInAuthor(context)} ${postId.startsWith('urn:li:ugcPost:') ? 'ugcPosts' : 'shares'}`;
}

/**
 * Reads LinkedIn post numbers, per what the granted scopes allow:
 * - posts published as an organisation: `GET /rest/organizationalEntityShareStatistics?
 *   q=organizationalEntity&organizationalEntity=<org>&shares=List(…)` (or `ugcPosts=List(…)`),
 *   `rw_organization_admin` as ADMINISTRATOR; impressions, unique impressions (reach), clicks,
 *   likes, comments, shares; engagements = likes + comments + shares + clicks;
 * - posts published as the member: `GET /rest/socialActions?ids=List(…)` (batch get, needs
 *   `r_member_social`, for approved partners only): likes and comments, engagements = their sum.
 *   LinkedIn gives no impressions for a member's post, so impressions stay absent ("not
 *   available"), never 0; without the permission LinkedIn answers 403 and the post is "not
 *   permitted" (tried again a day later).
 * Both send the `LinkedIn-Version` in force and Rest.li 2.0.
 */
export async function readLinkedInStatistics(http: HttpClient, baseUrl: string, clock: Clock, token: string, ids: readonly string[], context: ReadContext): Promise<MetricsBatchResult> {
  if (ids.length === 0 || ids.length > LINKEDIN_IDS_PER_REQUEST) throw new RangeError(`LinkedIn reads 1 to ${LINKEDIN_IDS_PER_REQUEST} posts per request, not ${ids.length}`);
  const list = `List(${ids.map(encodeURIComponent).join(',')})`;
  if (context.authorId !== null) {
    const org = linkedInAuthor(context);
    const param = ids[0]!.startsWith('urn:li:ugcPost:') ? 'ugcPosts' : 'shares';
    const result = await get(http, `${baseUrl}/rest/organizationalEntityShareStatistics?q=organizationalEntity&organizationalEntity=${encodeURIComponent(org)}&${param}=${list}`, token);
    const settled = settle(result, clock);
    if (settled !== null) return settled;
    const parsed = orgStatsAnswer.safeParse(parseJsonBody((result as { body: string | null }).body));
    if (!parsed.success) return { kind: 'failed', message: 'LinkedIn answered in an unexpected shape', window: null };
    const found = new Map<string, Partial<Record<MetricName, number>>>();
    const raw = new Map<string, string>();
    for (const element of parsed.data.elements) {
      const id = element.share ?? element.ugcPost;
      if (id === undefined || !ids.includes(id)) continue;
      const s = element.totalShareStatistics;
      const metrics: Partial<Record<MetricName, number>> = {};
      if (s.impressionCount !== undefined) metrics.impressions = s.impressionCount;
      if (s.uniqueImpressionsCount !== undefined) metrics.reach = s.uniqueImpressionsCount;
      if (s.clickCount !== undefined) metrics.clicks = s.clickCount;
      if (s.likeCount !== undefined) metrics.likes = s.likeCount;
      if (s.commentCount !== undefined) metrics.comments = s.commentCount;
      if (s.shareCount !== undefined) metrics.shares = s.shareCount;
      if (s.likeCount !== undefined && s.commentCount !== undefined && s.shareCount !== undefined && s.clickCount !== undefined) {
        metrics.engagements = s.likeCount + s.commentCount + s.shareCount + s.clickCount;
      }
      found.set(id, metrics);
      raw.set(id, JSON.stringify(s));
    }
    // Statistics cover a rolling 12 months and can lag: a post left out has no numbers yet, it is not gone.
    const unavailable = new Map(ids.filter((id) => !found.has(id)).map((id) => [id, 'no_data_yet']));
    return { kind: 'ok', found, raw, missing: [], unavailable, window: null };
  }
  const result = await get(http, `${baseUrl}/rest/socialActions?ids=${list}`, token);
  const settled = settle(result, clock);
  if (settled !== null) return settled;
  const parsed = socialActionsAnswer.safeParse(parseJsonBody((result as { body: string | null }).body));
  if (!parsed.success) return { kind: 'failed', message: 'LinkedIn answered in an unexpected shape', window: null };
  const found = new Map<string, Partial<Record<MetricName, number>>>();
  const raw = new Map<string, string>();
  for (const [id, actions] of Object.entries(parsed.data.results)) {
    if (!ids.includes(id)) continue;
    const likes = actions.likesSummary?.totalLikes;
    const comments = actions.commentsSummary?.aggregatedTotalComments;
    const metrics: Partial<Record<MetricName, number>> = {};
    if (likes !== undefined) metrics.likes = likes;
    if (comments !== undefined) metrics.comments = comments;
    if (likes !== undefined && comments !== undefined) metrics.engagements = likes + comments;
    found.set(id, metrics);
    raw.set(id, JSON.stringify(actions));
  }
  // Batch get names a post it cannot find under `errors` (404): deleted.
  const gone = Object.keys(parsed.data.errors ?? {}).filter((id) => ids.includes(id) && !found.has(id));
  const unavailable = new Map(ids.filter((id) => !found.has(id) && !gone.includes(id)).map((id) => [id, 'no_data_yet']));
  return { kind: 'ok', found, raw, missing: gone, unavailable, window: null };
}

/**
 * An organisation's followers: `GET /rest/networkSizes/<org URN>?edgeType=COMPANY_FOLLOWED_BY_COMPANY`
 * → `firstDegreeSize`. The connection's first organisation is counted; a member's own followers
 * are not given to this app (Connections Size needs a partner programme), so: not available.
 */
export async function readLinkedInFollowers(http: HttpClient, baseUrl: string, clock: Clock, token: string, context: ReadContext & { targets: ReadonlyArray<{ id: string }> }): Promise<FollowersResult> {
  const organisation = context.targets[0];
  if (organisation === undefined) return { kind: 'not_permitted', window: null };
  const urn = linkedInAuthor({ accountId: context.accountId, authorId: organisation.id });
  const result = await get(http, `${baseUrl}/rest/networkSizes/${encodeURIComponent(urn)}?edgeType=COMPANY_FOLLOWED_BY_COMPANY`, token);
  const settled = settle(result, clock);
  if (settled !== null) return settled;
  const parsed = networkSizeAnswer.safeParse(parseJsonBody((result as { body: string | null }).body));
  if (!parsed.success) return { kind: 'failed', message: 'LinkedIn answered in an unexpected shape', window: null };
  return { kind: 'count', followers: parsed.data.firstDegreeSize, window: null };
}

function get(http: HttpClient, url: string, token: string): Promise<HttpResult> {
  return http.send({
    method: 'GET',
    url,
    headers: { accept: 'application/json', 'LinkedIn-Version': LINKEDIN_API.version, 'X-Restli-Protocol-Version': LINKEDIN_RESTLI_PROTOCOL_VERSION },
    bearerToken: token,
  });
}

/**
 * LinkedIn's answers every read shares: 401 refused, 403 not permitted, 429 wait. LinkedIn's
 * read limits are daily per member and per app, reset at midnight UTC, and its 429 names no
 * time: without a `Retry-After` the reads wait for the next UTC day rather than ask again hourly.
 * Null: a 200 to read.
 */
function settle(result: HttpResult, clock: Clock): Exclude<MetricsBatchResult, { kind: 'ok' }> | null {
  if (result.kind === 'not_sent') return { kind: 'offline' };
  if (result.kind === 'no_answer') return { kind: 'failed', message: `LinkedIn did not answer (${result.reason})`, window: null };
  if (result.status === 200) return null;
  if (result.status === 401) return { kind: 'refused', window: null };
  if (result.status === 403) return { kind: 'not_permitted', window: null };
  if (result.status === 429) {
    const now = clock.now();
    return { kind: 'rate_limited', resetAt: parseRetryAfter(result.headers['retry-after'], now) ?? (Math.floor(now / DAY_MS) + 1) * DAY_MS };
  }
  return { kind: 'failed', message: `LinkedIn answered HTTP ${result.status}`, window: null };
}
