import { xWeightedLength } from '@shared/platforms/x-weighted-length';
import { FakePublishServer, mediaType, parseJson, postPage, type FakeAnswer, type FakePublishServerOptions, type IncomingPublish } from './fake-publish-server';
import { FakeXMediaApi, X_MAX_SEGMENT_BYTES, type FakeXMediaOptions } from './fake-x-media';

/** A post the fake X API created. */
export interface FakeXPost {
  id: string;
  user: string;
  text: string;
  /** The media the post carries (ids from the fake's media upload), in order. */
  mediaIds: string[];
}

export interface FakeXApiOptions extends FakePublishServerOptions, FakeXMediaOptions {
  /** Which user a token belongs to (limits and duplicates are per user); default: the token itself. */
  userOf?: (token: string) => string;
  /** Requests per user per window; default X's documented `X_POST_LIMIT`. Tests may make it smaller, never larger. */
  limitPerWindow?: number;
  /** Requests per user per 24 hours; default `X_POST_DAILY_USER_LIMIT`. Tests may make it smaller, never larger. */
  dailyLimitPerUser?: number;
  /** Requests of the whole app per 24 hours; default `X_POST_DAILY_APP_LIMIT`. Tests may make it smaller, never larger. */
  dailyLimitPerApp?: number;
}

/** X's documented posting limit: `POST /2/tweets` 100 requests per 15-minute window per user (older pages said 200). */
export const X_POST_LIMIT = 100;
export const X_WINDOW_MS = 15 * 60 * 1000;
/** X's 24-hour limits of `POST /2/tweets` besides the 15-minute one: per account (X's 2,400 posts a day) and per app (10,000). */
export const X_POST_DAILY_USER_LIMIT = 2_400;
export const X_POST_DAILY_APP_LIMIT = 10_000;
export const X_DAY_MS = 24 * 60 * 60 * 1000;
const MAX_WEIGHTED_LENGTH = 280;

interface Window {
  resetAt: number;
  used: number;
}

/**
 * X API v2 `POST /2/tweets` on 127.0.0.1, strict to the documented contract: bearer token
 * (401 problem body otherwise), JSON `{text}` (400 invalid-request bodies), text over 280
 * weighted units (URLs count 23; `shared/platforms/x-weighted-length.ts`) → 403, the same user
 * posting the same text again → 403 "duplicate content", 100 requests per 15 minutes per user
 * with `x-rate-limit-limit/remaining/reset` on every answer and 429 past the limit (windows run
 * on the injected clock), and the 24-hour limits the same way (per user and per app, with
 * `x-user-limit-24hour-*` and `x-app-limit-24hour-*` on every answer; a spent one answers 429
 * until its reset whatever the 15-minute window says), 201 `{data:{id,text}}` on success.
 */
export class FakeXApi extends FakePublishServer {
  readonly posts: FakeXPost[] = [];
  /** The media upload endpoints (fake-x-media.ts). */
  readonly media: FakeXMediaApi;
  readonly #userOf: (token: string) => string;
  readonly #limit: number;
  readonly #windows = new Map<string, Window>();
  readonly #dailyUserLimit: number;
  readonly #dailyAppLimit: number;
  readonly #userDays = new Map<string, Window>();
  #appDay: Window | null = null;
  readonly #texts = new Set<string>();
  #nextId = 1_860_000_000_000_000_001n;

  constructor(options: FakeXApiOptions) {
    // An APPEND carries a segment of up to 5 MB plus its multipart framing.
    super({ maxBodyBytes: X_MAX_SEGMENT_BYTES + 64 * 1024, ...options });
    this.media = new FakeXMediaApi(this.clock, options);
    this.#userOf = options.userOf ?? ((token) => token);
    this.#limit = Math.min(options.limitPerWindow ?? X_POST_LIMIT, X_POST_LIMIT);
    this.#dailyUserLimit = Math.min(options.dailyLimitPerUser ?? X_POST_DAILY_USER_LIMIT, X_POST_DAILY_USER_LIMIT);
    this.#dailyAppLimit = Math.min(options.dailyLimitPerApp ?? X_POST_DAILY_APP_LIMIT, X_POST_DAILY_APP_LIMIT);
  }

