import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { isLinkedInVersionActive, nonexistentVersionBody } from '../platforms/linkedin-version-window';

/** One request the fake API received (tests assert on these; the bearer token is kept to check it). */
export interface RecordedApiRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  bearer: string | null;
  status: number;
}

export interface FakePageData {
  id: string;
  name: string;
  instagram?: { id: string; username: string };
}

/** Who the fake platforms say the signed-in owner is. */
export interface FakeIdentityData {
  xUser: { id: string; name: string; username: string };
  youtubeChannel: { id: string; title: string } | null;
  linkedinMember: { sub: string; name: string };
  /** Organisations the member administers (approved ADMINISTRATOR role). */
  linkedinOrganisations: Array<{ id: number; name: string }>;
  pages: FakePageData[];
}

export const DEFAULT_IDENTITY: FakeIdentityData = {
  xUser: { id: '1460000000000000001', name: 'Paddington Sourdough', username: 'paddosourdough' },
  youtubeChannel: { id: 'UCpaddington0000000000001', title: 'Paddington Sourdough TV' },
  linkedinMember: { sub: 'aBcD3fGh1J', name: 'Sam Baker' },
  linkedinOrganisations: [{ id: 2414183, name: 'Paddington Sourdough Pty Ltd' }],
  pages: [{ id: '102938475610', name: 'Paddington Sourdough', instagram: { id: '17841400000000001', username: 'paddosourdough' } }],
};

/**
 * The identity/discovery endpoints of the five platforms on 127.0.0.1, strict to their
 * documented contracts: bearer token in the Authorization header only, the platform's own
 * error body and status for a missing or unknown token, the documented response shapes.
 * `isValidToken` decides which tokens are live (the fake authorization servers issue them).
 */
export class FakePlatformApi {
  readonly requests: RecordedApiRequest[] = [];
  readonly permissionDeletes: string[] = [];
  #server: http.Server | null = null;
  #url = '';

  constructor(
    private readonly isValidToken: (token: string) => boolean,
    public identity: FakeIdentityData = DEFAULT_IDENTITY,
  ) {}

  get url(): string {
    return this.#url;
  }

