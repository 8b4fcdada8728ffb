import { z } from 'zod';
import type { DiscoveredAccount } from './discovered-account';
import { DiscoveryError, fetchJson } from './fetch-json';

const userInfo = z.object({ sub: z.string().min(1), name: z.string().optional() });

/**
 * LinkedIn OpenID Connect `GET /v2/userinfo` (scopes openid profile): the member. Their id
 * (`sub`) makes the author URN `urn:li:person:<sub>` that publishing uses.
 */
export async function discoverLinkedInMember(apiUrl: string, accessToken: string): Promise<DiscoveredAccount> {
  const parsed = userInfo.safeParse(await fetchJson(`${apiUrl}/v2/userinfo`, accessToken));
  if (!parsed.success) throw new DiscoveryError('rejected', 'LinkedIn answered /v2/userinfo in an unexpected shape.');
  return { accountId: parsed.data.sub, displayName: parsed.data.name?.trim() || 'your LinkedIn profile' };
}
