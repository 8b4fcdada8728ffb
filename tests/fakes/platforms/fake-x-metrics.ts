import { FakePublishServer, type FakeAnswer, type FakePublishServerOptions, type IncomingPublish } from './fake-publish-server';

/** A post the fake can report numbers for. */
export interface FakeXMetricsPost {
  id: string;
  /** When it was posted (fake clock, ms): its numbers grow from then on. */
  createdAt: number;
}

export interface FakeXMetricsOptions extends FakePublishServerOptions {
  /** Which user a token belongs to (windows are per user); default: the token itself. */
  userOf?: (token: string) => string;
  /** The scopes a token was granted; default: `tweet.read users.read`. */
  scopesOf?: (token: string) => readonly string[];
  /** Requests per user per 15 minutes; default X's documented `X_LOOKUP_LIMIT`. Tests may make it smaller, never larger. */
  limitPerWindow?: number;
}

/** X's documented limit for `GET /2/tweets` (Post lookup by ids): 5,000 requests per 15 minutes per user. */
export const X_LOOKUP_LIMIT = 5_000;
const WINDOW_MS = 15 * 60 * 1000;
/** X's documented maximum of ids in one `GET /2/tweets`. */
export const X_LOOKUP_MAX_IDS = 100;
/** X's documented limit for `GET /2/users/me`: 75 requests per 15 minutes per user. */
export const X_ME_LIMIT = 75;
const KNOWN_USER_FIELDS = new Set(['affiliation', 'connection_status', 'created_at', 'description', 'entities', 'id', 'location', 'most_recent_tweet_id', 'name', 'pinned_tweet_id', 'profile_banner_url', 'profile_image_url', 'protected', 'public_metrics', 'receives_your_dm', 'subscription_type', 'url', 'username', 'verified', 'verified_type', 'withheld']);
const KNOWN_TWEET_FIELDS = new Set(['attachments', 'author_id', 'context_annotations', 'conversation_id', 'created_at', 'edit_controls', 'entities', 'geo', 'id', 'in_reply_to_user_id', 'lang', 'non_public_metrics', 'organic_metrics', 'possibly_sensitive', 'promoted_metrics', 'public_metrics', 'referenced_tweets', 'reply_settings', 'source', 'text', 'withheld', 'note_tweet']);

/**
 * X API v2 `GET /2/tweets?ids=…&tweet.fields=public_metrics` on 127.0.0.1, strict to the
 * documented contract: bearer token (401 otherwise), 1–100 numeric ids (400 invalid-request
 * otherwise), only known `tweet.fields`, a token without `tweet.read` → 403, unknown or deleted
 * ids reported in `errors` beside the found ones in `data`, `x-rate-limit-*` headers on every
 * answer and 429 past the window (on the injected clock). The numbers of each post grow with the
 * fake clock, so two collections at different times see different numbers.
 */
export class FakeXMetrics extends FakePublishServer {
  readonly #posts = new Map<string, FakeXMetricsPost>();
  readonly #userOf: (token: string) => string;
  readonly #scopesOf: (token: string) => readonly string[];
  readonly #limit: number;
  readonly #windows = new Map<string, { resetAt: number; used: number }>();
  readonly #startedAt: number;

  constructor(options: FakeXMetricsOptions) {
    super(options);
    this.#userOf = options.userOf ?? ((token) => token);
    this.#scopesOf = options.scopesOf ?? (() => ['tweet.read', 'users.read']);
    this.#limit = Math.min(options.limitPerWindow ?? X_LOOKUP_LIMIT, X_LOOKUP_LIMIT);
    this.#startedAt = this.clock.now();
  }

  addPost(post: FakeXMetricsPost): this {
    this.#posts.set(post.id, post);
    return this;
  }

  /** The numbers X reports for a post at `now`: they grow with the post's age. */
  static metricsAt(post: FakeXMetricsPost, now: number): Record<string, number> {
    const hours = Math.max(0, Math.floor((now - post.createdAt) / 3_600_000));
    const seed = Number(BigInt(post.id) % 7n) + 1;
    const impressions = hours * 40 * seed;
    return {
      retweet_count: Math.floor(impressions / 200),
      reply_count: Math.floor(impressions / 400),
      like_count: Math.floor(impressions / 50),
      quote_count: Math.floor(impressions / 1000),
      bookmark_count: Math.floor(impressions / 500),
      impression_count: impressions,
    };
  }

  /** The lookups the fake received (path `/2/tweets`, method GET). */
  lookups(): ReturnType<FakePublishServer['publishRequests']> {
    return this.requests.filter((request) => request.method === 'GET' && request.path === '/2/tweets');
  }

  protected isPublishRoute(method: string, path: string): boolean {
    return method === 'GET' && path === '/2/tweets';
  }

  protected errorBody(status: number): unknown {
    return { title: status >= 500 ? 'Internal Server Error' : 'Error', detail: `HTTP ${status}`, type: 'about:blank', status };
  }