  /**
   * The user's 24-hour limit is already spent until `resetAt` (ms; the owner posted from another
   * app): every publish of that user gets 429 naming it until then, as X answers.
   */
  spendUserDay(user: string, resetAt: number): this {
    this.#userDays.set(user, { resetAt, used: this.#dailyUserLimit });
    return this;
  }

  /**
   * The next publish finds its user's window spent until `resetAt` (ms): it gets 429, and so
   * does every later one of that user before `resetAt` on the fake's clock.
   */
  rateLimitNext(resetAt: number): this {
    this.queueCustom((request) => {
      const user = this.#userOf(request.bearer ?? '');
      this.#windows.set(user, { resetAt, used: this.#limit });
      return this.#limited(user, { resetAt, used: this.#limit });
    });
    return this;
  }

  protected isPublishRoute(method: string, path: string): boolean {
    return method === 'POST' && path === '/2/tweets';
  }

  /** Scripted faults may also target the media routes: `failNext(answer, 'x.append')`, `resetNext({route: 'x.finalize'})`. */
  protected override routeOf(method: string, path: string): string | null {
    return FakeXMediaApi.routeOf(method, path, new URLSearchParams()) ?? (method === 'GET' && path === '/2/media/upload' ? 'x.status' : super.routeOf(method, path));
  }

  protected errorBody(status: number): unknown {
    if (status === 503) return { title: 'Service Unavailable', detail: 'Service Unavailable', type: 'about:blank', status };
    if (status >= 500) return { title: 'Internal Server Error', detail: 'Internal Server Error', type: 'about:blank', status };
    return { title: 'Error', detail: `HTTP ${status}`, type: 'about:blank', status };
  }

