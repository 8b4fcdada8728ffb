import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { PLATFORM_TEXT_LIMITS } from '@shared/platforms/limits';
import { FAKE_GRAPH_VERSION } from './fake-facebook-graph';
import { postPage } from './fake-publish-server';

/** A container as the fake keeps it. */
export interface FakeContainer {
  id: string;
  igUserId: string;
  kind: 'IMAGE' | 'REELS' | 'VIDEO' | 'CAROUSEL';
  carouselItem: boolean;
  caption: string | null;
  altText: string | null;
  imageUrl: string | null;
  children: string[];
  /** Bytes received on the upload host (resumable video). */
  uploadedBytes: number | null;
  createdAt: number;
  /** When processing ends (null: waits for its upload). */
  readyAt: number | null;
  scripted: { status: 'ERROR' | 'EXPIRED'; words: string } | null;
  publishedMediaId: string | null;
  /** When the app last read its status, and what it was told (null: never read). */
  statusRead: { at: number; status: string } | null;
}

/** A post the fake published. */
export interface FakeInstagramPost {
  id: string;
  igUserId: string;
  containerId: string;
  kind: FakeContainer['kind'];
  caption: string | null;
  /** The image bytes Meta fetched, per picture (carousel order). */
  fetchedImages: Buffer[];
  permalink: string;
  at: number;
}

export interface FakeInstagramGraphOptions {
  isValidToken: (token: string) => boolean;
  /** Professional accounts that exist; empty: any. */
  igUserIds?: readonly string[];
  /** Drives processing and the 24 h windows; default the system clock. */
  clock?: { now(): number };
  /** How long a container stays IN_PROGRESS once it has its media (default 40 ms). */
  processingMs?: number;
  /** Posts allowed per rolling 24 h (`content_publishing_limit`; Meta's is read at run time). */
  quotaTotal?: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;
const CAPTION_MAX = PLATFORM_TEXT_LIMITS.instagram[0]!.max;
const CONTAINER_PATH = /^\/(v\d+\.\d+)\/(\d+)$/;
const EDGE_PATH = /^\/(v\d+\.\d+)\/(\d+)\/(media|media_publish|content_publishing_limit)$/;
const UPLOAD_PATH = /^\/ig-api-upload\/(\d+)$/;
const MAX_UPLOAD_BYTES = 64 * 1024 * 1024;

type Answer = { status: number; body: unknown; headers?: Record<string, string> };

/**
 * Instagram's Content Publishing API (Graph, the version in force only) and its upload host, on
 * 127.0.0.1, strict to the documented contract:
 * - `POST /{ig-user-id}/media` makes a container; for `image_url` it REALLY fetches the URL (as
 *   Meta's crawler does) and answers 9004 / 2207052 when the fetch fails or is not a JPEG;
 *   Reels and carousel videos take `upload_type=resumable` and their bytes on
 *   `POST /ig-api-upload/{container-id}` (`Authorization: OAuth`, `offset`, `file_size`);
 *   `media_type=CAROUSEL` takes 2–10 finished child containers of the same account.
 * - `GET /{container-id}?fields=status_code` moves IN_PROGRESS → FINISHED over time (after its
 *   media arrived); scripted ERROR; EXPIRED 24 h after creation.
 * - `POST /{ig-user-id}/media_publish` before FINISHED is refused (9007 / 2207027) AND counted in
 *   `publishedBeforeFinished`, so a test fails if the app ever tries it.
 * - `GET /{ig-user-id}/content_publishing_limit` reports the rolling 24 h usage; publishing past
 *   it is refused. A token anywhere but the Authorization header is refused.
 */
export class FakeInstagramGraph {
  readonly containers = new Map<string, FakeContainer>();
  readonly posts: FakeInstagramPost[] = [];
  /** Every request, in order (method and path; no tokens). */
  readonly requests: { method: string; path: string; query: string }[] = [];
  /** media_publish calls on a container that was not FINISHED: must stay 0. */
  publishedBeforeFinished = 0;
  /** The `creation_id` of every media_publish call, in order (refused ones too). */
  readonly publishCalls: string[] = [];
  /** What the fake's crawler fetched: each URL and the status it got (or the network error). */
  readonly fetches: { url: string; outcome: number | string }[] = [];
  readonly #options: Required<Omit<FakeInstagramGraphOptions, 'igUserIds'>> & { igUserIds: ReadonlySet<string> };
  readonly #fetched = new Map<string, Buffer>();
  readonly #sockets = new Set<Socket>();
  #nextScript: FakeContainer['scripted'] = null;
  #nextId = 17_900_000_000_000_001n;
  #server: http.Server | null = null;
  #url = '';

