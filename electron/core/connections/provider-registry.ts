import type { Platform } from '@shared/domain/platform';
import { API_URLS } from '@shared/platforms/api-versions';
import { PROVIDERS, type OAuthStrategy, type TokenLifetimeClass } from '@shared/platforms/providers';
import type { OAuthConfig } from './oauth-config';

/** How a platform withdraws an app's access on disconnect. */
export type RevocationStyle =
  /** RFC 7009 form POST `token=…&token_type_hint=…&client_id=…` (X `/2/oauth2/revoke`). */
  | 'rfc7009'
  /** Google: POST `oauth2.googleapis.com/revoke` with `token=…`. */
  | 'google'
  /** Meta: `DELETE /me/permissions` with the user's token. */
  | 'meta-permissions'
  /** LinkedIn offers apps no revocation: the local tokens are wiped and the owner is told. */
  | 'none';

/**
 * The platform's documented limits (platform-apis.md). Request-rate limits are deliberately not
 * here: they change (X went from 200 to 100 posts per 15 minutes), so the publishing engine
 * follows what each answer's headers say (`usageHeaders`), never a constant.
 */
export interface ProviderLimits {
  /** Published posts per rolling window (Instagram: 50 per 24 h). */
  publishedPosts?: { count: number; windowMs: number };
  /** API quota units per day per project (YouTube Data API: 10,000). */
  dailyQuotaUnits?: number;
  /** Where the platform reports usage instead of a fixed number (Meta's usage headers). */
  usageHeaders?: readonly string[];
}

/** Everything the core needs to run one platform's OAuth, after configuration overrides. */
export interface ProviderDefinition {
  platform: Platform;
  strategy: OAuthStrategy;
  tokenLifetime: TokenLifetimeClass;
  authorizeUrl: string;
  /**
   * The authorization server's issuer identifier (RFC 9207, as its discovery document names it):
   * a sign-in answer that carries another `iss` is refused. Null where the provider publishes none.
   */
  issuer: string | null;
  tokenUrl: string;
  revokeUrl: string | null;
  revocation: RevocationStyle;
  /** Base of the identity/discovery API (`/2/users/me`, `/me/accounts`, …). */
  apiUrl: string;
  scopes: readonly string[];
  /** Extra query parameters the provider needs on the authorize URL. */
  extraAuthorizeParams: Readonly<Record<string, string>>;
  clientId: string | null;
  clientSecret: string | null;
  /** Whether the provider takes PKCE on this client type (LinkedIn's web flow does not document it). */
  pkce: boolean;
  /** Refresh this long before the access token runs out (X lasts 2 h, YouTube 1 h). */
  refreshAheadMs: number;
  limits: ProviderLimits;
}

type Defaults = Omit<ProviderDefinition, 'clientId' | 'clientSecret' | 'strategy' | 'tokenLifetime'>;

const FIVE_MINUTES = 5 * 60 * 1000;
const DAY = 24 * 60 * 60 * 1000;

const META_USAGE_HEADERS = ['x-app-usage', 'x-business-use-case-usage'];

/** Facebook Pages and Instagram Business both sign in through Facebook Login. */
const META_LOGIN = {
  pkce: true,
  authorizeUrl: API_URLS.facebook.authorize,
  // www.facebook.com/.well-known/openid-configuration
  issuer: 'https://www.facebook.com',
  tokenUrl: API_URLS.facebook.token,
  revokeUrl: null,
  revocation: 'meta-permissions',
  apiUrl: API_URLS.facebook.api,
  extraAuthorizeParams: {},
  refreshAheadMs: FIVE_MINUTES,
} as const satisfies Partial<Defaults>;

