import type { Logger } from '../ports/logger';

/**
 * Environment variables that decide where the app sends its licence key, its OAuth codes and
 * tokens, or its posts, or which key its leases must be signed with. Tests and development point
 * them at local servers; in a shipped app they would let anyone who can set the app's environment
 * read its tokens or mint its leases, so the packaged app ignores them.
 */
const DEV_OVERRIDE_KEY =
  /^AGENCYIQ_(?:LICENCE_SERVER_URL|LICENCE_PUBLIC_KEY|OAUTH_[A-Z]+_(?:(?:AUTHORIZE|TOKEN|REVOKE|API)_URL|ISSUER)|PUBLISH_[A-Z]+(?:_WEB|_UPLOAD)?_URL)$/;

export function isDevOverrideKey(key: string): boolean {
  return DEV_OVERRIDE_KEY.test(key);
}

/** Whether this host honours the overrides: the browser host and unpackaged Electron do; a packaged app does not. */
export interface DevOverridePolicy {
  allowDevOverrides: boolean;
  logger: Logger;
}

/**
 * The env a domain's config reader should parse: unchanged where overrides are allowed, otherwise
 * without the override keys (each one that was set is named once in the log, never its value).
 */
export function applyDevOverridePolicy(
  env: Readonly<Record<string, string | undefined>>,
  policy: DevOverridePolicy,
): Readonly<Record<string, string | undefined>> {
  if (policy.allowDevOverrides) return env;
  const kept: Record<string, string | undefined> = {};
  for (const [key, value] of Object.entries(env)) {
    if (!isDevOverrideKey(key)) kept[key] = value;
    else if (value !== undefined && value.trim() !== '') policy.logger.warn(`${key} is ignored in the packaged app`);
  }
  return kept;
}
