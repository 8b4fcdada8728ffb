import { FakePublishServer, type FakeAnswer, type FakePublishServerOptions, type IncomingPublish } from './fake-publish-server';
import { FAKE_GRAPH_VERSION, graphError } from './fake-facebook-graph';

/** An Instagram media the fake can report insights for. */
export interface FakeInstagramMedia {
  id: string;
  /** The Instagram account (ig-user-id) it belongs to: usage is counted per account. */
  ownerId: string;
  createdAt: number;
  /** Below Meta's privacy threshold: `(#10) Not enough viewers`. */
  fewViewers?: boolean;
  /** Meta has no data for it yet: an empty set. */
  noDataYet?: boolean;
}

export interface FakeInstagramInsightsOptions extends FakePublishServerOptions {
  /** Whether a token was granted `instagram_manage_insights`; default: yes. */
  mayReadInsights?: (token: string) => boolean;
  /** Calls per account per rolling hour before the business use case is spent; default 200 (Meta: 4,800 × impressions, at least 200). */
  callsPerHour?: number;
}

/** Media metrics Meta serves today (docs/platform-apis.md, "Results"). */
export const CURRENT_MEDIA_METRICS = new Set(['views', 'reach', 'likes', 'comments', 'shares', 'saved', 'total_interactions', 'follows', 'profile_visits', 'profile_activity', 'replies', 'navigation', 'ig_reels_avg_watch_time', 'ig_reels_video_view_total_time', 'total_likes', 'total_comments', 'total_views']);
/** Retired for every version on 2025-04-21 (and `video_views` before): Graph answers code 100. */
export const RETIRED_MEDIA_METRICS = new Set(['impressions', 'plays', 'video_views', 'clips_replays_count', 'ig_reels_aggregated_all_plays_count', 'engagement']);

const INSIGHTS_PATH = /^\/(v\d+\.\d+)\/([^/]+)\/insights$/;
const OBJECT_PATH = /^\/(v\d+\.\d+)\/([^/]+)$/;
const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/**
 * Instagram Graph API (Facebook Login, graph.facebook.com) `GET /vNN.0/{ig-media-id}/insights`
 * and `GET /vNN.0/{ig-user-id}?fields=followers_count` on 127.0.0.1, strict to the current
 * contract: only the version in force (2635), bearer token only (104 none, 190 bad, 190/460
 * revoked, a token in the query refused), `metric` required and each one current (the retired
 * `impressions`, `plays`, `video_views` … answer code 100), one media per request (`ids` refused),
 * no `instagram_manage_insights` → code 10, below the privacy threshold → code 10 "Not enough
 * viewers", no data yet → an empty set, an unknown media → 100/33. Usage is counted per account
 * in `x-business-use-case-usage` (percent of the hour, `estimated_time_to_regain_access`); once
 * spent, code 80002 until the hour rolls over. Values grow with the media's age on the fake
 * clock; followers grow by the day.
 */
export class FakeInstagramInsights extends FakePublishServer {
  readonly #media = new Map<string, FakeInstagramMedia>();
  readonly #accounts = new Map<string, number>();
  readonly #mayRead: (token: string) => boolean;
  readonly #callsPerHour: number;
  readonly #usage = new Map<string, { startedAt: number; calls: number }>();

  constructor(options: FakeInstagramInsightsOptions) {
    super(options);
    this.#mayRead = options.mayReadInsights ?? (() => true);
    this.#callsPerHour = options.callsPerHour ?? 200;
  }

  get graphUrl(): string {
    return `${this.url}/${FAKE_GRAPH_VERSION}`;
  }

