import { z } from 'zod';
import { API_URLS } from '@shared/platforms/api-versions';
import { ConfigError } from '../config';

/** The relay platforms: confidential clients whose secret lives only on this server. */
export const RELAY_PLATFORMS = ['facebook', 'instagram', 'linkedin'] as const;
export type RelayPlatform = (typeof RELAY_PLATFORMS)[number];

/** One provider's confidential client. */
export interface RelayProviderConfig {
  clientId: string;
  clientSecret: string;
  tokenUrl: string;
  /** Meta: swap the short-lived user token for a ~60-day one (`grant_type=fb_exchange_token`). */
  exchangeForLongLived: boolean;
}

/** The OAuth relay's configuration; a platform without a client id and secret is not offered. */
export type OAuthRelayConfig = Partial<Record<RelayPlatform, RelayProviderConfig>>;

/** Production token endpoints (shared/platforms/api-versions.ts holds the Graph version). */
const DEFAULT_TOKEN_URLS: Record<RelayPlatform, string> = {
  facebook: API_URLS.facebook.token,
  instagram: API_URLS.facebook.token,
  linkedin: API_URLS.linkedin.token,
};

const text = z.preprocess((value) => (value === '' ? undefined : value), z.string().min(1).optional());
const url = z.preprocess((value) => (value === '' ? undefined : value), z.url({ protocol: /^https?$/ }).optional());

/**
 * Parses `OAUTH_RELAY_<PLATFORM>_CLIENT_ID`, `…_CLIENT_SECRET` and `…_TOKEN_URL` (tests point
 * the last at a local authorization server). Half a client (id without secret) is an error.
 */
export function parseOAuthRelayConfig(env: Readonly<Record<string, string | undefined>>): OAuthRelayConfig {
  const config: OAuthRelayConfig = {};
  const problems: string[] = [];
  for (const platform of RELAY_PLATFORMS) {
    const prefix = `OAUTH_RELAY_${platform.toUpperCase()}`;
    const id = text.safeParse(env[`${prefix}_CLIENT_ID`]);
    const secret = text.safeParse(env[`${prefix}_CLIENT_SECRET`]);
    const tokenUrl = url.safeParse(env[`${prefix}_TOKEN_URL`]);
    if (!tokenUrl.success) problems.push(`${prefix}_TOKEN_URL must be an http(s) URL`);
    if (!id.success || !secret.success || !tokenUrl.success) continue;
    if ((id.data === undefined) !== (secret.data === undefined)) {
      problems.push(`${prefix}_CLIENT_ID and ${prefix}_CLIENT_SECRET go together`);
      continue;
    }
    if (id.data === undefined || secret.data === undefined) continue;
    config[platform] = {
      clientId: id.data,
      clientSecret: secret.data,
      tokenUrl: tokenUrl.data ?? DEFAULT_TOKEN_URLS[platform],
      exchangeForLongLived: platform !== 'linkedin',
    };
  }
  if (problems.length > 0) throw new ConfigError(`The OAuth relay's configuration is wrong:\n  ${problems.join('\n  ')}`);
  return config;
}
