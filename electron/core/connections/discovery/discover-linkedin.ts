import { z } from 'zod';
import { LINKEDIN_API, LINKEDIN_RESTLI_PROTOCOL_VERSION } from '@shared/platforms/api-versions';
import type { DiscoveredAccount } from './discovered-account';
import type { HttpClient } from '../../ports/http-client';
import { DiscoveryError, fetchJson } from './fetch-json';

/** The versioned REST API's headers; the version in force lives in shared/platforms/api-versions.ts. */
const REST_HEADERS = { 'LinkedIn-Version': LINKEDIN_API.version, 'X-Restli-Protocol-Version': LINKEDIN_RESTLI_PROTOCOL_VERSION };
/** Scopes that let the app read which organisations the member administers. */
const ORGANISATION_SCOPES = ['rw_organization_admin', 'r_organization_admin'];
const MAX_ORGANISATIONS = 20;

const userInfo = z.object({ sub: z.string().min(1), name: z.string().optional() });
const acls = z.object({
  elements: z.array(z.object({ organization: z.string().regex(/^urn:li:organization:\d+$/), role: z.string(), state: z.string() })),
});
const organisation = z.object({ id: z.number().int(), localizedName: z.string().min(1) });

/**
 * LinkedIn OpenID Connect `GET /v2/userinfo` (scopes openid profile): the member. Their id
 * (`sub`) makes the author URN `urn:li:person:<sub>` that publishing uses. When the app was
 * granted organisation access, `GET /rest/organizationAcls?q=roleAssignee` (approved
 * ADMINISTRATOR roles) and `GET /rest/organizations/{id}` add the Pages the member runs.
 */
export async function discoverLinkedInMember(http: HttpClient, apiUrl: string, accessToken: string, grantedScope: string | null): Promise<DiscoveredAccount> {
  const parsed = userInfo.safeParse(await fetchJson(http, `${apiUrl}/v2/userinfo`, accessToken));
  if (!parsed.success) throw new DiscoveryError('rejected', 'LinkedIn answered /v2/userinfo in an unexpected shape.');
  const account: DiscoveredAccount = { accountId: parsed.data.sub, displayName: parsed.data.name?.trim() || 'your LinkedIn profile' };
  const scopes = (grantedScope ?? '').split(/[\s,]+/);
  if (!ORGANISATION_SCOPES.some((scope) => scopes.includes(scope))) return account;

  const list = acls.safeParse(
    await fetchJson(http, `${apiUrl}/rest/organizationAcls?q=roleAssignee&role=ADMINISTRATOR&state=APPROVED`, accessToken, REST_HEADERS),
  );
  if (!list.success) throw new DiscoveryError('rejected', 'LinkedIn answered /rest/organizationAcls in an unexpected shape.');
  const ids = [...new Set(list.data.elements.filter((e) => e.role === 'ADMINISTRATOR' && e.state === 'APPROVED').map((e) => e.organization.split(':').pop()!))];
  const targets: Array<{ id: string; name: string }> = [];
  for (const id of ids.slice(0, MAX_ORGANISATIONS)) {
    const org = organisation.safeParse(await fetchJson(http, `${apiUrl}/rest/organizations/${id}`, accessToken, REST_HEADERS));
    if (org.success) targets.push({ id: `urn:li:organization:${id}`, name: org.data.localizedName });
  }
  return { ...account, targets };
}
