import type { RelayProviderConfig } from './relay-config';

/** What the provider granted, normalised. */
export interface ProviderTokens {
  accessToken: string;
  refreshToken: string | null;
  expiresIn: number | null;
  refreshTokenExpiresIn: number | null;
  scope: string | null;
}

/** The provider refused or could not be reached; `error` is its OAuth error code, never a secret. */
export class ExchangeError extends Error {
  constructor(readonly error: string) {
    super(`Code exchange failed: ${error}`);
    this.name = 'ExchangeError';
  }
}

const TIMEOUT_MS = 15_000;

/**
 * Exchanges the authorization code with the client secret (RFC 6749 §4.1.3, client credentials
 * in the body as Meta and LinkedIn document), then, for Meta, swaps the short-lived user token
 * for a long-lived one (`GET …/oauth/access_token?grant_type=fb_exchange_token`).
 */
export async function exchangeCode(
  provider: RelayProviderConfig,
  params: { code: string; redirectUri: string; codeVerifier: string | null },
): Promise<ProviderTokens> {
  const form = new URLSearchParams({
    grant_type: 'authorization_code',
    code: params.code,
    redirect_uri: params.redirectUri,
    client_id: provider.clientId,
    client_secret: provider.clientSecret,
  });
  if (params.codeVerifier !== null) form.set('code_verifier', params.codeVerifier);
  let tokens = await requestTokens(provider.tokenUrl, { method: 'POST', body: form });
  if (provider.exchangeForLongLived) {
    const url = new URL(provider.tokenUrl);
    url.searchParams.set('grant_type', 'fb_exchange_token');
    url.searchParams.set('client_id', provider.clientId);
    url.searchParams.set('client_secret', provider.clientSecret);
    url.searchParams.set('fb_exchange_token', tokens.accessToken);
    const longLived = await requestTokens(url.href, { method: 'GET' });
    tokens = { ...longLived, scope: longLived.scope ?? tokens.scope };
  }
  return tokens;
}

async function requestTokens(url: string, init: { method: 'GET' | 'POST'; body?: URLSearchParams }): Promise<ProviderTokens> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: init.method,
      headers: { accept: 'application/json', ...(init.body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
      ...(init.body ? { body: init.body.toString() } : {}),
      signal: AbortSignal.timeout(TIMEOUT_MS),
      redirect: 'error',
    });
  } catch {
    throw new ExchangeError('provider_unreachable');
  }
  const json = (await response.json().catch(() => null)) as Record<string, unknown> | null;
  if (!response.ok || json === null) {
    const error = typeof json?.error === 'string' ? json.error : typeof (json?.error as { type?: unknown })?.type === 'string' ? 'oauth_exception' : `http_${response.status}`;
    throw new ExchangeError(error.slice(0, 64));
  }
  const number = (value: unknown) => (typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : null);
  if (typeof json.access_token !== 'string' || json.access_token === '') throw new ExchangeError('no_access_token');
  return {
    accessToken: json.access_token,
    refreshToken: typeof json.refresh_token === 'string' && json.refresh_token !== '' ? json.refresh_token : null,
    expiresIn: number(json.expires_in),
    refreshTokenExpiresIn: number(json.refresh_token_expires_in),
    scope: typeof json.scope === 'string' ? json.scope : null,
  };
}
