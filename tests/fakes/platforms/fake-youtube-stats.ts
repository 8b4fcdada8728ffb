import { addDays, wallPartsAt, wallToInstantForward } from '@shared/time/zoned-time';
import { FakePublishServer, type FakeAnswer, type FakePublishServerOptions, type IncomingPublish } from './fake-publish-server';

/** A video the fake can report statistics for. */
export interface FakeYouTubeVideo {
  id: string;
  createdAt: number;
  /** The owner hides the like count: `likeCount` is left out. */
  likesHidden?: boolean;
}

export interface FakeYouTubeStatsOptions extends FakePublishServerOptions {
  /** The scopes a token was granted; default `youtube.upload youtube.readonly`. */
  scopesOf?: (token: string) => readonly string[];
  /** The project's units per day (reset at midnight Pacific Time); default YouTube's 10,000. Tests may make it smaller. */
  unitsPerDay?: number;
  /** The channel hides its subscriber count. */
  subscribersHidden?: boolean;
}

/** `videos.list` takes at most 50 ids. */
export const YOUTUBE_MAX_IDS = 50;
const SCOPE = 'https://www.googleapis.com/auth/';
const READ_SCOPES = ['youtube.readonly', 'youtube', 'youtube.force-ssl', 'youtubepartner'].map((scope) => SCOPE + scope);
const VIDEO_PARTS = new Set(['contentDetails', 'fileDetails', 'id', 'liveStreamingDetails', 'localizations', 'player', 'processingDetails', 'recordingDetails', 'snippet', 'statistics', 'status', 'suggestions', 'topicDetails']);
const CHANNEL_PARTS = new Set(['auditDetails', 'brandingSettings', 'contentDetails', 'contentOwnerDetails', 'id', 'localizations', 'snippet', 'statistics', 'status', 'topicDetails']);
const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/**
 * YouTube Data API v3 `GET /youtube/v3/videos?part=statistics&id=…` and
 * `GET /youtube/v3/channels?part=statistics&mine=true` on 127.0.0.1, strict to the contract:
 * bearer token (401 `authError` otherwise, no `access_token` in the query), a read scope
 * (`youtube.readonly` …; `youtube.upload` alone → 403 `insufficientPermissions`), `part` required
 * and known, 1–50 ids, `maxResults` refused beside `id`; each call costs 1 unit of the project's
 * daily quota, which starts again at midnight Pacific Time (403 `quotaExceeded` once spent).
 * Statistics are strings and grow with each video's age on the fake clock; a video the fake does
 * not know is left out of `items` (deleted or private), a hidden like count is left out.
 */
export class FakeYouTubeStats extends FakePublishServer {
  readonly #videos = new Map<string, FakeYouTubeVideo>();
  readonly #scopesOf: (token: string) => readonly string[];
  readonly #unitsPerDay: number;
  readonly #subscribersHidden: boolean;
  #quota = { resetAt: 0, used: 0 };
  #channelSince = 0;

  constructor(options: FakeYouTubeStatsOptions) {
    super(options);
    this.#scopesOf = options.scopesOf ?? (() => [SCOPE + 'youtube.upload', SCOPE + 'youtube.readonly']);
    this.#unitsPerDay = Math.min(options.unitsPerDay ?? 10_000, 10_000);
    this.#subscribersHidden = options.subscribersHidden ?? false;
    this.#channelSince = this.clock.now();
  }

  addVideo(video: FakeYouTubeVideo): this {
    this.#videos.set(video.id, video);
    return this;
  }

  static statisticsAt(video: FakeYouTubeVideo, now: number): Record<string, string> {
    const hours = Math.max(0, Math.floor((now - video.createdAt) / HOUR_MS));
    const views = hours * 12;
    const stats: Record<string, string> = { viewCount: String(views), likeCount: String(Math.floor(views / 15)), favoriteCount: '0', commentCount: String(Math.floor(views / 60)) };
    if (video.likesHidden === true) delete stats.likeCount;
    return stats;
  }