  addMedia(media: FakeInstagramMedia): this {
    this.#media.set(media.id, media);
    if (!this.#accounts.has(media.ownerId)) this.addAccount(media.ownerId, media.createdAt);
    return this;
  }

  /** An account whose followers the fake counts from `since` on (fake clock). */
  addAccount(igUserId: string, since: number): this {
    this.#accounts.set(igUserId, since);
    return this;
  }

  /** Followers an account has at `now`: 500, and 3 more each day. */
  static followersAt(since: number, now: number): number {
    return 500 + 3 * Math.max(0, Math.floor((now - since) / DAY_MS));
  }

  /** The numbers Instagram reports for a media at `now`: they grow with its age. */
  static metricsAt(media: FakeInstagramMedia, now: number): Record<string, number> {
    const hours = Math.max(0, Math.floor((now - media.createdAt) / HOUR_MS));
    const views = hours * 25;
    const likes = Math.floor(views / 10);
    const comments = Math.floor(views / 50);
    const shares = Math.floor(views / 100);
    const saved = Math.floor(views / 80);
    return { views, reach: Math.floor(views * 0.8), likes, comments, shares, saved, total_interactions: likes + comments + shares + saved, follows: 0, profile_visits: Math.floor(views / 40), profile_activity: 0, replies: 0, navigation: 0, ig_reels_avg_watch_time: 0, ig_reels_video_view_total_time: 0, total_likes: likes, total_comments: comments, total_views: views };
  }

  /** Insights reads received. */
  insightReads(): ReturnType<FakePublishServer['publishRequests']> {
    return this.publishRequests();
  }

  protected isPublishRoute(method: string, path: string): boolean {
    return method === 'GET' && INSIGHTS_PATH.test(path);
  }

  protected errorBody(status: number): unknown {
    if (status >= 500) return graphError(status, 2, 'Service temporarily unavailable', 'OAuthException').body;
    return graphError(status, 100, 'Invalid parameter', 'OAuthException').body;
  }

  protected handle(request: IncomingPublish): FakeAnswer {
    const insights = INSIGHTS_PATH.exec(request.path);
    const object = insights === null ? OBJECT_PATH.exec(request.path) : null;
    const match = insights ?? object;
    if (match === null || request.method !== 'GET') return graphError(400, 100, 'Unknown path components', 'OAuthException');
    const [, version, id] = match as unknown as [string, string, string];
    if (version !== FAKE_GRAPH_VERSION) return graphError(400, 2635, `(#2635) You are calling a deprecated version of the Ads API. Please update to the latest version: ${FAKE_GRAPH_VERSION}.`, 'OAuthException');
    if (request.query.has('access_token')) return graphError(400, 100, 'Access token in the query: the app must send it in the Authorization header only', 'OAuthException');
    if (request.bearer === null) return graphError(400, 104, 'An access token is required to request this resource.', 'OAuthException');
    if (this.revoked.has(request.bearer)) {
      return graphError(400, 190, 'Error validating access token: The session has been invalidated because the user changed their password or Facebook has changed the session for security reasons.', 'OAuthException', 460);
    }
    if (!this.isValidToken(request.bearer)) return graphError(400, 190, 'Invalid OAuth access token - Cannot parse access token', 'OAuthException');

    const owner = insights !== null ? this.#media.get(id)?.ownerId : this.#accounts.has(id) ? id : undefined;
    if (owner === undefined) {
      return graphError(400, 100, `Unsupported get request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.`, 'GraphMethodException', 33);
    }
    const usage = this.#use(owner);
    const withUsage = (answer: FakeAnswer): FakeAnswer => ({ ...answer, headers: { ...answer.headers, 'x-business-use-case-usage': usage.header } });
    if (usage.spent) return withUsage(graphError(400, 80002, '(#80002) There have been too many calls to this Instagram account. Wait a bit and try again.', 'OAuthException'));

    if (object !== null) {
      const fields = (request.query.get('fields') ?? 'id').split(',');
      const unknown = fields.find((field) => !['id', 'username', 'followers_count', 'follows_count', 'media_count'].includes(field));
      if (unknown !== undefined) return withUsage(graphError(400, 100, `(#100) Tried accessing nonexisting field (${unknown}) on node type (IGUser)`, 'OAuthException'));
      const body: Record<string, unknown> = { id };
      if (fields.includes('followers_count')) body.followers_count = FakeInstagramInsights.followersAt(this.#accounts.get(id)!, this.clock.now());
      return withUsage({ status: 200, body });
    }

    if (request.query.has('ids')) return withUsage(graphError(400, 100, '(#100) Insights are read one media at a time', 'OAuthException'));
    if (!this.#mayRead(request.bearer)) return withUsage(graphError(403, 10, '(#10) Application does not have permission for this action', 'OAuthException'));
    const metricParam = request.query.get('metric');
    if (metricParam === null || metricParam === '') return withUsage(graphError(400, 100, '(#100) The parameter metric is required', 'OAuthException'));
    const metrics = metricParam.split(',');
    const invalid = metrics.find((metric) => !CURRENT_MEDIA_METRICS.has(metric));
    if (invalid !== undefined) {
      return withUsage(graphError(400, 100, `(#100) metric[${metrics.indexOf(invalid)}] must be one of the following values: ${[...CURRENT_MEDIA_METRICS].join(', ')}`, 'OAuthException'));
    }
    const media = this.#media.get(id)!;
    if (media.fewViewers === true) return withUsage(graphError(400, 10, '(#10) Not enough viewers for the media to show insights', 'OAuthException'));
    if (media.noDataYet === true) return withUsage({ status: 200, body: { data: [] } });
    const values = FakeInstagramInsights.metricsAt(media, this.clock.now());
    return withUsage({
      status: 200,
      body: { data: metrics.map((name) => ({ name, period: 'lifetime', values: [{ value: values[name] }], title: name, description: name, id: `${id}/insights/${name}/lifetime` })) },
    });
  }

  #use(account: string): { spent: boolean; header: string } {
    const now = this.clock.now();
    let hour = this.#usage.get(account);
    if (hour === undefined || now - hour.startedAt >= HOUR_MS) {
      hour = { startedAt: now, calls: 0 };
      this.#usage.set(account, hour);
    }
    hour.calls++;
    const percent = Math.min(100, Math.round((hour.calls / this.#callsPerHour) * 100));
    const regainMinutes = percent >= 100 ? Math.ceil((hour.startedAt + HOUR_MS - now) / 60_000) : 0;
    return {
      spent: hour.calls > this.#callsPerHour,
      header: JSON.stringify({ [account]: [{ type: 'instagram', call_count: percent, total_cputime: percent, total_time: percent, estimated_time_to_regain_access: regainMinutes }] }),
    };
  }
}
