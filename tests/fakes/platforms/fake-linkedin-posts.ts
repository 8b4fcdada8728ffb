import { PLATFORM_TEXT_LIMITS } from '@shared/platforms/limits';
import { isLinkedInVersionActive, nonexistentVersionBody } from './linkedin-version-window';
import { readLittleText } from './little-text-reader';
import { FakePublishServer, mediaType, parseJson, postPage, type FakeAnswer, type FakePublishServerOptions, type IncomingPublish } from './fake-publish-server';
import { FakeLinkedInImages, inputError } from './fake-linkedin-images';
import { FakeLinkedInVideos } from './fake-linkedin-videos';
import { FakeLinkedInDocuments } from './fake-linkedin-documents';

/** A post the fake LinkedIn API created. */
export interface FakeLinkedInPost {
  urn: string;
  author: string;
  /** What the post shows: the little text as LinkedIn reads it (cut at an unescaped reserved character). */
  commentary: string;
  /** The `commentary` field exactly as the app sent it (little text). */
  littleText: string;
  /** Image URNs the post carries (`content.media` or `content.multiImage`), in order. */
  images: string[];
  /** The video URN the post carries (`content.media`), if any, and the title it was given. */
  video: string | null;
  /** The document URN the post carries (`content.media`), if any (its title is `title`). */
  document: string | null;
  title: string | null;
}

export interface FakeLinkedInPostsOptions extends FakePublishServerOptions {
  /** Whether this token may post as this author URN (the member, or an organisation it administers). */
  mayPostAs?: (token: string, author: string) => boolean;
  /** How long (fake clock) LinkedIn takes to process an uploaded picture / video before it is AVAILABLE. */
  imageProcessingMs?: number;
  videoProcessingMs?: number;
  documentProcessingMs?: number;
}

const COMMENTARY_LIMIT = PLATFORM_TEXT_LIMITS.linkedin[0]!;
const AUTHOR = /^urn:li:(person|organization):[A-Za-z0-9_-]+$/;

/**
 * LinkedIn's versioned Posts API (`POST /rest/posts`) on 127.0.0.1, strict to the documented
 * contract: `LinkedIn-Version` required (missing → 400 VERSION_MISSING; a version not served on
 * the fake clock's date — from a future month, or sunset about a year after release, see
 * linkedin-version-window.ts — → 426 NONEXISTENT_VERSION), `X-Restli-Protocol-Version: 2.0.0`
 * required (→ 400), 401 Rest.li bodies for bad or revoked tokens, the post body validated field
 * by field (422), commentary read as little text (kept only up to the first unescaped reserved
 * character, as LinkedIn does, still 201) and over 3,000 characters → 422, the same author
 * posting the same commentary again → 422 DUPLICATE_POST, and 201 with an empty body and the new
 * URN in `x-restli-id`.
 */
export class FakeLinkedInPosts extends FakePublishServer {
  readonly posts: FakeLinkedInPost[] = [];
  /** The Images API (fake-linkedin-images.ts); its uploadUrl points back at this server. */
  readonly images: FakeLinkedInImages;
  /** The Videos API (fake-linkedin-videos.ts); its part addresses point back at this server. */
  readonly videos: FakeLinkedInVideos;
  /** The Documents API (fake-linkedin-documents.ts); its uploadUrl points back at this server. */
  readonly documents: FakeLinkedInDocuments;
  readonly #mayPostAs: (token: string, author: string) => boolean;
  readonly #seen = new Map<string, string>();
  #nextId = 7_100_000_000_000_000_001n;

  constructor(options: FakeLinkedInPostsOptions) {
    super({ maxBodyBytes: 16 * 1024 * 1024, ...options });
    this.#mayPostAs = options.mayPostAs ?? (() => true);
    this.images = new FakeLinkedInImages(this.clock, () => this.url, options.imageProcessingMs);
    this.videos = new FakeLinkedInVideos(this.clock, () => this.url, options.videoProcessingMs);
    this.documents = new FakeLinkedInDocuments(this.clock, () => this.url, options.documentProcessingMs);
  }

