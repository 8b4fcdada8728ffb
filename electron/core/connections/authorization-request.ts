import type { ProviderDefinition } from './provider-registry';

/** The parameters of one authorization request (RFC 6749 §4.1.1 + RFC 7636 §4.3). */
export interface AuthorizationRequest {
  provider: ProviderDefinition;
  clientId: string;
  redirectUri: string;
  state: string;
  /** Null for a provider that takes no PKCE on this client type. */
  codeChallenge: string | null;
}

/**
 * Builds the URL the owner's browser opens. Every parameter is set through URLSearchParams so a
 * configured URL that already carries a query keeps it, and nothing is double-encoded.
 */
export function buildAuthorizationUrl(request: AuthorizationRequest): string {
  const url = new URL(request.provider.authorizeUrl);
  const params: Record<string, string> = {
    response_type: 'code',
    client_id: request.clientId,
    redirect_uri: request.redirectUri,
    scope: request.provider.scopes.join(' '),
    state: request.state,
    ...(request.codeChallenge === null ? {} : { code_challenge: request.codeChallenge, code_challenge_method: 'S256' }),
    ...request.provider.extraAuthorizeParams,
  };
  for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
  return url.href;
}