  protected handle(request: IncomingPublish): FakeAnswer {
    // x.com's page for a post, where the app's "View on X" link leads (see postPage).
    const page = /^\/i\/web\/status\/(\d+)$/.exec(request.path);
    if (request.method === 'GET' && page) return postPage('X', this.posts.find((post) => post.id === page[1]) ?? null);
    if (request.path.startsWith('/2/media/')) {
      if (request.bearer === null || !this.isValidToken(request.bearer)) return { status: 401, body: { title: 'Unauthorized', type: 'about:blank', status: 401, detail: 'Unauthorized' } };
      const answer = this.media.handle(request, this.#userOf(request.bearer));
      if (answer !== null) return answer;
    }
    if (request.path !== '/2/tweets') return { status: 404, body: { title: 'Not Found Error', detail: 'Not Found', type: 'https://api.twitter.com/2/problems/resource-not-found', status: 404 } };
    if (request.method !== 'POST') return { status: 405, body: { title: 'Method Not Allowed', detail: 'Method Not Allowed', type: 'about:blank', status: 405 } };
    if (request.bearer === null || !this.isValidToken(request.bearer) || request.query.has('access_token')) {
      return { status: 401, body: { title: 'Unauthorized', type: 'about:blank', status: 401, detail: 'Unauthorized' } };
    }
    const user = this.#userOf(request.bearer);
    const window = this.#window(user);
    const days = this.#days(user);
    if (window !== null && (window.used >= this.#limit || days!.user.used >= this.#dailyUserLimit || days!.app.used >= this.#dailyAppLimit)) return this.#limited(user, window);
    if (window !== null) {
      window.used++;
      days!.user.used++;
      days!.app.used++;
    }
    const limitHeaders = window === null ? {} : this.#rateHeaders(user, window);

    if (mediaType(request.headers) !== 'application/json') {
      return { status: 400, headers: limitHeaders, body: invalidRequest('Requests with bodies must have content-type of application/json.') };
    }
    const json = parseJson(request.body);
    if (typeof json !== 'object' || json === null || Array.isArray(json)) return { status: 400, headers: limitHeaders, body: invalidRequest('Request body is not valid JSON.') };
    const fields = json as Record<string, unknown>;
    const text = fields.text ?? (fields.media !== undefined ? '' : undefined);
    let mediaIds: string[] = [];
    if (fields.media !== undefined) {
      const ids = typeof fields.media === 'object' && fields.media !== null ? (fields.media as Record<string, unknown>).media_ids : undefined;
      const refusal = this.media.refusal(ids, user);
      if (refusal !== null) {
        this.media.refusedPosts.push(refusal);
        return { status: 400, headers: limitHeaders, body: invalidRequest(refusal) };
      }
      mediaIds = ids as string[];
    }
    if (typeof text !== 'string' || (text === '' && mediaIds.length === 0)) {
      return { status: 400, headers: limitHeaders, body: invalidRequest('The `text` field must be a non-empty string when no media is attached.') };
    }
    if (xWeightedLength(text) > MAX_WEIGHTED_LENGTH) {
      return {
        status: 403,
        headers: limitHeaders,
        body: {
          detail: 'Your Tweet text is too long. For more information on how Twitter determines text length see https://github.com/twitter/twitter-text.',
          type: 'about:blank',
          title: 'Forbidden',
          status: 403,
        },
      };
    }
    const key = `${user}\n${text}`;
    if (!this.instant && text !== '' && this.#texts.has(key)) {
      return {
        status: 403,
        headers: limitHeaders,
        body: { detail: 'You are not allowed to create a Tweet with duplicate content.', type: 'about:blank', title: 'Forbidden', status: 403 },
      };
    }
    const id = String(this.#nextId++);
    if (!this.instant) {
      this.#texts.add(key);
      this.posts.push({ id, user, text, mediaIds });
    }
    return { status: 201, headers: limitHeaders, body: { data: { id, text, edit_history_tweet_ids: [id] } } };
  }

  /** The user's current window (a new one when the last has passed); null in instant mode. */
  #window(user: string): Window | null {
    if (this.instant) return null;
    const now = this.clock.now();
    let window = this.#windows.get(user);
    if (window === undefined || now >= window.resetAt) {
      window = { resetAt: now + X_WINDOW_MS, used: 0 };
      this.#windows.set(user, window);
    }
    return window;
  }

  /** The user's and the app's current 24-hour windows (new ones once the last have passed); null in instant mode. */
  #days(user: string): { user: Window; app: Window } | null {
    if (this.instant) return null;
    const now = this.clock.now();
    let day = this.#userDays.get(user);
    if (day === undefined || now >= day.resetAt) {
      day = { resetAt: now + X_DAY_MS, used: 0 };
      this.#userDays.set(user, day);
    }
    if (this.#appDay === null || now >= this.#appDay.resetAt) this.#appDay = { resetAt: now + X_DAY_MS, used: 0 };
    return { user: day, app: this.#appDay };
  }

  #rateHeaders(user: string, window: Window): Record<string, string> {
    const days = this.#days(user);
    const figures = (prefix: string, limit: number, w: Window) => ({
      [`${prefix}-limit`]: String(limit),
      [`${prefix}-remaining`]: String(Math.max(0, limit - w.used)),
      [`${prefix}-reset`]: String(Math.ceil(w.resetAt / 1000)),
    });
    return {
      ...figures('x-rate-limit', this.#limit, window),
      ...(days === null ? {} : { ...figures('x-user-limit-24hour', this.#dailyUserLimit, days.user), ...figures('x-app-limit-24hour', this.#dailyAppLimit, days.app) }),
    };
  }

  #limited(user: string, window: Window): FakeAnswer {
    return { status: 429, headers: this.#rateHeaders(user, window), body: { title: 'Too Many Requests', detail: 'Too Many Requests', type: 'about:blank', status: 429 } };
  }
}


export function invalidRequest(message: string): unknown {
  return {
    errors: [{ parameters: {}, message }],
    title: 'Invalid Request',
    detail: 'One or more parameters to your request was invalid.',
    type: 'https://api.twitter.com/2/problems/invalid-request',
  };
}
