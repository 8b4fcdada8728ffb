import { AuthorizationCode, type ModuleOptions } from 'simple-oauth2';
import type { Clock } from '../ports/clock';
import type { ProviderDefinition } from './provider-registry';
import type { TokenResponse } from './token-set';

/** Why a token request failed, as the callers need to act on it. */
export type TokenErrorKind =
  /** The grant is dead (revoked, expired, reused, wrong verifier): only a new sign-in helps. */
  | 'invalid_grant'
  /** The endpoint refused the request for another reason (client, scope, malformed). */
  | 'rejected'
  /** Nothing usable came back (no connection, timeout, 5xx, not JSON): try again later. */
  | 'unavailable';

/** A failed token request; carries the OAuth error code but never a token or a code. */
export class TokenRequestError extends Error {
  constructor(
    readonly kind: TokenErrorKind,
    readonly status: number | null,
    readonly oauthError: string | null,
  ) {
    super(`Token request failed: ${kind}${status === null ? '' : ` (HTTP ${status})`}${oauthError ? ` ${oauthError}` : ''}`);
    this.name = 'TokenRequestError';
  }
}

const REQUEST_TIMEOUT_MS = 20_000;

/**
 * The token endpoint's two requests (RFC 6749 §4.1.3 and §6) through simple-oauth2, with the two
 * things it does not do for us:
 * - PKCE: simple-oauth2 has no notion of it, so `code_verifier` travels as an extra parameter.
 * - Non-rotating refresh: 5.1.0's `AccessToken.refresh` copies `this.refresh_token` (always
 *   undefined) when the server sends no new refresh token, dropping it. Here the old refresh
 *   token is kept unless the server issued a new one — the "reconnect loop" bug of the old app.
 */
export class TokenClient {
  constructor(private readonly clock: Clock) {}

  async exchangeCode(
    provider: ProviderDefinition,
    params: { code: string; codeVerifier: string; redirectUri: string },
  ): Promise<TokenResponse> {
    const client = this.#client(provider);
    const raw = await this.#send(() =>
      client.getToken(
        { code: params.code, redirect_uri: params.redirectUri, code_verifier: params.codeVerifier } as never,
        { timeout: REQUEST_TIMEOUT_MS } as never,
      ),
    );
    return this.#normalise(raw, null);
  }

  async refresh(provider: ProviderDefinition, refreshToken: string): Promise<TokenResponse> {
    const client = this.#client(provider);
    const raw = await this.#send(() =>
      client.createToken({ refresh_token: refreshToken }).refresh({}, { timeout: REQUEST_TIMEOUT_MS } as never),
    );
    return this.#normalise(raw, refreshToken);
  }

  #client(provider: ProviderDefinition): AuthorizationCode {
    if (provider.clientId === null) throw new TokenRequestError('rejected', null, 'client_not_configured');
    const token = new URL(provider.tokenUrl);
    const options: ModuleOptions = {
      client:
        provider.clientSecret === null
          ? // A public client sends only `client_id` in the body (X "Native App"). simple-oauth2's
            // body method always writes the secret parameter too; naming it `client_id` with the
            // id as its value leaves exactly one `client_id=` and no empty `client_secret=`.
            { id: provider.clientId, secret: provider.clientId, idParamName: 'client_id', secretParamName: 'client_id' }
          : { id: provider.clientId, secret: provider.clientSecret },
      auth: { tokenHost: token.origin, tokenPath: `${token.pathname}${token.search}` },
      options: { authorizationMethod: 'body', bodyFormat: 'form' },
    };
    return new AuthorizationCode(options);
  }

  async #send(request: () => Promise<{ token: Record<string, unknown> }>): Promise<Record<string, unknown>> {
    try {
      return (await request()).token;
    } catch (error) {
      throw classify(error);
    }
  }

  #normalise(raw: Record<string, unknown>, previousRefreshToken: string | null): TokenResponse {
    const accessToken = raw.access_token;
    if (typeof accessToken !== 'string' || accessToken === '') throw new TokenRequestError('unavailable', 200, 'no_access_token');
    const now = this.clock.now();
    const seconds = (value: unknown) => {
      const n = typeof value === 'string' ? Number(value) : value;
      return typeof n === 'number' && Number.isFinite(n) && n > 0 ? now + n * 1000 : null;
    };
    const issued = typeof raw.refresh_token === 'string' && raw.refresh_token !== '' ? raw.refresh_token : null;
    return {
      accessToken,
      refreshToken: issued ?? previousRefreshToken,
      accessExpiresAt: seconds(raw.expires_in),
      refreshExpiresAt: issued === null && previousRefreshToken !== null ? null : seconds(raw.refresh_token_expires_in),
      scope: typeof raw.scope === 'string' ? raw.scope : null,
    };
  }
}

interface BoomLike {
  isBoom?: boolean;
  output?: { statusCode?: number };
  data?: { isResponseError?: boolean; payload?: unknown } | null;
}

function classify(error: unknown): TokenRequestError {
  if (error instanceof TokenRequestError) return error;
  const boom = error as BoomLike;
  if (boom?.isBoom && boom.data?.isResponseError) {
    const status = boom.output?.statusCode ?? null;
    const payload = parsePayload(boom.data.payload);
    const oauthError = typeof payload?.error === 'string' ? payload.error.slice(0, 64) : null;
    if (status !== null && status >= 500) return new TokenRequestError('unavailable', status, oauthError);
    if (status === 429) return new TokenRequestError('unavailable', status, oauthError);
    if (oauthError === 'invalid_grant') return new TokenRequestError('invalid_grant', status, oauthError);
    return new TokenRequestError('rejected', status, oauthError);
  }
  return new TokenRequestError('unavailable', null, null);
}

function parsePayload(payload: unknown): Record<string, unknown> | null {
  if (payload === null || payload === undefined) return null;
  if (Buffer.isBuffer(payload)) payload = payload.toString('utf8');
  if (typeof payload === 'string') {
    try {
      payload = JSON.parse(payload);
    } catch {
      return null;
    }
  }
  return typeof payload === 'object' ? (payload as Record<string, unknown>) : null;
}
