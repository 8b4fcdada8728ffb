import type { Clock } from '../ports/clock';
import { buildAuthorizationUrl } from './authorization-request';
import type { PendingFlow } from './pending-flows';
import { createPkcePair, createState } from './pkce';
import type { ProviderDefinition } from './provider-registry';

/** The redirect URI of a `deeplink` platform: the app's own scheme (RFC 8252 §7.1). */
export function deepLinkRedirectUri(provider: ProviderDefinition): string {
  return `agencyiq://oauth/${provider.platform}`;
}

/**
 * Starts a `deeplink` sign-in (X): a fresh state and PKCE pair, and the authorize URL whose
 * redirect comes back as `agencyiq://oauth/x?code=…&state=…` through `core.openDeepLink`.
 */
export function startDeepLinkFlow(
  provider: ProviderDefinition,
  clientId: string,
  clock: Clock,
  timeoutMs: number,
): { flow: PendingFlow; authorizeUrl: string } {
  const state = createState();
  const pkce = createPkcePair();
  const redirectUri = deepLinkRedirectUri(provider);
  return {
    flow: { platform: provider.platform, state, codeVerifier: pkce.verifier, redirectUri, expiresAt: clock.now() + timeoutMs, release: () => {} },
    authorizeUrl: buildAuthorizationUrl({ provider, clientId, redirectUri, state, codeChallenge: pkce.challenge }),
  };
}
