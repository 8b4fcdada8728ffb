import { z } from 'zod';
import { PLATFORMS, type Platform } from '@shared/domain/platform';
import { applyDevOverridePolicy, type DevOverridePolicy } from '../config/dev-overrides';
import { serviceUrlSchema } from '../config/service-url-schema';

// Endpoints receive codes, verifiers and tokens: https, or plain http only on this computer.
const url = serviceUrlSchema;
const optionalText = z
  .string()
  .optional()
  .transform((value) => (value === undefined || value.trim() === '' ? null : value.trim()));

/** Per-platform overrides, e.g. `AGENCYIQ_OAUTH_X_TOKEN_URL`. */
const ENDPOINT_KEYS = ['AUTHORIZE_URL', 'TOKEN_URL', 'REVOKE_URL', 'API_URL', 'ISSUER'] as const;
type EndpointKey = (typeof ENDPOINT_KEYS)[number];

/** What configuration may say about one platform. */
export interface ProviderConfig {
  authorizeUrl: string | null;
  tokenUrl: string | null;
  revokeUrl: string | null;
  apiUrl: string | null;
  /** The authorization server's RFC 9207 issuer identifier, for a server the endpoints were pointed at. */
  issuer: string | null;
  clientId: string | null;
  /** Only Google's "Desktop app" clients have one, and Google documents it as not confidential. */
  clientSecret: string | null;
  /** Replaces the default scopes (space-separated), e.g. LinkedIn organisation scopes once approved. */
  scopes: string[] | null;
}

/** The OAuth domain's configuration, parsed from the env the host passes to openCore. */
export interface OAuthConfig {
  providers: Record<Platform, ProviderConfig>;
  /** How long the app waits for the browser to come back. */
  flowTimeoutMs: number;
}

const DEFAULT_FLOW_TIMEOUT_MS = 10 * 60 * 1000;

function envKey(platform: Platform, key: EndpointKey | 'CLIENT_ID' | 'CLIENT_SECRET' | 'SCOPES'): string {
  return `AGENCYIQ_OAUTH_${platform.toUpperCase()}_${key}`;
}

/**
 * Parses `AGENCYIQ_OAUTH_<PLATFORM>_{AUTHORIZE,TOKEN,REVOKE,API}_URL`, `…_ISSUER`, `…_CLIENT_ID`, `…_SCOPES`,
 * `…_CLIENT_SECRET` and `AGENCYIQ_OAUTH_FLOW_TIMEOUT_MS`. (The relay's server is the licence
 * server; its URL belongs to the licence domain and arrives with the device session.)
 * Unset keys keep the production defaults of the provider registry; a key that is set but
 * malformed is a startup error (a typo must not silently send tokens somewhere else). A packaged
 * app ignores the endpoint overrides (`policy`, config/dev-overrides.ts): they would send the
 * owner's codes and tokens wherever the environment says.
 */
export function parseOAuthConfig(env: Readonly<Record<string, string | undefined>>, policy: DevOverridePolicy): OAuthConfig {
  const shape: Record<string, z.ZodType> = {
    AGENCYIQ_OAUTH_FLOW_TIMEOUT_MS: z.coerce.number().int().min(1000).max(60 * 60 * 1000).default(DEFAULT_FLOW_TIMEOUT_MS),
  };
  for (const platform of PLATFORMS) {
    for (const key of ENDPOINT_KEYS) shape[envKey(platform, key)] = url.optional();
    shape[envKey(platform, 'CLIENT_ID')] = optionalText;
    shape[envKey(platform, 'CLIENT_SECRET')] = optionalText;
    shape[envKey(platform, 'SCOPES')] = optionalText;
  }
  const parsed = z.object(shape).safeParse(applyDevOverridePolicy(env, policy));
  if (!parsed.success) {
    const keys = parsed.error.issues.map((issue) => issue.path.join('.')).join(', ');
    throw new Error(`The OAuth configuration is invalid: ${keys}`);
  }
  const values = parsed.data as Record<string, unknown>;
  const read = (key: string) => (values[key] as string | null | undefined) ?? null;
  const providers = Object.fromEntries(
    PLATFORMS.map((platform) => [
      platform,
      {
        authorizeUrl: read(envKey(platform, 'AUTHORIZE_URL')),
        tokenUrl: read(envKey(platform, 'TOKEN_URL')),
        revokeUrl: read(envKey(platform, 'REVOKE_URL')),
        apiUrl: read(envKey(platform, 'API_URL')),
        issuer: read(envKey(platform, 'ISSUER')),
        clientId: read(envKey(platform, 'CLIENT_ID')),
        clientSecret: read(envKey(platform, 'CLIENT_SECRET')),
        scopes: read(envKey(platform, 'SCOPES'))?.split(/\s+/) ?? null,
      },
    ]),
  ) as Record<Platform, ProviderConfig>;
  return {
    providers,
    flowTimeoutMs: values.AGENCYIQ_OAUTH_FLOW_TIMEOUT_MS as number,
  };
}
