import crypto from 'node:crypto';
import http, { type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { OAuth2Server, type MutableRedirectUri, type MutableResponse, type MutableToken, type TokenRequestIncomingMessage } from 'oauth2-mock-server';

/** How one provider's authorization server behaves (platform-apis.md). */
export interface FakeProviderOptions {
  name: string;
  clientId: string;
  /** Confidential clients (Meta, LinkedIn through the relay; Google desktop) must send it; public clients (X) must not. */
  clientSecret: string | null;
  /** X and Google require PKCE S256 from native apps. */
  requirePkce: boolean;
  /** X: every refresh returns a new refresh token and the old one dies; reusing a dead one revokes the chain. */
  rotateRefreshTokens: boolean;
  /** Meta's and LinkedIn's (non-partner) tokens come without a refresh token. */
  issueRefreshTokens: boolean;
  accessTokenTtlSeconds: number;
  /** X: authorization codes are valid for 30 seconds. */
  codeTtlMs?: number;
  /** Meta: `GET /oauth/access_token?grant_type=fb_exchange_token` swaps a short-lived user token for a ~60-day one. */
  longLivedExchange?: { ttlSeconds: number };
  /**
   * Show a consent page a person clicks (Approve / Deny) before redirecting, as the real
   * providers do (the sandbox). Off: `/authorize` redirects at once, for tests that play the browser with fetch.
   */
  consentPage?: boolean;
  /** RFC 9207: every authorization response (success and error) names the server's issuer in `iss`. */
  identifiesIssuer?: boolean;
}

/** The consent page's names for the providers. */
const PROVIDER_NAMES: Record<string, string> = { x: 'X', linkedin: 'LinkedIn', facebook: 'Facebook', instagram: 'Instagram', youtube: 'Google' };
/** The consent page's answer, added to the authorize query by its buttons. */
const CONSENT_PARAM = 'agencyiq_fake_consent';

interface IssuedCode {
  clientId: string;
  scope: string | null;
  redirectUri: string;
  challenge: string | null;
  issuedAt: number;
  used: boolean;
  expired: boolean;
}

/** One token endpoint request, as the fake saw it (tests assert on these). */
export interface RecordedTokenRequest {
  grantType: string;
  /** What the fake answered: 200, or the OAuth error it returned. */
  outcome: 'ok' | string;
  body: Record<string, string>;
}

/**
 * A provider's authorize/token/revoke endpoints on 127.0.0.1, played by oauth2-mock-server (a
 * real authorization server package) and made as strict as the provider through its hooks:
 * `beforeAuthorizeRedirect` records every issued code (and can play "the owner declined"),
 * `beforeResponse` enforces single-use, unexpired codes bound to client and redirect URI, PKCE,
 * client authentication, refresh-token rotation and revocation, answering `invalid_grant` like
 * the real services. The package itself rejects a verifier that does not match the challenge.
 */
export class FakeAuthorizationServer {
  readonly server = new OAuth2Server();
  readonly tokenRequests: RecordedTokenRequest[] = [];
  readonly issuedAccessTokens = new Set<string>();
  readonly issuedRefreshTokens: string[] = [];
  readonly issuedCodes: string[] = [];
  readonly revokeRequests: string[] = [];
  /** Every HTTP request that reached the server, before the package or the hooks judged it. */
  readonly httpRequests: Array<{ method: string; path: string }> = [];
  #http: http.Server | null = null;
  readonly #codes = new Map<string, IssuedCode>();
  readonly #liveRefreshTokens = new Set<string>();
  readonly #deadRefreshTokens = new Set<string>();
  #denyNext = false;
  #identifiesIssuer: boolean;
  /** The `iss` the next authorization response carries instead of this server's own (a mix-up). */
  #nextIssuer: string | null = null;
  /** Answers the next refresh with this instead (e.g. 503 for "network trouble"). */
  failNextRefreshWith: { status: number; body: Record<string, unknown> } | null = null;

  private constructor(readonly options: FakeProviderOptions) {
    this.#identifiesIssuer = options.identifiesIssuer ?? false;
  }

  static async start(options: FakeProviderOptions): Promise<FakeAuthorizationServer> {
    const fake = new FakeAuthorizationServer(options);
    await fake.server.issuer.keys.generate('RS256');
    fake.server.service.on('beforeAuthorizeRedirect', (redirect: MutableRedirectUri, req: IncomingMessage) => fake.#onAuthorize(redirect, req));
    fake.server.service.on('beforeResponse', (response: MutableResponse, req: TokenRequestIncomingMessage) => fake.#onToken(response, req));
    // Real providers never issue the same token twice; the package's JWTs would repeat within a second.
    fake.server.service.on('beforeTokenSigning', (token: MutableToken) => {
      token.payload.jti = crypto.randomUUID();
    });
    fake.server.service.on('beforeRevoke', (_response: unknown, req: IncomingMessage) => fake.revokeRequests.push(req.url ?? ''));
    // The package's request handler behind our own listener, so every request is recorded even
    // when the package refuses it before any hook runs (e.g. a verifier that fails its own check).
    const listener = http.createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      fake.httpRequests.push({ method: req.method ?? '', path: url.pathname });
      if (req.method === 'GET' && url.pathname === '/token' && fake.options.longLivedExchange) return fake.#onLongLivedExchange(url, res);
      if (req.method === 'GET' && url.pathname === '/authorize' && fake.options.consentPage) {
        const answer = url.searchParams.get(CONSENT_PARAM);
        if (answer === null) return fake.#consentPage(url, res);
        // The person answered: the package issues the code (the hooks refuse it on "deny").
        if (answer !== 'approve') fake.#denyNext = true;
        url.searchParams.delete(CONSENT_PARAM);
        req.url = `${url.pathname}?${url.searchParams.toString()}`;
      }
      fake.server.service.requestHandler(req, res);
    });
    await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
    fake.#http = listener;
    fake.server.issuer.url = `http://127.0.0.1:${(listener.address() as AddressInfo).port}`;
    return fake;
  }

  get url(): string {
    return (this.server.issuer.url as string).replace(/\/$/, '');
  }
  get authorizeUrl(): string {
    return `${this.url}/authorize`;
  }
  get tokenUrl(): string {
    return `${this.url}/token`;
  }
  get revokeUrl(): string {
    return `${this.url}/revoke`;
  }

  /** Turns RFC 9207 issuer identification on or off for the following authorization responses. */
  identifyIssuer(on: boolean): void {
    this.#identifiesIssuer = on;
  }

  /** The next authorization response names `issuer` as its `iss` (what another server would send). */
  answerNextAsIssuer(issuer: string): void {
    this.#nextIssuer = issuer;
  }

  /** The owner presses "Cancel"/"Deny" on the next consent page. */
  denyNextConsent(): void {
    this.#denyNext = true;
  }

  /** Every code issued so far is now past its lifetime. */
  expireIssuedCodes(): void {
    for (const code of this.#codes.values()) code.expired = true;
  }

  /** The owner removed the app in the platform's settings: every refresh token dies. */
  revokeAllRefreshTokens(): void {
    for (const token of this.#liveRefreshTokens) this.#deadRefreshTokens.add(token);
    this.#liveRefreshTokens.clear();
  }

  /** True for an access token this server issued (the API fakes accept only those). */
  isIssuedAccessToken(token: string): boolean {
    return this.issuedAccessTokens.has(token);
  }

  requestsOf(grantType: string): RecordedTokenRequest[] {
    return this.tokenRequests.filter((r) => r.grantType === grantType);
  }

  /** Requests that reached the token endpoint, whatever became of them. */
  tokenEndpointHits(): number {
    return this.httpRequests.filter((r) => r.method === 'POST' && r.path === '/token').length;
  }

  async stop(): Promise<void> {
    const listener = this.#http;
    if (listener === null) return;
    listener.closeAllConnections();
    await new Promise<void>((resolve) => listener.close(() => resolve()));
  }

  /** The provider's "Allow access?" page: Approve and Deny send the same authorize request on, with the answer. */
  #consentPage(url: URL, res: http.ServerResponse): void {
    const name = escapeHtml(PROVIDER_NAMES[this.options.name] ?? this.options.name);
    const fields = [...url.searchParams].map(([key, value]) => `<input type="hidden" name="${escapeHtml(key)}" value="${escapeHtml(value)}">`).join('');
    const scopes = (url.searchParams.get('scope') ?? '').split(/[\s,]+/).filter(Boolean).map((scope) => `<li><code>${escapeHtml(scope)}</code></li>`).join('');
    const button = (answer: string, label: string) => `<button type="submit" name="${CONSENT_PARAM}" value="${answer}">${label}</button> `;
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    res.end(
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sign in to ${name} (local stand-in)</title><style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;line-height:1.5}button{font:inherit;padding:.4rem 1.2rem}</style></head><body>` +
        `<p style="background:#fff4ce;padding:.4rem 1rem;font-weight:600">Local stand-in for ${name}'s sign-in — nothing here is on the internet</p>` +
        `<h1>Allow AgencyIQ to use your ${name} account?</h1>` +
        (scopes ? `<p>It asks for:</p><ul>${scopes}</ul>` : '') +
        `<form method="get" action="/authorize">${fields}${button('approve', 'Approve')}${button('deny', 'Deny')}</form></body></html>`,
    );
  }

  /** Graph API's long-lived token exchange: app credentials and a live short-lived token, in the query. */
  #onLongLivedExchange(url: URL, res: http.ServerResponse): void {
    const q = url.searchParams;
    const record: RecordedTokenRequest = { grantType: q.get('grant_type') ?? '', outcome: 'ok', body: Object.fromEntries(q) };
    this.tokenRequests.push(record);
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      res.end(JSON.stringify(body));
    };
    const graphError = (message: string, code: number) => {
      record.outcome = `graph_${code}`;
      send(400, { error: { message, type: 'OAuthException', code, fbtrace_id: 'Afake' } });
    };
    if (q.get('grant_type') !== 'fb_exchange_token') return graphError('Unsupported grant_type', 100);
    if (q.get('client_id') !== this.options.clientId || q.get('client_secret') !== this.options.clientSecret) {
      return graphError('Error validating client secret.', 1);
    }
    const shortLived = q.get('fb_exchange_token') ?? '';
    if (!this.issuedAccessTokens.has(shortLived)) return graphError('Invalid OAuth access token - Cannot parse access token', 190);
    const longLived = `EAAG${crypto.randomBytes(24).toString('base64url')}`;
    this.issuedAccessTokens.add(longLived);
    send(200, { access_token: longLived, token_type: 'bearer', expires_in: this.options.longLivedExchange!.ttlSeconds });
  }

  #onAuthorize(redirect: MutableRedirectUri, req: IncomingMessage): void {
    this.#judgeAuthorize(redirect, req);
    const issuer = this.#nextIssuer ?? (this.#identifiesIssuer ? this.url : null);
    this.#nextIssuer = null;
    // RFC 9207 §2: on every authorization response, errors included.
    if (issuer !== null) redirect.url.searchParams.set('iss', issuer);
  }

  #judgeAuthorize(redirect: MutableRedirectUri, req: IncomingMessage): void {
    const query = new URL(req.url ?? '/', 'http://127.0.0.1').searchParams;
    const code = redirect.url.searchParams.get('code');
    const refuse = (error: string, description: string) => {
      redirect.url.searchParams.delete('code');
      redirect.url.searchParams.set('error', error);
      redirect.url.searchParams.set('error_description', description);
      // Keep state last, like real providers do (and whatever the mock set).
      const state = query.get('state');
      redirect.url.searchParams.delete('state');
      if (state !== null) redirect.url.searchParams.set('state', state);
    };
    if (code === null) return;
    if (query.get('client_id') !== this.options.clientId) return refuse('unauthorized_client', 'Unknown client');
    if (this.options.requirePkce && (query.get('code_challenge') === null || query.get('code_challenge_method') !== 'S256')) {
      return refuse('invalid_request', 'PKCE S256 is required');
    }
    if (this.#denyNext) {
      this.#denyNext = false;
      return refuse('access_denied', 'The user denied the request');
    }
    this.#codes.set(code, {
      clientId: this.options.clientId,
      scope: query.get('scope'),
      redirectUri: query.get('redirect_uri') ?? '',
      challenge: query.get('code_challenge'),
      issuedAt: Date.now(),
      used: false,
      expired: false,
    });
    this.issuedCodes.push(code);
  }

  #onToken(response: MutableResponse, req: TokenRequestIncomingMessage): void {
    const body = Object.fromEntries(Object.entries(req.body as unknown as Record<string, unknown>).map(([k, v]) => [k, String(v)]));
    const record: RecordedTokenRequest = { grantType: body.grant_type ?? '', outcome: 'ok', body };
    this.tokenRequests.push(record);
    const fail = (status: number, error: string, description: string) => {
      response.statusCode = status;
      response.body = { error, error_description: description };
      record.outcome = error;
    };

    // Client authentication (RFC 6749 §2.3): confidential clients must prove the secret,
    // public clients identify themselves with client_id only.
    if (body.client_id !== this.options.clientId) return fail(401, 'invalid_client', 'Unknown client');
    if (this.options.clientSecret === null && 'client_secret' in body) return fail(401, 'invalid_client', 'Public clients have no secret');
    if (this.options.clientSecret !== null && body.client_secret !== this.options.clientSecret) {
      return fail(401, 'invalid_client', 'Client authentication failed');
    }

    let grantedScope: string | null = null;
    if (body.grant_type === 'authorization_code') {
      const issued = this.#codes.get(body.code ?? '');
      if (issued === undefined || issued.used) {
        // RFC 6749 §4.1.2: a code used twice should revoke what it produced.
        return fail(400, 'invalid_grant', 'Authorization code is invalid or was already used');
      }
      issued.used = true;
      grantedScope = issued.scope;
      const ttl = this.options.codeTtlMs ?? 60_000;
      if (issued.expired || Date.now() - issued.issuedAt > ttl) return fail(400, 'invalid_grant', 'Authorization code expired');
      if (body.redirect_uri !== issued.redirectUri) return fail(400, 'invalid_grant', 'redirect_uri does not match');
      if (issued.challenge !== null) {
        const verifier = body.code_verifier ?? '';
        const expected = crypto.createHash('sha256').update(verifier).digest('base64url');
        if (verifier === '' || expected !== issued.challenge) return fail(400, 'invalid_grant', 'PKCE verification failed');
      } else if (this.options.requirePkce) {
        return fail(400, 'invalid_grant', 'PKCE verification failed');
      }
    } else if (body.grant_type === 'refresh_token') {
      if (this.failNextRefreshWith !== null) {
        const planned = this.failNextRefreshWith;
        this.failNextRefreshWith = null;
        response.statusCode = planned.status;
        response.body = planned.body;
        record.outcome = String(planned.body.error ?? planned.status);
        return;
      }
      const presented = body.refresh_token ?? '';
      if (!this.#liveRefreshTokens.has(presented)) {
        if (this.#deadRefreshTokens.has(presented) && this.options.rotateRefreshTokens) {
          // Reuse of a rotated token: treat the chain as stolen and end it.
          this.revokeAllRefreshTokens();
        }
        return fail(400, 'invalid_grant', 'Value passed for the token was invalid.');
      }
      if (this.options.rotateRefreshTokens) {
        this.#liveRefreshTokens.delete(presented);
        this.#deadRefreshTokens.add(presented);
      }
    } else {
      return fail(400, 'unsupported_grant_type', 'Unsupported grant type');
    }

    const out = response.body as Record<string, unknown>;
    delete out.id_token;
    out.expires_in = this.options.accessTokenTtlSeconds;
    // The scopes granted at consent; a refresh answer repeats none (the client keeps what it had).
    if (grantedScope === null) delete out.scope;
    else out.scope = grantedScope;
    this.issuedAccessTokens.add(String(out.access_token));
    const isRefresh = body.grant_type === 'refresh_token';
    if (!this.options.issueRefreshTokens || (isRefresh && !this.options.rotateRefreshTokens)) {
      // Non-rotating servers (Google) answer a refresh without a refresh_token.
      delete out.refresh_token;
    } else {
      const fresh = String(out.refresh_token);
      this.#liveRefreshTokens.add(fresh);
      this.issuedRefreshTokens.push(fresh);
    }
  }
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
