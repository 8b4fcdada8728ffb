import { randomBytes } from 'node:crypto';
import { GRAPH_API } from '@shared/platforms/api-versions';
import { PLATFORM_TEXT_LIMITS } from '@shared/platforms/limits';
import { FakePublishServer, mediaType, parseJson, postPage, type FakeAnswer, type FakePublishServerOptions, type IncomingPublish } from './fake-publish-server';

/** The one Graph version the fake serves: the app's version in force (shared/platforms/api-versions.ts). */
export const FAKE_GRAPH_VERSION = GRAPH_API.version;

/** A post the fake Graph API created. */
export interface FakeFacebookPost {
  id: string;
  pageId: string;
  message: string | null;
  link: string | null;
}

export interface FakeFacebookGraphOptions extends FakePublishServerOptions {
  /** Pages that exist; a post to any other id gets Graph's "does not exist" error. Empty: any. */
  pageIds?: readonly string[];
}

const FEED_PATH = /^\/(v\d+\.\d+)\/([^/]+)\/feed$/;
const MESSAGE_LIMIT = PLATFORM_TEXT_LIMITS.facebook[0]!;

/**
 * Facebook Graph `POST /vNN.0/{page-id}/feed` on 127.0.0.1, strict to the documented contract:
 * only the Graph version in force is served (any other, older or unknown, gets Meta's
 * `(#2635) You are calling a deprecated version` OAuthException, so a stale pin fails a test); token only as a bearer header (a token in the query or the
 * body is refused, the app must never put it there), form or JSON body with `message` and/or
 * `link`, Graph's `{error:{message,type,code,error_subcode,fbtrace_id}}` bodies for every
 * refusal (104 no token, 190 bad token, 190/460 revoked, 100 bad parameters, 506 duplicate of
 * the Page's last post), `{id: "{page}_{post}"}` on success.
 */
export class FakeFacebookGraph extends FakePublishServer {
  readonly posts: FakeFacebookPost[] = [];
  readonly #pageIds: ReadonlySet<string>;
  readonly #lastMessage = new Map<string, string>();
  #nextPostId = 1_000_000_000_000_001n;

  constructor(options: FakeFacebookGraphOptions) {
    super(options);
    this.#pageIds = new Set(options.pageIds ?? []);
  }

  /** The base URL with the version, as `AGENCYIQ_PUBLISH_FACEBOOK_URL` takes it. */
  get graphUrl(): string {
    return `${this.url}/${FAKE_GRAPH_VERSION}`;
  }

  /**
   * The next publish is refused with Graph's Page rate limit (code 32) and a
   * `x-business-use-case-usage` header saying when access comes back (minutes).
   */
  rateLimitNext(regainMinutes: number, pageId = '0'): this {
    this.queueCustom(() =>
      graphError(400, 32, 'Page request limit reached', 'OAuthException', undefined, {
        'x-business-use-case-usage': JSON.stringify({
          [pageId]: [{ type: 'pages', call_count: 100, total_cputime: 12, total_time: 20, estimated_time_to_regain_access: regainMinutes }],
        }),
      }),
    );
    return this;
  }

  protected isPublishRoute(method: string, path: string): boolean {
    return method === 'POST' && FEED_PATH.test(path);
  }

  protected errorBody(status: number): unknown {
    if (status >= 500) return graphError(status, 2, 'Service temporarily unavailable', 'OAuthException').body;
    if (status === 429) return graphError(status, 4, 'Application request limit reached', 'OAuthException').body;
    return graphError(status, 100, 'Invalid parameter', 'OAuthException').body;
  }

