import { header, restliError } from './fake-linkedin-posts';
import { isLinkedInVersionActive, nonexistentVersionBody } from './linkedin-version-window';
import { FakePublishServer, type FakeAnswer, type FakePublishServerOptions, type IncomingPublish } from './fake-publish-server';

/** A LinkedIn post the fake can report numbers for. */
export interface FakeLinkedInStatsPost {
  /** `urn:li:share:…` or `urn:li:ugcPost:…`, as publishing stored it. */
  urn: string;
  /** Who posted it: `urn:li:organization:…` or `urn:li:person:…`. */
  author: string;
  createdAt: number;
}

export interface FakeLinkedInStatsOptions extends FakePublishServerOptions {
  /** The scopes a token was granted; default `openid profile w_member_social rw_organization_admin`. */
  scopesOf?: (token: string) => readonly string[];
  /** The organisations a token's member administers (ADMINISTRATOR role); default: all. */
  administers?: (token: string, organisation: string) => boolean;
  /** Calls per member per day (UTC) to each resource before 429; default 500 (LinkedIn shows the real ones only in its portal). */
  callsPerDay?: number;
}

/** The most posts the fake takes in one `List(…)` (our bound; LinkedIn documents none, docs/platform-apis.md). */
export const LINKEDIN_STATS_MAX_IDS = 20;
const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
const ORG = /^urn:li:organization:\d+$/;

/**
 * LinkedIn's Community Management reads on 127.0.0.1, strict to the versioned contract:
 * - `GET /rest/organizationalEntityShareStatistics?q=organizationalEntity&organizationalEntity=<org>
 *   &shares=List(…)` or `&ugcPosts=List(…)` (`rw_organization_admin` and ADMINISTRATOR of that
 *   organisation, 403 otherwise; a URN of the wrong kind for its parameter → 400; more than 20 → 400;
 *   posts of another organisation are left out) → `elements[]` with `totalShareStatistics`;
 * - `GET /rest/socialActions?ids=List(…)` (batch get; `r_member_social`, 403 otherwise) →
 *   `results{urn: {likesSummary, commentsSummary}}`, an unknown URN under `errors` (404);
 * - `GET /rest/networkSizes/<org>?edgeType=COMPANY_FOLLOWED_BY_COMPANY` → `firstDegreeSize`
 *   (the old `CompanyFollowedByMember` is refused).
 * Every read needs the `LinkedIn-Version` served on the fake clock's date (426 otherwise) and
 * `X-Restli-Protocol-Version: 2.0.0`; tokens in the Authorization header only (401 Rest.li bodies,
 * revoked → REVOKED_ACCESS_TOKEN); each member has a daily budget per resource, reset at midnight
 * UTC, past which 429 (no Retry-After, as LinkedIn). Numbers grow with each post's age.
 */
export class FakeLinkedInStats extends FakePublishServer {
  readonly #posts = new Map<string, FakeLinkedInStatsPost>();
  readonly #organisations = new Map<string, number>();
  readonly #scopesOf: (token: string) => readonly string[];
  readonly #administers: (token: string, organisation: string) => boolean;
  readonly #callsPerDay: number;
  readonly #days = new Map<string, { day: number; calls: number }>();

  constructor(options: FakeLinkedInStatsOptions) {
    super(options);
    this.#scopesOf = options.scopesOf ?? (() => ['openid', 'profile', 'w_member_social', 'rw_organization_admin']);
    this.#administers = options.administers ?? (() => true);
    this.#callsPerDay = options.callsPerDay ?? 500;
  }