  /** Subscribers at `now`: 80, and 2 more each day since the fake started. */
  subscribersAt(now: number): number {
    return 80 + 2 * Math.max(0, Math.floor((now - this.#channelSince) / DAY_MS));
  }

  /** `videos.list` calls received. */
  videoReads(): ReturnType<FakePublishServer['publishRequests']> {
    return this.requests.filter((request) => request.path === '/youtube/v3/videos');
  }

  protected isPublishRoute(method: string, path: string): boolean {
    return method === 'GET' && path.startsWith('/youtube/v3/');
  }

  protected errorBody(status: number): unknown {
    return googleError(status, status >= 500 ? 'backendError' : 'badRequest', status >= 500 ? 'Backend Error' : 'Bad Request').body;
  }

  protected handle(request: IncomingPublish): FakeAnswer {
    if (request.method !== 'GET') return googleError(405, 'methodNotAllowed', 'Method Not Allowed');
    if (request.query.has('access_token')) return googleError(400, 'badRequest', 'Access token in the query: the app must send it in the Authorization header only');
    if (request.bearer === null || !this.isValidToken(request.bearer)) {
      return googleError(401, 'authError', 'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.', 'UNAUTHENTICATED');
    }
    if (!this.#scopesOf(request.bearer).some((scope) => READ_SCOPES.includes(scope))) {
      return googleError(403, 'insufficientPermissions', 'Request had insufficient authentication scopes.', 'PERMISSION_DENIED');
    }
    if (!this.#spend()) {
      return googleError(403, 'quotaExceeded', 'The request cannot be completed because you have exceeded your <a href="/youtube/v3/getting-started#quota">quota</a>.', undefined, 'youtube.quota');
    }
    const part = request.query.get('part');
    if (part === null || part === '') return googleError(400, 'required', 'No filter selected. Expected one of: chart, id, myRating', undefined, 'global', 'part');
    const parts = part.split(',');
    if (request.path === '/youtube/v3/videos') {
      const unknown = parts.find((entry) => !VIDEO_PARTS.has(entry));
      if (unknown !== undefined) return googleError(400, 'unknownPart', `'${unknown}'`, undefined, 'youtube.part', 'part');
      const idParam = request.query.get('id');
      if (idParam === null || idParam === '') return googleError(400, 'missingRequiredParameter', 'No filter selected. Expected one of: myRating, chart, id', undefined, 'youtube.parameter', 'id');
      if (request.query.has('maxResults')) return googleError(400, 'invalidParameter', 'The maxResults parameter is not supported together with id.', undefined, 'youtube.parameter', 'maxResults');
      const ids = idParam.split(',');
      if (ids.length > YOUTUBE_MAX_IDS) return googleError(400, 'invalidFilters', `The request specifies ${ids.length} video ids; at most ${YOUTUBE_MAX_IDS} are allowed.`, undefined, 'youtube.parameter', 'id');
      const now = this.clock.now();
      const items = ids.flatMap((id) => {
        const video = this.#videos.get(id);
        if (video === undefined) return [];
        const item: Record<string, unknown> = { kind: 'youtube#video', etag: `etag-${id}`, id };
        if (parts.includes('statistics')) item.statistics = FakeYouTubeStats.statisticsAt(video, now);
        return [item];
      });
      return { status: 200, body: { kind: 'youtube#videoListResponse', etag: 'list', items, pageInfo: { totalResults: items.length, resultsPerPage: items.length } } };
    }
    if (request.path === '/youtube/v3/channels') {
      const unknown = parts.find((entry) => !CHANNEL_PARTS.has(entry));
      if (unknown !== undefined) return googleError(400, 'unknownPart', `'${unknown}'`, undefined, 'youtube.part', 'part');
      if (request.query.get('mine') !== 'true') return googleError(400, 'missingRequiredParameter', 'No filter selected. Expected one of: forUsername, managedByMe, categoryId, mine, mySubscribers, id, idParam', undefined, 'youtube.parameter');
      const statistics: Record<string, unknown> = { viewCount: '1000', videoCount: String(this.#videos.size), hiddenSubscriberCount: this.#subscribersHidden };
      if (!this.#subscribersHidden) statistics.subscriberCount = String(this.subscribersAt(this.clock.now()));
      return { status: 200, body: { kind: 'youtube#channelListResponse', etag: 'channels', items: [{ kind: 'youtube#channel', etag: 'c', id: 'UCpaddingtonsourdough01', ...(parts.includes('statistics') ? { statistics } : {}) }] } };
    }
    return googleError(404, 'notFound', 'Not Found');
  }

  /** One unit of the day's quota (Pacific Time days, as Google counts them). */
  #spend(): boolean {
    const now = this.clock.now();
    if (now >= this.#quota.resetAt) {
      const zone = 'America/Los_Angeles';
      this.#quota = { resetAt: wallToInstantForward(addDays(wallPartsAt(now, zone), 1), 0, zone), used: 0 };
    }
    if (this.#quota.used >= this.#unitsPerDay) return false;
    this.#quota.used++;
    return true;
  }
}

/** Google's JSON error body: `{error:{code, message, errors:[{message, domain, reason, location?}], status}}`. */
function googleError(status: number, reason: string, message: string, statusName?: string, domain = 'global', location?: string): FakeAnswer {
  const names: Record<number, string> = { 400: 'INVALID_ARGUMENT', 401: 'UNAUTHENTICATED', 403: 'PERMISSION_DENIED', 404: 'NOT_FOUND', 405: 'METHOD_NOT_ALLOWED' };
  return {
    status,
    body: {
      error: {
        code: status,
        message,
        errors: [{ message, domain, reason, ...(location !== undefined ? { location, locationType: 'parameter' } : {}) }],
        status: statusName ?? names[status] ?? 'UNKNOWN',
      },
    },
  };
}