  constructor(options: FakeInstagramGraphOptions) {
    this.#options = {
      isValidToken: options.isValidToken,
      igUserIds: new Set(options.igUserIds ?? []),
      clock: options.clock ?? { now: () => Date.now() },
      processingMs: options.processingMs ?? 40,
      quotaTotal: options.quotaTotal ?? 50,
    };
  }

  get url(): string {
    return this.#url;
  }

  /** `AGENCYIQ_PUBLISH_INSTAGRAM_URL`: the base with the Graph version. */
  get graphUrl(): string {
    return `${this.#url}/${FAKE_GRAPH_VERSION}`;
  }

  /** The next container made ends in this status (with Meta's words in `status`). */
  failNextContainer(status: 'ERROR' | 'EXPIRED', words = status === 'ERROR' ? 'Error: Media upload has failed with error code 2207026' : 'Expired'): this {
    this.#nextScript = { status, words };
    return this;
  }

  async start(): Promise<this> {
    const server = http.createServer((req, res) => void this.#receive(req, res));
    server.on('connection', (socket) => {
      this.#sockets.add(socket);
      socket.on('close', () => this.#sockets.delete(socket));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.#server = server;
    this.#url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    const server = this.#server;
    if (server === null) return;
    this.#server = null;
    for (const socket of this.#sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** The container's status as `GET ?fields=status_code` reports it now. */
  statusOf(container: FakeContainer): 'IN_PROGRESS' | 'FINISHED' | 'ERROR' | 'EXPIRED' | 'PUBLISHED' {
    const now = this.#options.clock.now();
    if (container.publishedMediaId !== null) return 'PUBLISHED';
    if (now >= container.createdAt + DAY_MS) return 'EXPIRED';
    if (container.readyAt === null || now < container.readyAt) return 'IN_PROGRESS';
    return container.scripted?.status ?? 'FINISHED';
  }

  /**
   * Containers the app is polling: it was last told IN_PROGRESS, at or after `since`, so it is
   * waiting to ask again. A crash test asks this at the moment it kills the app.
   */
  pollingSince(since: number): FakeContainer[] {
    return [...this.containers.values()].filter((container) => container.statusRead?.status === 'IN_PROGRESS' && container.statusRead.at >= since);
  }

  async #receive(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size <= MAX_UPLOAD_BYTES) chunks.push(chunk);
    }
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    this.requests.push({ method: req.method ?? '', path: url.pathname, query: url.search });
    let answer: Answer;
    try {
      answer = size > MAX_UPLOAD_BYTES ? graphError(413, 100, 'Request too large') : await this.#handle(req, url, Buffer.concat(chunks));
    } catch (error) {
      answer = graphError(500, 2, `Service temporarily unavailable (${error instanceof Error ? error.message : String(error)})`);
    }
    const text = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
    res.writeHead(answer.status, { 'content-type': 'application/json; charset=UTF-8', ...answer.headers, 'content-length': Buffer.byteLength(text) });
    res.end(text);
  }

  async #handle(req: http.IncomingMessage, url: URL, body: Buffer): Promise<Answer> {
    const method = req.method ?? '';
    const authorization = req.headers.authorization ?? '';
    // instagram.com's page for a post, where the permalink (the app's "View on Instagram") leads.
    const page = /^\/p\/([A-Za-z0-9_-]+)\/$/.exec(url.pathname);
    if (method === 'GET' && page) {
      const post = this.posts.find((p) => p.permalink.endsWith(`/p/${page[1]}/`));
      return postPage('Instagram', post ? { id: post.id, text: post.caption } : null) as Answer;
    }
    const upload = UPLOAD_PATH.exec(url.pathname);
    if (upload) return this.#upload(method, authorization, req.headers, upload[1]!, body);

    const version = /^\/(v\d+\.\d+)\//.exec(url.pathname)?.[1];
    if (version === undefined) return graphError(400, 2500, `Unknown path components: ${url.pathname}`);
    if (version !== FAKE_GRAPH_VERSION) {
      return graphError(400, 2635, `(#2635) You are calling a deprecated version of the Graph API. Please update to the latest version: ${FAKE_GRAPH_VERSION}.`);
    }
    const params = new URLSearchParams(url.search);
    if (method === 'POST') {
      const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim();
      if (body.length > 0 && type !== 'application/x-www-form-urlencoded') return graphError(400, 100, 'Unsupported request content type');
      for (const [key, value] of new URLSearchParams(body.toString('utf8'))) params.set(key, value);
    }
    if (params.has('access_token')) return graphError(400, 100, 'Access token in the query or body: the app must send it in the Authorization header only');
    const auth = this.#bearer(authorization, 'Bearer');
    if (auth !== null) return auth;

    const edge = EDGE_PATH.exec(url.pathname);
    if (edge) {
      const igUserId = edge[2]!;
      if (this.#options.igUserIds.size > 0 && !this.#options.igUserIds.has(igUserId)) {
        return graphError(400, 100, `Unsupported request. Object with ID '${igUserId}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.`, 33);
      }
      if (edge[3] === 'content_publishing_limit' && method === 'GET') return this.#limit(igUserId);
      if (edge[3] === 'media' && method === 'POST') return this.#createContainer(igUserId, params);
      if (edge[3] === 'media_publish' && method === 'POST') return this.#publish(igUserId, params);
      return graphError(400, 100, `Unsupported ${method.toLowerCase()} request.`, 33);
    }
    const node = CONTAINER_PATH.exec(url.pathname);
    if (node && method === 'GET') return this.#read(node[2]!, params.get('fields') ?? '');
    return graphError(400, 2500, `Unknown path components: ${url.pathname}`);
  }

  /** null when the header carries a live token under `scheme`; else Graph's refusal. */
  #bearer(authorization: string, scheme: 'Bearer' | 'OAuth'): Answer | null {
    const prefix = `${scheme} `;
    if (!authorization.startsWith(prefix)) return graphError(400, 104, 'An access token is required to request this resource.');
    if (!this.#options.isValidToken(authorization.slice(prefix.length))) return graphError(400, 190, 'Invalid OAuth access token - Cannot parse access token');
    return null;
  }

  #publishedInWindow(igUserId: string): number {
    const since = this.#options.clock.now() - DAY_MS;
    return this.posts.filter((post) => post.igUserId === igUserId && post.at > since).length;
  }

  #limit(igUserId: string): Answer {
    return {
      status: 200,
      body: { data: [{ quota_usage: this.#publishedInWindow(igUserId), config: { quota_total: this.#options.quotaTotal, quota_duration: 86_400 } }] },
    };
  }

  async #createContainer(igUserId: string, params: URLSearchParams): Promise<Answer> {
    const now = this.#options.clock.now();
    const caption = params.get('caption');
    if (caption !== null && [...caption].length > CAPTION_MAX) return graphError(400, 100, `The caption is too long (over ${CAPTION_MAX} characters).`, 2207050);
    const mediaType = params.get('media_type') ?? 'IMAGE';
    const carouselItem = params.get('is_carousel_item') === 'true';
    const base = { igUserId, carouselItem, caption, altText: params.get('alt_text'), createdAt: now, scripted: null, publishedMediaId: null, uploadedBytes: null, statusRead: null };

    if (mediaType === 'CAROUSEL') {
      const children = (params.get('children') ?? '').split(',').filter((id) => id !== '');
      if (children.length < 2 || children.length > 10) return graphError(400, 100, 'The carousel must have between 2 and 10 children.', 2207050);
      for (const id of children) {
        const child = this.containers.get(id);
        if (!child || child.igUserId !== igUserId || !child.carouselItem) return graphError(400, 100, `Invalid child container ${id}.`, 2207050);
        if (this.statusOf(child) !== 'FINISHED') return graphError(400, 9007, 'Media ID is not available', 2207027);
      }
      return this.#add({ ...base, kind: 'CAROUSEL', imageUrl: null, children, readyAt: now + this.#options.processingMs });
    }
    if (mediaType === 'REELS' || mediaType === 'VIDEO') {
      if (mediaType === 'REELS' && carouselItem) return graphError(400, 100, 'Reels cannot be carousel items; use media_type=VIDEO.');
      if (mediaType === 'VIDEO' && !carouselItem) return graphError(400, 100, 'media_type=VIDEO is only for carousel items; a single video is a Reel (REELS).');
      if (params.get('upload_type') !== 'resumable') return graphError(400, 100, 'This fake takes videos through upload_type=resumable only.');
      const made = this.#add({ ...base, kind: mediaType, imageUrl: null, children: [], readyAt: null });
      const id = (made.body as { id: string }).id;
      return { status: 200, body: { id, uri: `${this.#url}/ig-api-upload/${id}` } };
    }
    if (mediaType !== 'IMAGE') return graphError(400, 100, `Unsupported media_type ${mediaType}.`);
    const imageUrl = params.get('image_url');
    if (imageUrl === null || imageUrl === '') return graphError(400, 100, 'The parameter image_url is required.');
    // Meta's crawler fetches the picture now; a URL it cannot get ends the container here.
    const fetched = await this.#crawl(imageUrl);
    if (fetched === null) {
      return {
        status: 400,
        body: {
          error: {
            message: 'Media download has failed. The media URI doesn\'t meet our requirements.',
            type: 'OAuthException',
            code: 9004,
            error_subcode: 2207052,
            is_transient: false,
            error_user_title: 'Media download has failed',
            error_user_msg: 'The media could not be fetched from this URI: ' + imageUrl,
            fbtrace_id: randomBytes(8).toString('base64url'),
          },
        },
      };
    }
    return this.#add({ ...base, kind: 'IMAGE', imageUrl, children: [], readyAt: now + this.#options.processingMs }, fetched);
  }

  /** Fetches like facebookexternalhit: GET, no cookies, must be a 200 JPEG. */
  async #crawl(url: string): Promise<Buffer | null> {
    try {
      const response = await fetch(url, { headers: { 'user-agent': 'facebookexternalhit/1.1' }, redirect: 'follow', signal: AbortSignal.timeout(10_000) });
      const bytes = Buffer.from(await response.arrayBuffer());
      this.fetches.push({ url, outcome: response.status });
      const jpeg = bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;
      return response.status === 200 && jpeg ? bytes : null;
    } catch (error) {
      this.fetches.push({ url, outcome: error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error) });
      return null;
    }
  }

  #add(fields: Omit<FakeContainer, 'id'>, fetched?: Buffer): Answer {
    const id = String(this.#nextId++);
    const container: FakeContainer = { id, ...fields, scripted: this.#nextScript };
    this.#nextScript = null;
    this.containers.set(id, container);
    if (fetched) this.#fetched.set(id, fetched);
    return { status: 200, body: { id } };
  }

  #upload(method: string, authorization: string, headers: http.IncomingHttpHeaders, id: string, body: Buffer): Answer {
    const refuse = (status: number, message: string): Answer => ({ status, body: { debug_info: { retriable: false, type: 'ProcessingFailedError', message } } });
    if (method !== 'POST') return refuse(400, 'Upload with POST.');
    if (!authorization.startsWith('OAuth ')) return refuse(401, 'The upload host takes the token as "Authorization: OAuth <token>".');
    if (!this.#options.isValidToken(authorization.slice(6))) return refuse(401, 'Invalid OAuth access token.');
    const container = this.containers.get(id);
    if (!container || (container.kind !== 'REELS' && container.kind !== 'VIDEO')) return refuse(400, 'No resumable video container with this id.');
    const offset = Number(headers['offset']);
    const fileSize = Number(headers['file_size']);
    if (!Number.isInteger(offset) || !Number.isInteger(fileSize) || fileSize <= 0) return refuse(400, 'The offset and file_size headers are required.');
    if (offset !== 0 && offset !== (container.uploadedBytes ?? 0)) return refuse(400, `Resume from offset ${container.uploadedBytes ?? 0}.`);
    if (offset + body.length !== fileSize) return refuse(400, `Received ${body.length} bytes from offset ${offset}; file_size says ${fileSize}.`);
    container.uploadedBytes = fileSize;
    container.readyAt = this.#options.clock.now() + this.#options.processingMs;
    return { status: 200, body: { success: true, message: 'Upload successful.' } };
  }

  #read(id: string, fields: string): Answer {
    const container = this.containers.get(id);
    if (container) {
      const status = this.statusOf(container);
      if (fields.includes('status_code')) container.statusRead = { at: this.#options.clock.now(), status };
      const words = status === 'ERROR' || status === 'EXPIRED' ? (container.scripted?.words ?? status) : status === 'IN_PROGRESS' ? 'In Progress' : 'Finished';
      return { status: 200, body: { ...(fields.includes('status_code') ? { status_code: status } : {}), ...(fields.includes('status') ? { status: words } : {}), id } };
    }
    const post = this.posts.find((p) => p.id === id);
    if (post) return { status: 200, body: { ...(fields.includes('permalink') ? { permalink: post.permalink } : {}), id } };
    return graphError(400, 100, `Unsupported get request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.`, 33);
  }

  #publish(igUserId: string, params: URLSearchParams): Answer {
    const creationId = params.get('creation_id') ?? '';
    this.publishCalls.push(creationId);
    const container = this.containers.get(creationId);
    if (!container || container.igUserId !== igUserId) return graphError(400, 100, `Invalid creation_id ${creationId}.`);
    if (container.carouselItem) return graphError(400, 100, 'A carousel item is published through its CAROUSEL container.');
    const status = this.statusOf(container);
    if (status === 'PUBLISHED') return graphError(400, 9007, 'Media ID is not available (already published)', 2207027);
    if (status !== 'FINISHED') {
      this.publishedBeforeFinished++;
      return graphError(400, 9007, 'Media ID is not available', 2207027, 'The media is not ready for publishing, please wait for a moment');
    }
    if (this.#publishedInWindow(igUserId) >= this.#options.quotaTotal) {
      return graphError(400, 9, 'Application request limit reached', 2207042, 'You reached the maximum number of posts that is allowed to be published by Content Publish API.');
    }
    const id = String(this.#nextId++);
    container.publishedMediaId = id;
    const images = container.kind === 'CAROUSEL' ? container.children.map((child) => this.#fetched.get(child)) : [this.#fetched.get(container.id)];
    this.posts.push({
      id,
      igUserId,
      containerId: container.id,
      kind: container.kind,
      caption: container.caption,
      fetchedImages: images.filter((bytes): bytes is Buffer => bytes !== undefined),
      permalink: `${this.#url}/p/${randomBytes(8).toString('base64url')}/`,
      at: this.#options.clock.now(),
    });
    return { status: 200, body: { id } };
  }
}

function graphError(status: number, code: number, message: string, subcode?: number, userMessage?: string): Answer {
  return {
    status,
    body: {
      error: {
        message,
        type: 'OAuthException',
        code,
        ...(subcode !== undefined ? { error_subcode: subcode } : {}),
        ...(userMessage !== undefined ? { error_user_msg: userMessage } : {}),
        fbtrace_id: randomBytes(8).toString('base64url'),
      },
    },
  };
}
