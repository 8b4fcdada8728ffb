import { FakePublishServer, type FakeAnswer, type FakePublishServerOptions, type IncomingPublish } from './fake-publish-server';
import { FAKE_GRAPH_VERSION, graphError } from './fake-facebook-graph';

/** A Page post the fake can report insights for. */
export interface FakeInsightsPost {
  /** `{page-id}_{post-id}`, as publishing stored it. */
  id: string;
  createdAt: number;
}

export interface FakeFacebookInsightsOptions extends FakePublishServerOptions {
  /** Whether a token may read insights (`read_insights` + `pages_read_engagement`, ANALYZE task); default: yes. */
  mayReadInsights?: (token: string) => boolean;
  /** Calls before the app's usage reaches 100% (`x-app-usage`); default 200. */
  callsPerHour?: number;
}

/** Post metrics Meta still serves (docs/platform-apis.md, "Results"). */
export const CURRENT_POST_METRICS = new Set(['post_media_view', 'post_total_media_view_unique', 'post_reactions_by_type_total', 'post_clicks', 'post_clicks_by_type', 'post_video_views', 'post_video_views_unique']);
/** Deprecated for every version in 2025: Graph answers "(#100) The value must be a valid insights metric". */
export const DEPRECATED_POST_METRICS = new Set(['post_impressions', 'post_impressions_unique', 'post_impressions_paid', 'post_impressions_paid_unique', 'post_impressions_fan', 'post_impressions_fan_unique', 'post_impressions_organic', 'post_impressions_organic_unique', 'post_impressions_viral', 'post_impressions_viral_unique', 'post_impressions_nonviral', 'post_impressions_nonviral_unique', 'post_engaged_users']);

const INSIGHTS_PATH = /^\/(v\d+\.\d+)\/([^/]+)\/insights$/;
const HOUR_MS = 3_600_000;

/**
 * Graph `GET /vNN.0/{post-id}/insights?metric=…` on 127.0.0.1, strict to the current contract:
 * only the version in force (2635 otherwise), bearer token only (104 none, 190 bad, 190/460
 * revoked, a token in the query refused), `metric` required and each one current (the 2025
 * deprecated ones, `post_impressions*`, answer code 100 "must be a valid insights metric"),
 * a token without insights permission → code 10, an unknown post → 100 "Unsupported get request",
 * `x-app-usage` on every answer and code 4 once the hour's calls are spent. Values grow with the
 * post's age on the fake clock; `post_reactions_by_type_total` is an object of reaction counts.
 */
export class FakeFacebookInsights extends FakePublishServer {
  readonly #posts = new Map<string, FakeInsightsPost>();
  readonly #mayRead: (token: string) => boolean;
  readonly #callsPerHour: number;
  #hour = { startedAt: 0, calls: 0 };

  constructor(options: FakeFacebookInsightsOptions) {
    super(options);
    this.#mayRead = options.mayReadInsights ?? (() => true);
    this.#callsPerHour = options.callsPerHour ?? 200;
  }

  get graphUrl(): string {
    return `${this.url}/${FAKE_GRAPH_VERSION}`;
  }

  addPost(post: FakeInsightsPost): this {
    this.#posts.set(post.id, post);
    return this;
  }

  protected isPublishRoute(method: string, path: string): boolean {
    return method === 'GET' && INSIGHTS_PATH.test(path);
  }

  protected errorBody(status: number): unknown {
    if (status >= 500) return graphError(status, 2, 'Service temporarily unavailable', 'OAuthException').body;
    return graphError(status, 100, 'Invalid parameter', 'OAuthException').body;
  }

  /** A Page's followers at `now`: 300, and 4 more each day since its first post. */
  static followersAt(since: number, now: number): number {
    return 300 + 4 * Math.max(0, Math.floor((now - since) / 86_400_000));
  }

