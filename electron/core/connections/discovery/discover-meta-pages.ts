import { z } from 'zod';
import type { PageCandidate } from './discovered-account';
import type { HttpClient } from '../../ports/http-client';
import { DiscoveryError, fetchJson } from './fetch-json';

const accounts = z.object({
  data: z.array(
    z.object({
      id: z.string().min(1),
      name: z.string(),
      access_token: z.string().min(1).optional(),
      instagram_business_account: z.object({ id: z.string().min(1), username: z.string().optional() }).optional(),
    }),
  ),
});

/**
 * Graph API `GET /me/accounts`: the Pages the person manages, each with its Page access token.
 * For Instagram the same call asks for each Page's linked `instagram_business_account`; only
 * Pages that have one are offered. A Page without a token (missing task) cannot be posted to.
 */
export async function discoverMetaPages(http: HttpClient, apiUrl: string, userAccessToken: string, forInstagram: boolean): Promise<PageCandidate[]> {
  const fields = forInstagram ? 'id,name,access_token,instagram_business_account{id,username}' : 'id,name,access_token';
  const url = `${apiUrl}/me/accounts?fields=${encodeURIComponent(fields)}&limit=100`;
  const parsed = accounts.safeParse(await fetchJson(http, url, userAccessToken));
  if (!parsed.success) throw new DiscoveryError('rejected', 'Facebook answered /me/accounts in an unexpected shape.');
  const pages: PageCandidate[] = [];
  for (const page of parsed.data.data) {
    if (page.access_token === undefined) continue;
    if (forInstagram) {
      const ig = page.instagram_business_account;
      if (ig === undefined) continue;
      pages.push({
        pageId: page.id,
        pageName: page.name,
        pageAccessToken: page.access_token,
        account: { accountId: ig.id, displayName: ig.username ? `@${ig.username}` : page.name },
      });
    } else {
      pages.push({ pageId: page.id, pageName: page.name, pageAccessToken: page.access_token, account: { accountId: page.id, displayName: page.name } });
    }
  }
  if (pages.length === 0) {
    throw new DiscoveryError(
      'nothing_to_connect',
      forInstagram
        ? 'None of your Facebook Pages has an Instagram business account linked. Link one in Meta Business Suite, then connect again.'
        : 'You do not manage any Facebook Page that AgencyIQ may post to. Create a Page or ask for access, then connect again.',
    );
  }
  return pages;
}
