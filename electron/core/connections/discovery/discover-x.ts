import { z } from 'zod';
import type { DiscoveredAccount } from './discovered-account';
import type { HttpClient } from '../../ports/http-client';
import { DiscoveryError, fetchJson } from './fetch-json';

const usersMe = z.object({ data: z.object({ id: z.string().min(1), name: z.string(), username: z.string().min(1) }) });

/** X API v2 `GET /2/users/me` (scope users.read): the account the token speaks for. */
export async function discoverXUser(http: HttpClient, apiUrl: string, accessToken: string): Promise<DiscoveredAccount> {
  const parsed = usersMe.safeParse(await fetchJson(http, `${apiUrl}/2/users/me`, accessToken));
  if (!parsed.success) throw new DiscoveryError('rejected', 'X answered /2/users/me in an unexpected shape.');
  return { accountId: parsed.data.data.id, displayName: `@${parsed.data.data.username}` };
}