  /** `GET /vNN.0/{page-id}?fields=…` (the Page node): `followers_count` for a Page one of its posts names. */
  #page(request: IncomingPublish, version: string, pageId: string): FakeAnswer {
    if (version !== FAKE_GRAPH_VERSION) return graphError(400, 2635, `(#2635) You are calling a deprecated version of the Ads API. Please update to the latest version: ${FAKE_GRAPH_VERSION}.`, 'OAuthException');
    if (request.query.has('access_token')) return graphError(400, 100, 'Access token in the query: the app must send it in the Authorization header only', 'OAuthException');
    if (request.bearer === null) return graphError(400, 104, 'An access token is required to request this resource.', 'OAuthException');
    if (this.revoked.has(request.bearer)) return graphError(400, 190, 'Error validating access token: The session has been invalidated.', 'OAuthException', 460);
    if (!this.isValidToken(request.bearer)) return graphError(400, 190, 'Invalid OAuth access token - Cannot parse access token', 'OAuthException');
    const usage = this.#use();
    const withUsage = (answer: FakeAnswer): FakeAnswer => ({ ...answer, headers: { ...answer.headers, 'x-app-usage': usage.header } });
    if (usage.spent) return withUsage(graphError(400, 4, '(#4) Application request limit reached', 'OAuthException'));
    const since = Math.min(...[...this.#posts.values()].filter((post) => post.id.startsWith(`${pageId}_`)).map((post) => post.createdAt));
    if (!Number.isFinite(since)) return withUsage(graphError(400, 100, `Unsupported get request. Object with ID '${pageId}' does not exist.`, 'GraphMethodException', 33));
    const fields = (request.query.get('fields') ?? 'id,name').split(',');
    // `fan_count` stays (Page likes); the `page_fans` insights metric is what Meta retired.
    const unknown = fields.find((field) => !['id', 'name', 'followers_count', 'fan_count'].includes(field));
    if (unknown !== undefined) return withUsage(graphError(400, 100, `(#100) Tried accessing nonexisting field (${unknown}) on node type (Page)`, 'OAuthException'));
    const body: Record<string, unknown> = { id: pageId };
    if (fields.includes('followers_count')) body.followers_count = FakeFacebookInsights.followersAt(since, this.clock.now());
    return withUsage({ status: 200, body });
  }

  protected handle(request: IncomingPublish): FakeAnswer {
    const page = /^\/(v\d+\.\d+)\/(\d+)$/.exec(request.path);
    if (page !== null && request.method === 'GET') return this.#page(request, page[1]!, page[2]!);
    const match = INSIGHTS_PATH.exec(request.path);
    if (match === null || request.method !== 'GET') return graphError(400, 100, 'Unknown path components', 'OAuthException');
    const [, version, postId] = match as unknown as [string, string, string];
    if (version !== FAKE_GRAPH_VERSION) return graphError(400, 2635, `(#2635) You are calling a deprecated version of the Ads API. Please update to the latest version: ${FAKE_GRAPH_VERSION}.`, 'OAuthException');
    if (request.query.has('access_token')) return graphError(400, 100, 'Access token in the query: the app must send it in the Authorization header only', 'OAuthException');
    if (request.bearer === null) return graphError(400, 104, 'An access token is required to request this resource.', 'OAuthException');
    if (this.revoked.has(request.bearer)) {
      return graphError(400, 190, 'Error validating access token: The session has been invalidated because the user changed their password or Facebook has changed the session for security reasons.', 'OAuthException', 460);
    }
    if (!this.isValidToken(request.bearer)) return graphError(400, 190, 'Invalid OAuth access token - Cannot parse access token', 'OAuthException');

    const usage = this.#use();
    const withUsage = (answer: FakeAnswer): FakeAnswer => ({ ...answer, headers: { ...answer.headers, 'x-app-usage': usage.header } });
    if (usage.spent) return withUsage(graphError(400, 4, '(#4) Application request limit reached', 'OAuthException'));
    if (!this.#mayRead(request.bearer)) {
      return withUsage(graphError(400, 10, '(#10) This endpoint requires the \'read_insights\' permission and the \'pages_read_engagement\' permission.', 'OAuthException'));
    }
    const post = this.#posts.get(postId);
    if (post === undefined) {
      return withUsage(graphError(400, 100, `Unsupported get request. Object with ID '${postId}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.`, 'GraphMethodException', 33));
    }
    const metricParam = request.query.get('metric');
    if (metricParam === null || metricParam === '') {
      return withUsage(graphError(400, 3001, 'No metric was specified to be fetched. Please specify one or more metrics to be fetched and try again.', 'OAuthException', 1504028));
    }
    const metrics = metricParam.split(',');
    const invalid = metrics.find((metric) => !CURRENT_POST_METRICS.has(metric));
    if (invalid !== undefined) return withUsage(graphError(400, 100, '(#100) The value must be a valid insights metric', 'OAuthException'));

    const hours = Math.max(0, Math.floor((this.clock.now() - post.createdAt) / HOUR_MS));
    const views = hours * 30;
    const values: Record<string, unknown> = {
      post_media_view: views,
      post_total_media_view_unique: Math.floor(views * 0.7),
      post_reactions_by_type_total: hours === 0 ? {} : { like: Math.floor(views / 20), love: Math.floor(views / 100) },
      post_clicks: Math.floor(views / 25),
      post_clicks_by_type: { 'other clicks': Math.floor(views / 25) },
      post_video_views: 0,
      post_video_views_unique: 0,
    };
    return withUsage({
      status: 200,
      body: {
        data: metrics.map((name) => ({ name, period: 'lifetime', values: [{ value: values[name] }], title: name, description: name, id: `${postId}/insights/${name}/lifetime` })),
        paging: { previous: `${this.graphUrl}/${postId}/insights?metric=${metricParam}&since=0`, next: `${this.graphUrl}/${postId}/insights?metric=${metricParam}&until=0` },
      },
    });
  }

  #use(): { spent: boolean; header: string } {
    const now = this.clock.now();
    if (now - this.#hour.startedAt >= HOUR_MS) this.#hour = { startedAt: now, calls: 0 };
    this.#hour.calls++;
    const percent = Math.min(100, Math.round((this.#hour.calls / this.#callsPerHour) * 100));
    return { spent: this.#hour.calls > this.#callsPerHour, header: JSON.stringify({ call_count: percent, total_cputime: Math.min(100, percent), total_time: Math.min(100, percent) }) };
  }
}