  addPost(post: FakeLinkedInStatsPost): this {
    this.#posts.set(post.urn, post);
    if (ORG.test(post.author) && !this.#organisations.has(post.author)) this.#organisations.set(post.author, post.createdAt);
    return this;
  }

  addOrganisation(urn: string, since: number): this {
    this.#organisations.set(urn, since);
    return this;
  }

  /** An organisation's followers at `now`: 1,200, and 5 more each day. */
  static followersAt(since: number, now: number): number {
    return 1_200 + 5 * Math.max(0, Math.floor((now - since) / DAY_MS));
  }

  static statisticsAt(post: FakeLinkedInStatsPost, now: number): Record<string, number> {
    const hours = Math.max(0, Math.floor((now - post.createdAt) / HOUR_MS));
    const impressionCount = hours * 20;
    const likeCount = Math.floor(impressionCount / 25);
    const commentCount = Math.floor(impressionCount / 100);
    const shareCount = Math.floor(impressionCount / 200);
    const clickCount = Math.floor(impressionCount / 40);
    return {
      impressionCount,
      uniqueImpressionsCount: Math.floor(impressionCount * 0.6),
      clickCount,
      likeCount,
      commentCount,
      shareCount,
      engagement: impressionCount === 0 ? 0 : (likeCount + commentCount + shareCount + clickCount) / impressionCount,
    };
  }

  /** Reads of one resource (`organizationalEntityShareStatistics`, `socialActions`, `networkSizes`). */
  reads(resource: string): ReturnType<FakePublishServer['publishRequests']> {
    return this.requests.filter((request) => request.path.startsWith(`/rest/${resource}`));
  }

  protected isPublishRoute(method: string, path: string): boolean {
    return method === 'GET' && path.startsWith('/rest/');
  }

  protected errorBody(status: number): unknown {
    if (status >= 500) return restliError(status, 'INTERNAL_SERVER_ERROR', 'Internal Server Error');
    return restliError(status, 'ERROR', `HTTP ${status}`);
  }

  protected handle(request: IncomingPublish): FakeAnswer {
    if (request.method !== 'GET') return { status: 405, body: restliError(405, 'METHOD_NOT_ALLOWED', 'Method not allowed') };
    if (request.query.has('oauth2_access_token') || request.query.has('access_token')) {
      return { status: 400, body: restliError(400, 'ILLEGAL_ARGUMENT', 'Access token in the query: the app must send it in the Authorization header only') };
    }
    if (request.bearer === null || !this.isValidToken(request.bearer)) {
      return this.revoked.has(request.bearer ?? '')
        ? { status: 401, body: restliError(401, 'REVOKED_ACCESS_TOKEN', 'The token used in the request has been revoked by the user', 65601) }
        : { status: 401, body: restliError(401, 'INVALID_ACCESS_TOKEN', 'Invalid access token', 65600) };
    }
    const version = header(request, 'linkedin-version');
    if (version === null) return { status: 400, body: restliError(400, 'VERSION_MISSING', 'A version must be present. Please specify a version by adding the LinkedIn-Version header.') };
    if (!isLinkedInVersionActive(version, this.clock.now())) return { status: 426, body: nonexistentVersionBody(version) };
    if (header(request, 'x-restli-protocol-version') !== '2.0.0') {
      return { status: 400, body: restliError(400, 'ILLEGAL_ARGUMENT', 'The X-Restli-Protocol-Version header must be 2.0.0 for this resource.') };
    }
    const resource = request.path.split('/')[2] ?? '';
    if (!this.#spend(request.bearer, resource)) {
      return { status: 429, body: restliError(429, 'TOO_MANY_REQUESTS', 'Resource level throttle MEMBER DAY limit for calls to this resource is reached.', 101) };
    }
    const scopes = this.#scopesOf(request.bearer);
    const denied = (what: string): FakeAnswer => ({ status: 403, body: restliError(403, 'ACCESS_DENIED', `Not enough permissions to access: ${what}`, 100) });
    if (request.path === '/rest/organizationalEntityShareStatistics') {
      if (!scopes.includes('rw_organization_admin')) return denied('organizationalEntityShareStatistics.FINDER-organizationalEntity.20240601');
      return this.#shareStatistics(request, request.bearer);
    }
    if (request.path === '/rest/socialActions') {
      if (!scopes.includes('r_member_social')) return denied('socialActions.BATCH_GET.NO_VERSION');
      return this.#socialActions(request);
    }
    const sizes = /^\/rest\/networkSizes\/([^/]+)$/.exec(request.path);
    if (sizes !== null) {
      const urn = decodeURIComponent(sizes[1]!);
      if (request.query.get('edgeType') !== 'COMPANY_FOLLOWED_BY_COMPANY') return { status: 400, body: restliError(400, 'ILLEGAL_ARGUMENT', 'edgeType must be COMPANY_FOLLOWED_BY_COMPANY') };
      const since = this.#organisations.get(urn);
      if (since === undefined) return { status: 404, body: restliError(404, 'NOT_FOUND', `No organization ${urn}`) };
      return { status: 200, body: { firstDegreeSize: FakeLinkedInStats.followersAt(since, this.clock.now()) } };
    }
    return { status: 404, body: restliError(404, 'NOT_FOUND', 'Not Found') };
  }

  #shareStatistics(request: IncomingPublish, token: string): FakeAnswer {
    const bad = (message: string): FakeAnswer => ({ status: 400, body: restliError(400, 'ILLEGAL_ARGUMENT', message) });
    if (request.query.get('q') !== 'organizationalEntity') return bad('q must be organizationalEntity');
    const organisation = request.query.get('organizationalEntity');
    if (organisation === null || !ORG.test(organisation)) return bad('organizationalEntity must be an organization URN');
    if (!this.#administers(token, organisation)) return { status: 403, body: restliError(403, 'ACCESS_DENIED', `Not enough permissions to access: ${organisation}`, 100) };
    const shares = request.query.get('shares');
    const ugcPosts = request.query.get('ugcPosts');
    if (shares !== null && ugcPosts !== null) return bad('Only one of shares and ugcPosts may be given');
    const list = parseList(shares ?? ugcPosts);
    if (list === null) return bad(`${shares !== null ? 'shares' : 'ugcPosts'} must be List(...) of URNs`);
    if (list.length > LINKEDIN_STATS_MAX_IDS) return bad(`At most ${LINKEDIN_STATS_MAX_IDS} URNs per request`);
    const kind = shares !== null ? 'share' : 'ugcPost';
    if (list.some((urn) => !new RegExp(`^urn:li:${kind}:\\d+$`).test(urn))) return bad(`Every entry of ${kind === 'share' ? 'shares' : 'ugcPosts'} must be a urn:li:${kind}`);
    const now = this.clock.now();
    const elements = list.flatMap((urn) => {
      const post = this.#posts.get(urn);
      if (post === undefined || post.author !== organisation) return [];
      const { engagement, ...counts } = FakeLinkedInStats.statisticsAt(post, now);
      return [{ organizationalEntity: organisation, [kind]: urn, totalShareStatistics: { ...counts, engagement } }];
    });
    return { status: 200, body: { paging: { count: 10, start: 0, links: [] }, elements } };
  }

  #socialActions(request: IncomingPublish): FakeAnswer {
    const list = parseList(request.query.get('ids'));
    if (list === null) return { status: 400, body: restliError(400, 'ILLEGAL_ARGUMENT', 'ids must be List(...) of URNs') };
    if (list.length > LINKEDIN_STATS_MAX_IDS) return { status: 400, body: restliError(400, 'ILLEGAL_ARGUMENT', `At most ${LINKEDIN_STATS_MAX_IDS} URNs per request`) };
    const now = this.clock.now();
    const results: Record<string, unknown> = {};
    const statuses: Record<string, number> = {};
    const errors: Record<string, unknown> = {};
    for (const urn of list) {
      const post = this.#posts.get(urn);
      if (post === undefined) {
        statuses[urn] = 404;
        errors[urn] = { status: 404, message: `Not found: ${urn}` };
        continue;
      }
      const s = FakeLinkedInStats.statisticsAt(post, now);
      results[urn] = {
        target: urn,
        likesSummary: { totalLikes: s.likeCount, likedByCurrentUser: false, aggregatedTotalLikes: s.likeCount },
        commentsSummary: { totalFirstLevelComments: s.commentCount, aggregatedTotalComments: s.commentCount },
      };
      statuses[urn] = 200;
    }
    return { status: 200, body: { results, statuses, errors } };
  }

  #spend(token: string, resource: string): boolean {
    const day = Math.floor(this.clock.now() / DAY_MS);
    const key = `${token} ${resource}`;
    let budget = this.#days.get(key);
    if (budget === undefined || budget.day !== day) {
      budget = { day, calls: 0 };
      this.#days.set(key, budget);
    }
    budget.calls++;
    return budget.calls <= this.#callsPerDay;
  }
}

/** Rest.li 2.0 `List(a,b)` (the query already URL-decoded); null when it is not one. */
function parseList(value: string | null): string[] | null {
  if (value === null) return null;
  const match = /^List\((.*)\)$/.exec(value);
  if (match === null || match[1] === '') return null;
  return match[1]!.split(',');
}
