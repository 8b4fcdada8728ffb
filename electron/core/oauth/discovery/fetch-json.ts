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

const TIMEOUT_MS = 15_000;

/**
 * GET a platform API with a bearer token and parse its JSON. The token travels only in the
 * Authorization header (never the query string, where proxies and logs would keep it).
 */
export async function fetchJson(url: string, accessToken: string, headers: Record<string, string> = {}): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(url, {
      headers: { authorization: `Bearer ${accessToken}`, accept: 'application/json', ...headers },
      signal: AbortSignal.timeout(TIMEOUT_MS),
      redirect: 'error',
    });
  } catch {
    throw new DiscoveryError('unavailable', 'The platform could not be reached.');
  }
  const text = await response.text().catch(() => '');
  if (response.status === 401 || response.status === 403) {
    throw new DiscoveryError('unauthorized', 'The platform did not accept the new sign-in.', response.status);
  }
  if (!response.ok) {
    const kind = response.status >= 500 || response.status === 429 ? 'unavailable' : 'rejected';
    throw new DiscoveryError(kind, `The platform answered HTTP ${response.status}.`, response.status);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new DiscoveryError('unavailable', 'The platform answered with something that is not JSON.', response.status);
  }
}

/** DELETE with a bearer token (Meta's permission revoke). */
export async function deleteWithBearer(url: string, accessToken: string): Promise<number> {
  const response = await fetch(url, {
    method: 'DELETE',
    headers: { authorization: `Bearer ${accessToken}`, accept: 'application/json' },
    signal: AbortSignal.timeout(TIMEOUT_MS),
    redirect: 'error',
  });
  await response.text().catch(() => '');
  return response.status;
}