  /**
   * Scripted faults may target the uploads: `failNext(answer, 'linkedin.images')`, `resetNext({route: 'linkedin.upload'})`,
   * `hangNext({route: 'linkedin.video-part', after: 1})`, `'linkedin.videos'` (initialize/finalize), `'linkedin.documents'`, `'linkedin.status'` (GET of an upload).
   */
  protected override routeOf(method: string, path: string): string | null {
    if (method === 'POST' && path === '/rest/images') return 'linkedin.images';
    if (method === 'POST' && path === '/rest/videos') return 'linkedin.videos';
    if (method === 'POST' && path === '/rest/documents') return 'linkedin.documents';
    if (method === 'GET' && /^\/rest\/(images|videos|documents)\/[^/]+$/.test(path)) return 'linkedin.status';
    if (method === 'PUT' && path.startsWith('/dms-uploads/video/')) return 'linkedin.video-part';
    if (method === 'PUT' && path.startsWith('/dms-uploads/')) return 'linkedin.upload';
    return super.routeOf(method, path);
  }

  /** The next publish gets 429 TOO_MANY_REQUESTS, with `Retry-After` when given (seconds). */
  rateLimitNext(retryAfterSeconds?: number): this {
    this.queueCustom(() => ({
      status: 429,
      body: restliError(429, 'TOO_MANY_REQUESTS', 'Resource level throttle APPLICATION DAY limit for calls to this resource is reached.', 101),
      ...(retryAfterSeconds !== undefined ? { headers: { 'retry-after': String(retryAfterSeconds) } } : {}),
    }));
    return this;
  }

  protected isPublishRoute(method: string, path: string): boolean {
    return method === 'POST' && path === '/rest/posts';
  }

  protected errorBody(status: number): unknown {
    if (status >= 500) return restliError(status, 'INTERNAL_SERVER_ERROR', 'Internal Server Error');
    return restliError(status, 'ERROR', `HTTP ${status}`);
  }

