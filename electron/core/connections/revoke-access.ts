import type { HttpClient } from '../ports/http-client';
import { deleteWithBearer } from './discovery/fetch-json';
import type { ProviderDefinition } from './provider-registry';
import type { TokenSet } from './token-set';

const TIMEOUT_MS = 15_000;

/** What happened at the platform when the owner disconnected. */
export type RevocationOutcome = 'revoked' | 'not_supported' | 'failed';

/**
 * Withdraws AgencyIQ's access at the platform, where the platform allows it:
 * X `POST /2/oauth2/revoke` (RFC 7009, public client: client_id in the body), Google
 * `POST oauth2.googleapis.com/revoke` (revoking the refresh token ends the grant),
 * Meta `DELETE /me/permissions` with the user token. LinkedIn offers none.
 * Never throws: the local wipe happens whatever the answer.
 */
export async function revokeAccess(http: HttpClient, provider: ProviderDefinition, tokens: TokenSet): Promise<RevocationOutcome> {
  try {
    switch (provider.revocation) {
      case 'none':
        return 'not_supported';
      case 'meta-permissions': {
        const status = await deleteWithBearer(http, `${provider.apiUrl}/me/permissions`, tokens.userAccessToken ?? tokens.accessToken);
        return status >= 200 && status < 300 ? 'revoked' : 'failed';
      }
      case 'google': {
        if (provider.revokeUrl === null) return 'not_supported';
        return (await postForm(http, provider.revokeUrl, { token: tokens.refreshToken ?? tokens.accessToken })) ? 'revoked' : 'failed';
      }
      case 'rfc7009': {
        if (provider.revokeUrl === null || provider.clientId === null) return 'not_supported';
        const revokeOne = (token: string, hint: string) =>
          postForm(http, provider.revokeUrl as string, { token, token_type_hint: hint, client_id: provider.clientId as string });
        const refreshDone = tokens.refreshToken === null ? true : await revokeOne(tokens.refreshToken, 'refresh_token');
        const accessDone = await revokeOne(tokens.accessToken, 'access_token');
        return refreshDone && accessDone ? 'revoked' : 'failed';
      }
    }
  } catch {
    return 'failed';
  }
}

/**
 * POSTs a form (the token in the body, as RFC 7009 wants); true on a 2xx. Throws when no answer
 * came or only a redirect (never followed), so a first failed revoke stops the sequence.
 */
async function postForm(http: HttpClient, url: string, fields: Record<string, string>): Promise<boolean> {
  const result = await http.send({
    method: 'POST',
    url,
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: new URLSearchParams(fields).toString(),
    timeoutMs: TIMEOUT_MS,
  });
  if (result.kind !== 'response') throw new Error(result.message);
  if (result.status >= 300 && result.status < 400) throw new Error(`HTTP ${result.status} redirect not followed`);
  return result.status >= 200 && result.status < 300;
}
