/**
 * Every remote API version and production base URL the app uses, in ONE place. The adapters
 * (electron/core/platforms), discovery (electron/core/connections/discovery), the OAuth provider
 * registry, the licence server's OAuth relay and the test fakes all read these constants; no
 * other file may pin a version or a platform host.
 *
 * Each version carries the dates its provider documents, so `tests/unit/api-versions.test.ts`
 * fails while there are still 90 days to move to a newer one (the app stops posting on the
 * sunset date). Sources, checked 2026-12 (docs/platform-apis.md):
 * - Meta: "Graph API changelog — versions" (developers.facebook.com/docs/graph-api/changelog/versions).
 * - LinkedIn: "Versioning" and "Migrations" (learn.microsoft.com/linkedin/marketing/versioning):
 *   monthly versions, each supported at least one year; sunsets fall mid-month a year after release.
 * - X: API v2 is not versioned by date; the path carries `/2/`.
 */

/** One dated API version: `released` and `sunset` are ISO dates (UTC), `sunset` null while the provider has not set it. */
export interface DatedApiVersion {
  readonly version: string;
  readonly released: string;
  /** The first day it no longer answers; null when the provider has not announced one yet. */
  readonly sunset: string | null;
  /** Where the dates come from, and what is estimated. */
  readonly source: string;
}

/** Meta Graph API versions with Meta's documented dates (newest first). */
export const GRAPH_API_VERSIONS: readonly DatedApiVersion[] = [
  { version: 'v26.0', released: '2026-07-29', sunset: null, source: 'Graph API changelog: v26.0 released 2026-07-29, available until "TBD"' },
  { version: 'v25.0', released: '2026-02-18', sunset: '2028-07-29', source: 'Graph API changelog' },
  { version: 'v24.0', released: '2025-10-08', sunset: '2028-02-18', source: 'Graph API changelog' },
  { version: 'v23.0', released: '2025-05-29', sunset: '2027-10-08', source: 'Graph API changelog' },
];

/**
 * The Graph version in force. Meta keeps a version about two years; v26.0 has no date yet, so
 * the sunset test uses two years after release (2028-07-29) as the earliest likely one.
 */
export const GRAPH_API: DatedApiVersion = {
  version: 'v26.0',
  released: '2026-07-29',
  sunset: '2028-07-29',
  source: 'Graph API changelog: v26.0 released 2026-07-29, sunset "TBD"; two years after release assumed (v25.0 was given the same)',
};

/**
 * The `LinkedIn-Version` header in force (YYYYMM). LinkedIn releases a version each month and
 * sunsets it about a year later, mid-month (202508 on 2026-08-17, 202510 on 2026-10-15); 202608
 * is the newest version found. Its sunset is not published yet: mid-August 2027 by the pattern.
 */
export const LINKEDIN_API: DatedApiVersion = {
  version: '202608',
  released: '2026-08-01',
  sunset: '2027-08-15',
  source: 'LinkedIn Versioning/Migrations pages: monthly versions supported >= 1 year, sunset mid-month a year later (estimated)',
};

/** Rest.li protocol version LinkedIn's versioned REST API requires next to `LinkedIn-Version`. */
export const LINKEDIN_RESTLI_PROTOCOL_VERSION = '2.0.0';

/** The versions the app sends today: the sunset test checks each of these. */
export const API_VERSIONS_IN_FORCE = { facebook: GRAPH_API, linkedin: LINKEDIN_API } as const;

/** Meta Graph API: the versioned base every Graph call (publish, discovery, OAuth token) goes to. */
export const GRAPH_BASE_URL = `https://graph.facebook.com/${GRAPH_API.version}`;

/** Production endpoints, by provider. Overrides (env) exist only for tests and the sandbox. */
export const API_URLS = {
  facebook: {
    authorize: `https://www.facebook.com/${GRAPH_API.version}/dialog/oauth`,
    token: `${GRAPH_BASE_URL}/oauth/access_token`,
    /** Graph API base, version included: publishing and discovery. */
    api: GRAPH_BASE_URL,
    /** Video uploads: Meta's Video API sends `/{page-id}/videos` to this host, same version. */
    video: `https://graph-video.facebook.com/${GRAPH_API.version}`,
  },
  instagram: {
    /** Instagram's Content Publishing API is the Graph API (Facebook Login for Business). */
    api: GRAPH_BASE_URL,
    /** Video bytes for resumable containers: `POST {upload}/ig-api-upload/{container-id}`. */
    upload: 'https://rupload.facebook.com',
  },
  linkedin: {
    authorize: 'https://www.linkedin.com/oauth/v2/authorization',
    token: 'https://www.linkedin.com/oauth/v2/accessToken',
    /** `/v2/userinfo` (OpenID) and the versioned `/rest/…` API. */
    api: 'https://api.linkedin.com',
  },
  x: {
    authorize: 'https://x.com/i/oauth2/authorize',
    token: 'https://api.x.com/2/oauth2/token',
    revoke: 'https://api.x.com/2/oauth2/revoke',
    /** X API v2 (`/2/tweets`, `/2/users/me`). */
    api: 'https://api.x.com',
  },
  youtube: {
    authorize: 'https://accounts.google.com/o/oauth2/v2/auth',
    token: 'https://oauth2.googleapis.com/token',
    revoke: 'https://oauth2.googleapis.com/revoke',
    api: 'https://www.googleapis.com',
  },
} as const;

const DAY_MS = 24 * 60 * 60 * 1000;

/** Whole days from `now` to the version's sunset; null when no sunset is known. */
export function daysUntilSunset(version: DatedApiVersion, now: number): number | null {
  if (version.sunset === null) return null;
  return Math.floor((Date.parse(`${version.sunset}T00:00:00Z`) - now) / DAY_MS);
}