  protected handle(request: IncomingPublish): FakeAnswer {
    // linkedin.com's page for a post, where the app's "View on LinkedIn" link leads (see postPage).
    const page = /^\/feed\/update\/(urn:li:[A-Za-z]+:\d+)\/?$/.exec(decodeURIComponent(request.path));
    if (request.method === 'GET' && page) {
      const post = this.posts.find((p) => p.urn === page[1]);
      return postPage('LinkedIn', post ? { id: post.urn, text: post.commentary } : null);
    }
    const part = /^\/dms-uploads\/video\/([\w-]+)\/part\/(\d+)$/.exec(request.path);
    if (part) {
      // Video part addresses are signed: LinkedIn's examples PUT them without the token.
      if (request.method !== 'PUT') return { status: 405, body: restliError(405, 'METHOD_NOT_ALLOWED', 'Method not allowed') };
      return this.videos.uploadPart(request, part[1]!, Number(part[2]));
    }
    const upload = /^\/dms-uploads\/(image|document)\/([\w-]+)$/.exec(request.path);
    if (upload) {
      if (request.method !== 'PUT') return { status: 405, body: restliError(405, 'METHOD_NOT_ALLOWED', 'Method not allowed') };
      if (request.bearer === null || !this.isValidToken(request.bearer)) return { status: 401, body: restliError(401, 'INVALID_ACCESS_TOKEN', 'Invalid access token', 65600) };
      return upload[1] === 'image' ? this.images.upload(request, upload[2]!) : this.documents.upload(request, upload[2]!);
    }
    // `GET /rest/{images|videos|documents}/{urn}`: the URN is one path segment, percent-encoded (Rest.li 2.0).
    const read = /^\/rest\/(images|videos|documents)\/([^/]+)$/.exec(request.path);
    if (!['/rest/posts', '/rest/images', '/rest/videos', '/rest/documents'].includes(request.path) && read === null) return { status: 404, body: restliError(404, 'NOT_FOUND', 'Not Found') };
    if (read !== null && request.method !== 'GET') return { status: 405, body: restliError(405, 'METHOD_NOT_ALLOWED', 'Method not allowed') };
    if (read === null && request.method !== 'POST') return { status: 405, body: restliError(405, 'METHOD_NOT_ALLOWED', 'Method not allowed') };
    if (request.query.has('oauth2_access_token') || request.query.has('access_token')) {
      return { status: 400, body: restliError(400, 'ILLEGAL_ARGUMENT', 'Access token in the query: the app must send it in the Authorization header only') };
    }
    if (request.bearer === null || !this.isValidToken(request.bearer)) {
      return this.revoked.has(request.bearer ?? '')
        ? { status: 401, body: restliError(401, 'REVOKED_ACCESS_TOKEN', 'The token used in the request has been revoked by the user', 65601) }
        : { status: 401, body: restliError(401, 'INVALID_ACCESS_TOKEN', 'Invalid access token', 65600) };
    }
    const version = header(request, 'linkedin-version');
    if (version === null) {
      return { status: 400, body: restliError(400, 'VERSION_MISSING', 'A version must be present. Please specify a version by adding the LinkedIn-Version header.') };
    }
    if (!/^\d{6}(\.\d{2})?$/.test(version)) return { status: 400, body: restliError(400, 'INVALID_VERSION', `Invalid version format: ${version}`) };
    if (!isLinkedInVersionActive(version, this.clock.now())) return { status: 426, body: nonexistentVersionBody(version) };
    if (header(request, 'x-restli-protocol-version') !== '2.0.0') {
      return { status: 400, body: restliError(400, 'ILLEGAL_ARGUMENT', 'The X-Restli-Protocol-Version header must be 2.0.0 for this resource.') };
    }
    if (read !== null) {
      if (read[2]!.includes(':')) return { status: 400, body: restliError(400, 'ILLEGAL_ARGUMENT', 'The URN in the path must be URL-encoded') };
      const token = request.bearer;
      const urn = decodeURIComponent(read[2]!);
      const mayRead = (owner: string) => this.#mayPostAs(token, owner);
      return read[1] === 'images' ? this.images.get(urn, mayRead) : read[1] === 'videos' ? this.videos.get(urn, mayRead) : this.documents.get(urn, mayRead);
    }
    if (mediaType(request.headers) !== 'application/json') {
      return { status: 415, body: restliError(415, 'UNSUPPORTED_MEDIA_TYPE', 'Content-Type must be application/json') };
    }

    const json = parseJson(request.body);
    if (typeof json !== 'object' || json === null || Array.isArray(json)) return inputError('', 'Request body is not a JSON object', 'INVALID_VALUE');
    const body = json as Record<string, unknown>;
    if (request.path === '/rest/images') {
      if (request.query.get('action') !== 'initializeUpload') return { status: 400, body: restliError(400, 'ILLEGAL_ARGUMENT', 'Unsupported action') };
      const token = request.bearer;
      return this.images.initialize(body, (owner) => this.#mayPostAs(token, owner));
    }
    if (request.path === '/rest/documents') {
      if (request.query.get('action') !== 'initializeUpload') return { status: 400, body: restliError(400, 'ILLEGAL_ARGUMENT', 'Unsupported action') };
      const token = request.bearer;
      return this.documents.initialize(body, (owner) => this.#mayPostAs(token, owner));
    }
    if (request.path === '/rest/videos') {
      const token = request.bearer;
      const action = request.query.get('action');
      if (action === 'initializeUpload') return this.videos.initialize(body, (owner) => this.#mayPostAs(token, owner));
      if (action === 'finalizeUpload') return this.videos.finalize(body, (owner) => this.#mayPostAs(token, owner));
      return { status: 400, body: restliError(400, 'ILLEGAL_ARGUMENT', 'Unsupported action') };
    }
    const author = body.author;
    if (typeof author !== 'string') return inputError('/author', 'field is required but not found and has no default value', 'FIELD_VALUE_MISSING');
    if (!AUTHOR.test(author)) return inputError('/author', `${author} is not a valid person or organization URN`, 'INVALID_VALUE');
    const littleText = body.commentary;
    if (typeof littleText !== 'string') return inputError('/commentary', 'field is required but not found and has no default value', 'FIELD_VALUE_MISSING');
    const commentary = readLittleText(littleText);
    if (COMMENTARY_LIMIT.measure(commentary) > COMMENTARY_LIMIT.max) {
      return inputError('/commentary', `length of commentary exceeds the maximum of ${COMMENTARY_LIMIT.max}`, 'MAX_LENGTH_EXCEEDED');
    }
    if (!['PUBLIC', 'CONNECTIONS', 'LOGGED_IN'].includes(body.visibility as string)) {
      return inputError('/visibility', 'must be one of PUBLIC, CONNECTIONS, LOGGED_IN', 'INVALID_VALUE');
    }
    const distribution = body.distribution as Record<string, unknown> | undefined;
    if (
      typeof distribution !== 'object' ||
      distribution === null ||
      !['MAIN_FEED', 'NONE'].includes(distribution.feedDistribution as string) ||
      !Array.isArray(distribution.targetEntities) ||
      !Array.isArray(distribution.thirdPartyDistributionChannels)
    ) {
      return inputError('/distribution', 'feedDistribution, targetEntities and thirdPartyDistributionChannels are required', 'INVALID_VALUE');
    }
    if (body.lifecycleState !== 'PUBLISHED') return inputError('/lifecycleState', 'must be PUBLISHED', 'INVALID_VALUE');
    if ('isReshareDisabledByAuthor' in body && typeof body.isReshareDisabledByAuthor !== 'boolean') {
      return inputError('/isReshareDisabledByAuthor', 'must be a boolean', 'INVALID_VALUE');
    }
    if (!this.#mayPostAs(request.bearer, author)) {
      return { status: 403, body: restliError(403, 'ACCESS_DENIED', 'Not enough permissions to access: partnerApiPostsExternal.CREATE.20251001', 100) };
    }

    const content = body.content as { media?: { id?: unknown; title?: unknown }; multiImage?: { images: Array<{ id: string }> } } | undefined;
    const mediaId = typeof content?.media?.id === 'string' ? content.media.id : '';
    const isVideo = mediaId.startsWith('urn:li:video:');
    const isDocument = mediaId.startsWith('urn:li:document:');
    const kind = isVideo ? this.videos : isDocument ? this.documents : this.images;
    const refusal =
      content === undefined ? null : isVideo ? this.videos.refusal(content.media!, author) : isDocument ? this.documents.refusal(content.media!, author) : this.images.refusal(content, author);
    if (refusal !== null) {
      kind.refusedPosts.push(refusal);
      return inputError('/content', refusal, 'INVALID_VALUE');
    }
    const images = isVideo || isDocument ? [] : content?.media !== undefined ? [content.media.id as string] : (content?.multiImage?.images.map((image) => image.id) ?? []);
    const video = isVideo ? mediaId : null;
    const document = isDocument ? mediaId : null;
    const title = typeof content?.media?.title === 'string' ? content.media.title : null;

    const key = `${author}\n${commentary}`;
    const earlier = this.instant ? undefined : this.#seen.get(key);
    if (earlier !== undefined) {
      return {
        status: 422,
        body: {
          errorDetailType: 'com.linkedin.common.error.BadRequest',
          message: `com.linkedin.content.common.exception.BadRequestResponseException: Content is a duplicate of ${earlier}`,
          errorDetails: { inputErrors: [{ description: 'Duplicate post is detected', input: {}, code: 'DUPLICATE_POST' }] },
          status: 422,
        },
      };
    }
    const urn = `urn:li:share:${this.#nextId++}`;
    if (!this.instant) {
      this.#seen.set(key, urn);
      this.posts.push({ urn, author, commentary, littleText, images, video, document, title });
    }
    return { status: 201, headers: { 'x-restli-id': urn, 'x-linkedin-id': urn } };
  }
}

/** A request header as one string; null when absent or repeated. */
export function header(request: IncomingPublish, name: string): string | null {
  const value = request.headers[name];
  return typeof value === 'string' ? value : null;
}

/** Rest.li's plain error body. */
export function restliError(status: number, code: string, message: string, serviceErrorCode?: number): unknown {
  return { status, code, message, ...(serviceErrorCode !== undefined ? { serviceErrorCode } : {}) };
}