  protected handle(request: IncomingPublish): FakeAnswer {
    // facebook.com's page for a post, where the app's "View on Facebook" link leads (see postPage).
    const page = /^\/(\d+_\d+)$/.exec(request.path);
    if (request.method === 'GET' && page) {
      const post = this.posts.find((p) => p.id === page[1]);
      return postPage('Facebook', post ? { id: post.id, text: post.message ?? post.link } : null);
    }
    const match = FEED_PATH.exec(request.path);
    if (match === null) return graphError(400, 2500, `Unknown path components: ${request.path}`, 'OAuthException');
    if (match[1] !== FAKE_GRAPH_VERSION) {
      return graphError(400, 2635, `(#2635) You are calling a deprecated version of the Graph API. Please update to the latest version: ${FAKE_GRAPH_VERSION}.`, 'OAuthException');
    }
    if (request.method !== 'POST') {
      return graphError(400, 100, `Unsupported ${request.method.toLowerCase()} request. Please read the Graph API documentation`, 'GraphMethodException', 33);
    }
    const pageId = decodeURIComponent(match[2]!);

    const type = mediaType(request.headers);
    let params: Record<string, unknown>;
    if (type === 'application/x-www-form-urlencoded') params = Object.fromEntries(new URLSearchParams(request.body));
    else if (type === 'application/json') {
      const json = parseJson(request.body);
      if (typeof json !== 'object' || json === null || Array.isArray(json)) return graphError(400, 100, 'Invalid JSON for postBody', 'OAuthException');
      params = json as Record<string, unknown>;
    } else return graphError(400, 100, 'Unsupported request content type', 'OAuthException');

    if (request.query.has('access_token') || 'access_token' in params) {
      return graphError(400, 100, 'Access token in the query or body: the app must send it in the Authorization header only', 'OAuthException');
    }
    if (request.bearer === null) return graphError(400, 104, 'An access token is required to request this resource.', 'OAuthException');
    if (this.revoked.has(request.bearer)) {
      return graphError(
        400,
        190,
        'Error validating access token: The session has been invalidated because the user changed their password or Facebook has changed the session for security reasons.',
        'OAuthException',
        460,
      );
    }
    if (!this.isValidToken(request.bearer)) return graphError(400, 190, 'Invalid OAuth access token - Cannot parse access token', 'OAuthException');
    if (this.#pageIds.size > 0 && !this.#pageIds.has(pageId)) {
      return graphError(
        400,
        100,
        `Unsupported post request. Object with ID '${pageId}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.`,
        'GraphMethodException',
        33,
      );
    }

    const message = typeof params.message === 'string' && params.message !== '' ? params.message : null;
    const link = typeof params.link === 'string' && params.link !== '' ? params.link : null;
    if (message === null && link === null) return graphError(400, 100, '(#100) Missing message or attachment', 'OAuthException');
    if (link !== null && !/^https?:\/\//i.test(link)) return graphError(400, 100, '(#100) The parameter link must be a valid URL', 'OAuthException');
    if (message !== null && MESSAGE_LIMIT.measure(message) > MESSAGE_LIMIT.max) {
      return graphError(400, 100, `(#100) The message is too long (over ${MESSAGE_LIMIT.max} characters)`, 'OAuthException');
    }
    // Graph refuses a status identical to the Page's previous one.
    if (!this.instant && message !== null && this.#lastMessage.get(pageId) === message) {
      return {
        status: 400,
        body: {
          error: {
            message: 'Duplicate status message',
            type: 'OAuthException',
            code: 506,
            error_subcode: 1455006,
            error_user_title: 'Duplicate Status Update',
            error_user_msg: 'This status update is identical to the last one you posted. Try posting something different, or delete your previous update.',
            fbtrace_id: fbtrace(),
          },
        },
      };
    }

    const id = `${pageId}_${this.#nextPostId++}`;
    if (!this.instant) {
      this.#lastMessage.set(pageId, message ?? '');
      this.posts.push({ id, pageId, message, link });
    }
    return { status: 200, body: { id } };
  }
}

function fbtrace(): string {
  return randomBytes(8).toString('base64url');
}

/** Graph's error answer. */
export function graphError(status: number, code: number, message: string, type: string, subcode?: number, headers?: Record<string, string>): FakeAnswer {
  return {
    status,
    body: { error: { message, type, code, ...(subcode !== undefined ? { error_subcode: subcode } : {}), fbtrace_id: fbtrace() } },
    ...(headers ? { headers } : {}),
  };
}