  protected handle(request: IncomingPublish): FakeAnswer {
    if (request.path === '/2/users/me') return this.#me(request);
    if (request.path !== '/2/tweets') return { status: 404, body: { title: 'Not Found Error', detail: 'Not Found', type: 'about:blank', status: 404 } };
    if (request.method !== 'GET') return { status: 405, body: { title: 'Method Not Allowed', detail: 'Method Not Allowed', type: 'about:blank', status: 405 } };
    if (request.bearer === null || !this.isValidToken(request.bearer) || request.query.has('access_token')) {
      return { status: 401, body: { title: 'Unauthorized', type: 'about:blank', status: 401, detail: 'Unauthorized' } };
    }
    const window = this.#window(this.#userOf(request.bearer));
    if (window.used >= this.#limit) return { status: 429, headers: this.#headers(window), body: { title: 'Too Many Requests', detail: 'Too Many Requests', type: 'about:blank', status: 429 } };
    window.used++;
    const headers = this.#headers(window);
    if (!this.#scopesOf(request.bearer).includes('tweet.read')) {
      return { status: 403, headers, body: { title: 'Forbidden', type: 'about:blank', status: 403, detail: 'Forbidden' } };
    }
    const idsParam = request.query.get('ids');
    if (idsParam === null || idsParam === '') return { status: 400, headers, body: invalid('The `ids` query parameter can not be empty') };
    const ids = idsParam.split(',');
    if (ids.length > X_LOOKUP_MAX_IDS) {
      return { status: 400, headers, body: invalid(`The number of values in the \`ids\` query parameter list [${ids.length}] is not between 1 and ${X_LOOKUP_MAX_IDS}`) };
    }
    const bad = ids.find((id) => !/^[0-9]{1,19}$/.test(id));
    if (bad !== undefined) return { status: 400, headers, body: invalid(`The \`ids\` query parameter value [${bad}] does not match ^[0-9]{1,19}$`) };
    const fields = (request.query.get('tweet.fields') ?? '').split(',').filter((field) => field !== '');
    const unknown = fields.find((field) => !KNOWN_TWEET_FIELDS.has(field));
    if (unknown !== undefined) return { status: 400, headers, body: invalid(`The \`tweet.fields\` query parameter value [${unknown}] is not one of [${[...KNOWN_TWEET_FIELDS].join(',')}]`) };

    const now = this.clock.now();
    const data: unknown[] = [];
    const errors: unknown[] = [];
    for (const id of ids) {
      const post = this.#posts.get(id);
      if (post === undefined) {
        errors.push({ value: id, detail: `Could not find tweet with ids: [${id}].`, title: 'Not Found Error', resource_type: 'tweet', parameter: 'ids', resource_id: id, type: 'https://api.twitter.com/2/problems/resource-not-found' });
        continue;
      }
      const entry: Record<string, unknown> = { id, text: `post ${id}`, edit_history_tweet_ids: [id] };
      if (fields.includes('public_metrics')) entry.public_metrics = FakeXMetrics.metricsAt(post, now);
      data.push(entry);
    }
    const body: Record<string, unknown> = {};
    if (data.length > 0) body.data = data;
    if (errors.length > 0) body.errors = errors;
    return { status: 200, headers, body };
  }

  /**
   * `GET /2/users/me?user.fields=public_metrics` (`users.read`; 75 per 15 minutes per user, its own
   * window): the account's `followers_count`, 250 and 1 more per day since the fake started.
   */
  #me(request: IncomingPublish): FakeAnswer {
    if (request.method !== 'GET') return { status: 405, body: { title: 'Method Not Allowed', detail: 'Method Not Allowed', type: 'about:blank', status: 405 } };
    if (request.bearer === null || !this.isValidToken(request.bearer) || request.query.has('access_token')) {
      return { status: 401, body: { title: 'Unauthorized', type: 'about:blank', status: 401, detail: 'Unauthorized' } };
    }
    const user = this.#userOf(request.bearer);
    const window = this.#window(`${user} users/me`);
    if (window.used >= X_ME_LIMIT) return { status: 429, headers: this.#headers(window, X_ME_LIMIT), body: { title: 'Too Many Requests', detail: 'Too Many Requests', type: 'about:blank', status: 429 } };
    window.used++;
    const headers = this.#headers(window, X_ME_LIMIT);
    if (!this.#scopesOf(request.bearer).includes('users.read')) return { status: 403, headers, body: { title: 'Forbidden', type: 'about:blank', status: 403, detail: 'Forbidden' } };
    const fields = (request.query.get('user.fields') ?? '').split(',').filter((field) => field !== '');
    const unknown = fields.find((field) => !KNOWN_USER_FIELDS.has(field));
    if (unknown !== undefined) return { status: 400, headers, body: invalid(`The \`user.fields\` query parameter value [${unknown}] is not one of [${[...KNOWN_USER_FIELDS].join(',')}]`) };
    const data: Record<string, unknown> = { id: user, name: 'Paddington Sourdough', username: 'paddingtonsourdough' };
    if (fields.includes('public_metrics')) data.public_metrics = { followers_count: 250 + Math.floor((this.clock.now() - this.#startedAt) / 86_400_000), following_count: 40, tweet_count: this.#posts.size, listed_count: 1, like_count: 3 };
    return { status: 200, headers, body: { data } };
  }

  #window(user: string): { resetAt: number; used: number } {
    const now = this.clock.now();
    let window = this.#windows.get(user);
    if (window === undefined || now >= window.resetAt) {
      window = { resetAt: now + WINDOW_MS, used: 0 };
      this.#windows.set(user, window);
    }
    return window;
  }

  #headers(window: { resetAt: number; used: number }, limit = this.#limit): Record<string, string> {
    return {
      'x-rate-limit-limit': String(limit),
      'x-rate-limit-remaining': String(Math.max(0, limit - window.used)),
      'x-rate-limit-reset': String(Math.ceil(window.resetAt / 1000)),
    };
  }
}

function invalid(message: string): unknown {
  return {
    errors: [{ parameters: {}, message }],
    title: 'Invalid Request',
    detail: 'One or more parameters to your request was invalid.',
    type: 'https://api.twitter.com/2/problems/invalid-request',
  };
}