/** Production endpoints and scopes (platform-apis.md); every URL can be overridden by configuration. */
const DEFAULTS: Readonly<Record<Platform, Defaults>> = {
  facebook: {
    ...META_LOGIN,
    platform: 'facebook',
    // read_insights: the Results page's post insights (without it the numbers say "not available").
    scopes: ['pages_show_list', 'pages_manage_posts', 'pages_read_engagement', 'read_insights'],
    limits: { usageHeaders: META_USAGE_HEADERS },
  },
  instagram: {
    ...META_LOGIN,
    platform: 'instagram',
    scopes: ['instagram_basic', 'instagram_content_publish', 'instagram_manage_insights', 'pages_show_list', 'pages_read_engagement'],
    limits: { publishedPosts: { count: 50, windowMs: DAY }, usageHeaders: META_USAGE_HEADERS },
  },
  linkedin: {
    platform: 'linkedin',
    pkce: false,
    authorizeUrl: API_URLS.linkedin.authorize,
    // www.linkedin.com/oauth/.well-known/openid-configuration
    issuer: 'https://www.linkedin.com/oauth',
    tokenUrl: API_URLS.linkedin.token,
    revokeUrl: null,
    revocation: 'none',
    apiUrl: API_URLS.linkedin.api,
    // OpenID Connect for /v2/userinfo, w_member_social to post as the member.
    scopes: ['openid', 'profile', 'w_member_social'],
    extraAuthorizeParams: {},
    refreshAheadMs: FIVE_MINUTES,
    // LinkedIn throttles with 429 and publishes no fixed number for members.
    limits: {},
  },
  x: {
    platform: 'x',
    pkce: true,
    authorizeUrl: API_URLS.x.authorize,
    // X publishes no authorization server metadata: nothing to compare an `iss` with.
    issuer: null,
    tokenUrl: API_URLS.x.token,
    revokeUrl: API_URLS.x.revoke,
    revocation: 'rfc7009',
    apiUrl: API_URLS.x.api,
    // offline.access is what makes X issue a refresh token at all.
    scopes: ['tweet.read', 'tweet.write', 'users.read', 'offline.access'],
    extraAuthorizeParams: {},
    refreshAheadMs: FIVE_MINUTES,
    // 100 posts per 15 min per user today; the adapter reads these headers on every answer.
    limits: { usageHeaders: ['x-rate-limit-limit', 'x-rate-limit-remaining', 'x-rate-limit-reset'] },
  },
  youtube: {
    platform: 'youtube',
    pkce: true,
    authorizeUrl: API_URLS.youtube.authorize,
    // accounts.google.com/.well-known/openid-configuration
    issuer: 'https://accounts.google.com',
    tokenUrl: API_URLS.youtube.token,
    revokeUrl: API_URLS.youtube.revoke,
    revocation: 'google',
    apiUrl: API_URLS.youtube.api,
    scopes: ['https://www.googleapis.com/auth/youtube.upload', 'https://www.googleapis.com/auth/youtube.readonly'],
    // Google issues a refresh token only for offline access, and again only when consent is shown.
    extraAuthorizeParams: { access_type: 'offline', prompt: 'consent' },
    refreshAheadMs: FIVE_MINUTES,
    limits: { dailyQuotaUnits: 10_000 },
  },
};

/** The registry: one definition per platform, defaults overlaid with configuration. */
export type ProviderRegistry = Readonly<Record<Platform, ProviderDefinition>>;

export function createProviderRegistry(config: OAuthConfig): ProviderRegistry {
  const entries = (Object.keys(DEFAULTS) as Platform[]).map((platform): [Platform, ProviderDefinition] => {
    const defaults = DEFAULTS[platform];
    const overrides = config.providers[platform];
    return [
      platform,
      {
        ...defaults,
        strategy: PROVIDERS[platform].strategy,
        tokenLifetime: PROVIDERS[platform].tokenLifetime,
        authorizeUrl: overrides.authorizeUrl ?? defaults.authorizeUrl,
        // The issuer belongs to the server: pointing the sign-in page elsewhere drops the default one.
        issuer: overrides.issuer ?? (overrides.authorizeUrl === null ? defaults.issuer : null),
        tokenUrl: overrides.tokenUrl ?? defaults.tokenUrl,
        revokeUrl: overrides.revokeUrl ?? defaults.revokeUrl,
        apiUrl: (overrides.apiUrl ?? defaults.apiUrl).replace(/\/+$/, ''),
        scopes: overrides.scopes ?? defaults.scopes,
        clientId: overrides.clientId,
        clientSecret: overrides.clientSecret,
      },
    ];
  });
  return Object.fromEntries(entries) as Record<Platform, ProviderDefinition>;
}
