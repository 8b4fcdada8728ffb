import type { HttpClient } from '../../ports/http-client';

/** A discovery call the platform refused or that never completed; carries no token. */
export class DiscoveryError extends Error {
  constructor(
    readonly kind: 'unauthorized' | 'rejected' | 'unavailable' | 'nothing_to_connect',
    message: string,
    readonly status: number | null = null,
  ) {
    super(message);
    this.name = 'DiscoveryError';
  }
}

/** How long a discovery call may take, answer included. */
const TIMEOUT_MS = 15_000;

/**
 * GET a platform API with a bearer token and parse its JSON. The token travels only in the
 * Authorization header (never the query string, where proxies and logs would keep it).
 */
export async function fetchJson(http: HttpClient, url: string, accessToken: string, headers: Record<string, string> = {}): Promise<unknown> {
  const result = await http.send({
    method: 'GET',
    url,
    headers: { accept: 'application/json', ...headers },
    bearerToken: accessToken,
    timeoutMs: TIMEOUT_MS,
  });
  // A redirect is not followed (it could carry the token elsewhere): the API was not reached.
  if (result.kind !== 'response' || (result.status >= 300 && result.status < 400)) {
    throw new DiscoveryError('unavailable', 'The platform could not be reached.');
  }
  const text = result.body ?? '';
  if (result.status === 401 || result.status === 403) {
    throw new DiscoveryError('unauthorized', 'The platform did not accept the new sign-in.', result.status);
  }
  if (result.status < 200 || result.status >= 300) {
    const kind = result.status >= 500 || result.status === 429 ? 'unavailable' : 'rejected';
    throw new DiscoveryError(kind, `The platform answered HTTP ${result.status}.`, result.status);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new DiscoveryError('unavailable', 'The platform answered with something that is not JSON.', result.status);
  }
}

/**
 * DELETE with a bearer token (Meta's permission revoke); the answer's status. Throws when no
 * answer came (or only a redirect, never followed), so the caller counts it as not revoked.
 */
export async function deleteWithBearer(http: HttpClient, url: string, accessToken: string): Promise<number> {
  const result = await http.send({ method: 'DELETE', url, headers: { accept: 'application/json' }, bearerToken: accessToken, timeoutMs: TIMEOUT_MS });
  if (result.kind !== 'response') throw new Error(result.message);
  if (result.status >= 300 && result.status < 400) throw new Error(`HTTP ${result.status} redirect not followed`);
  return result.status;
}