  async start(): Promise<this> {
    this.#server = http.createServer((req, res) => this.#handle(req, res));
    await new Promise<void>((resolve) => this.#server!.listen(0, '127.0.0.1', resolve));
    this.#url = `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    const server = this.#server;
    if (server === null) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  requestsTo(path: string): RecordedApiRequest[] {
    return this.requests.filter((r) => r.path === path);
  }

  #handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const auth = req.headers.authorization ?? '';
    const bearer = auth.startsWith('Bearer ') ? auth.slice(7) : null;
    const record: RecordedApiRequest = { method: req.method ?? '', path: url.pathname, query: Object.fromEntries(url.searchParams), bearer, status: 0 };
    this.requests.push(record);
    const send = (status: number, body: unknown) => {
      record.status = status;
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    const authorised = bearer !== null && this.isValidToken(bearer);
    // Tokens in the query string are refused here: the app must never put them there.
    if (url.searchParams.has('access_token')) return send(400, { error: 'token_in_query' });
    const { identity } = this;

    const route = `${req.method} ${url.pathname}`;
    if (url.pathname.startsWith('/rest/')) return this.#linkedInRest(req, url, authorised, send);
    switch (route) {
      case 'GET /2/users/me':
        if (!authorised) return send(401, { title: 'Unauthorized', type: 'about:blank', status: 401, detail: 'Unauthorized' });
        return send(200, { data: identity.xUser });
      case 'GET /youtube/v3/channels': {
        if (!authorised) {
          return send(401, {
            error: { code: 401, message: 'Request had invalid authentication credentials.', errors: [{ reason: 'authError', domain: 'global' }], status: 'UNAUTHENTICATED' },
          });
        }
        if (url.searchParams.get('part') === null || url.searchParams.get('mine') !== 'true') {
          return send(400, { error: { code: 400, message: "No filter selected. Expected one of: mine, id, forHandle…", errors: [{ reason: 'missingRequiredParameter' }] } });
        }
        const items = identity.youtubeChannel ? [{ kind: 'youtube#channel', id: identity.youtubeChannel.id, snippet: { title: identity.youtubeChannel.title } }] : [];
        return send(200, { kind: 'youtube#channelListResponse', pageInfo: { totalResults: items.length, resultsPerPage: 5 }, items });
      }
      case 'GET /v2/userinfo':
        if (!authorised) return send(401, { serviceErrorCode: 65600, message: 'Invalid access token', status: 401 });
        return send(200, { sub: identity.linkedinMember.sub, name: identity.linkedinMember.name, email_verified: true, locale: { country: 'AU', language: 'en' } });
      case 'GET /me/accounts': {
        if (!authorised) {
          return send(400, { error: { message: 'Invalid OAuth access token - Cannot parse access token', type: 'OAuthException', code: 190, fbtrace_id: 'Afake' } });
        }
        const fields = url.searchParams.get('fields') ?? '';
        const data = identity.pages.map((page) => ({
          id: page.id,
          name: page.name,
          ...(fields.includes('access_token') ? { access_token: `page-token-${page.id}-${bearer}` } : {}),
          ...(fields.includes('instagram_business_account') && page.instagram ? { instagram_business_account: page.instagram } : {}),
        }));
        return send(200, { data, paging: { cursors: { before: 'QVFIUk', after: 'QVFIUl' } } });
      }
      case 'DELETE /me/permissions':
        if (!authorised) {
          return send(400, { error: { message: 'Invalid OAuth access token', type: 'OAuthException', code: 190, fbtrace_id: 'Afake' } });
        }
        this.permissionDeletes.push(bearer!);
        return send(200, { success: true });
      default:
        return send(404, { error: 'not_found' });
    }
  }

  /** LinkedIn's versioned REST API: both headers required, Rest.li 2.0 error bodies. */
  #linkedInRest(req: http.IncomingMessage, url: URL, authorised: boolean, send: (status: number, body: unknown) => void): void {
    if (!authorised) return send(401, { status: 401, serviceErrorCode: 65600, code: 'INVALID_ACCESS_TOKEN', message: 'Invalid access token' });
    const version = req.headers['linkedin-version'];
    if (typeof version !== 'string' || !/^20\d{4}$/.test(version)) {
      return send(400, { status: 400, code: 'VERSION_MISSING', message: 'A version must be present. Please specify a version by adding the LinkedIn-Version header.' });
    }
    // Discovery runs on the real date here (no test clock): a retired version fails today, as on LinkedIn.
    if (!isLinkedInVersionActive(version, Date.now())) return send(426, nonexistentVersionBody(version));
    if (req.headers['x-restli-protocol-version'] !== '2.0.0') {
      return send(400, { status: 400, code: 'ILLEGAL_ARGUMENT', message: 'Rest.li protocol version 2.0.0 is required for finders.' });
    }
    const orgs = this.identity.linkedinOrganisations;
    if (req.method === 'GET' && url.pathname === '/rest/organizationAcls') {
      const q = url.searchParams;
      if (q.get('q') !== 'roleAssignee') return send(400, { status: 400, code: 'ILLEGAL_ARGUMENT', message: 'Unknown finder' });
      const elements = orgs.map((org) => ({
        organization: `urn:li:organization:${org.id}`,
        roleAssignee: `urn:li:person:${this.identity.linkedinMember.sub}`,
        role: 'ADMINISTRATOR',
        state: 'APPROVED',
      }));
      return send(200, { paging: { count: 10, start: 0, links: [] }, elements });
    }
    const match = /^\/rest\/organizations\/(\d+)$/.exec(url.pathname);
    if (req.method === 'GET' && match) {
      const org = orgs.find((o) => String(o.id) === match[1]);
      if (!org) return send(404, { status: 404, code: 'NOT_FOUND', message: 'Not Found' });
      return send(200, { id: org.id, localizedName: org.name, vanityName: org.name.toLowerCase().replace(/\W+/g, '-') });
    }
    return send(404, { status: 404, code: 'NOT_FOUND', message: 'Not Found' });
  }
}
