import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/**
 * One request a publishing fake received. The bearer token is kept so tests can assert on it,
 * but as a non-enumerable property: printing, diffing or JSON-serialising a record never shows it.
 */
export interface RecordedPublishRequest {
  method: string;
  /** Path without the query string. */
  path: string;
  query: Record<string, string>;
  /** Request headers, names in lower case, without Authorization. */
  headers: Record<string, string>;
  /** The raw body text. */
  body: string;
  /** What the fake did: the status it answered, or that it held the request or reset the socket. */
  answer: { status: number } | { held: true } | { reset: true };
  /** Test clock time at arrival. */
  at: number;
  /** The token from `Authorization: Bearer …` (non-enumerable; never printed). */
  readonly bearer: string | null;
}

/** A scripted answer the fake sends instead of its normal behaviour. */
export interface ScriptedAnswer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** What a fake's handler returns for a request it processed. */
export interface FakeAnswer {
  status: number;
  /** JSON-serialised unless a string; omitted for an empty body. */
  body?: unknown;
  headers?: Record<string, string>;
  /** The request was handled (its effect kept), then the connection is destroyed before any answer. */
  dropConnection?: boolean;
}

type Fault = (
  | { kind: 'answer'; answer: ScriptedAnswer }
  | { kind: 'hang'; created: boolean }
  | { kind: 'reset'; created: boolean }
  | { kind: 'custom'; run: (request: IncomingPublish) => FakeAnswer }
) & { route: string; skip?: number };

/** The route a scripted fault applies to: the publish route unless a fake names others (`routeOf`). */
export const PUBLISH_ROUTE = 'publish';

/** The parsed request a platform's handler sees. */
export interface IncomingPublish {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  bearer: string | null;
  body: string;
  /** The body's bytes (uploads are binary). */
  raw: Buffer;
}

export interface FakePublishServerOptions {
  /** Decides which tokens are live (e.g. `FakeAuthorizationServer.isIssuedAccessToken`). */
  isValidToken: (token: string) => boolean;
  /** The clock rate-limit windows and records use; defaults to the system clock. */
  clock?: { now(): number };
  /**
   * Bench mode: no rate-limit windows, no duplicate memory, requests counted but not stored,
   * so 10,000 posts cost the fake as little as possible.
   */
  instant?: boolean;
  /**
   * Bench mode: how long to hold each answer to the publish route, asked once per request in the
   * order they arrive (the latency bench's seeded sequence). Default: answer at once.
   */
  answerDelayMs?: () => number;
  /** The largest body read (default 1 MB; upload fakes take segments of several MB). */
  maxBodyBytes?: number;
  /** Bodies longer than this are recorded as `[<n> bytes not kept]` (default: all kept); a run of many uploads spares memory. */
  maxRecordedBodyBytes?: number;
}

const MAX_BODY_BYTES = 1024 * 1024;

/**
 * The shared machinery of the publishing fakes: a real HTTP server on 127.0.0.1 (port 0) that
 * records every request, answers through the platform's handler, and takes scripted faults for
 * the next requests to its publish route (`failNext`, `hangNext`, `resetNext`). Tokens listed
 * with `revoke` are refused the way the platform refuses a revoked token.
 */
export abstract class FakePublishServer {
  readonly requests: RecordedPublishRequest[] = [];
  /** Every request received, also in instant mode (where `requests` stays empty). */
  received = 0;
  protected readonly revoked = new Set<string>();
  protected readonly clock: { now(): number };
  protected readonly instant: boolean;
  readonly #answerDelayMs: (() => number) | undefined;
  readonly #isValidToken: (token: string) => boolean;
  readonly #faults: Fault[] = [];
  readonly #maxBodyBytes: number;
  readonly #maxRecordedBodyBytes: number;
  readonly #sockets = new Set<Socket>();
  #server: http.Server | null = null;
  #url = '';

  constructor(options: FakePublishServerOptions) {
    this.#isValidToken = options.isValidToken;
    this.clock = options.clock ?? { now: () => Date.now() };
    this.instant = options.instant ?? false;
    this.#answerDelayMs = options.answerDelayMs;
    this.#maxBodyBytes = options.maxBodyBytes ?? MAX_BODY_BYTES;
    this.#maxRecordedBodyBytes = options.maxRecordedBodyBytes ?? Infinity;
  }

  /** `http://127.0.0.1:<port>` once started. */
  get url(): string {
    return this.#url;
  }

  async start(): Promise<this> {
    const server = http.createServer((req, res) => this.#receive(req, res));
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

  /** The next publish request gets this answer (body: the platform's usual one for the status). */
  failNext(answer: ScriptedAnswer, route = PUBLISH_ROUTE, after = 0): this {
    this.#faults.push({ kind: 'answer', answer: { ...answer, body: answer.body ?? this.errorBody(answer.status) }, route, skip: after });
    return this;
  }

  /**
   * The next publish request is read and then held: no answer ever comes. With `created` the
   * platform makes the post first (the answer is lost on the way back, the worst case).
   */
  hangNext(options: { created?: boolean; route?: string; after?: number } = {}): this {
    this.#faults.push({ kind: 'hang', created: options.created ?? false, route: options.route ?? PUBLISH_ROUTE, skip: options.after ?? 0 });
    return this;
  }

  /** The next publish request is read, then its connection destroyed (optionally after creating). */
  resetNext(options: { created?: boolean; route?: string; after?: number } = {}): this {
    this.#faults.push({ kind: 'reset', created: options.created ?? false, route: options.route ?? PUBLISH_ROUTE, skip: options.after ?? 0 });
    return this;
  }

  /** From now on this token is refused as revoked by the owner. */
  revoke(token: string): this {
    this.revoked.add(token);
    return this;
  }

  /** Scripted faults not yet used. */
  get pendingFaults(): number {
    return this.#faults.length;
  }

  /** Requests to the publish route, in arrival order. */
  publishRequests(): RecordedPublishRequest[] {
    return this.requests.filter((request) => this.isPublishRoute(request.method, request.path));
  }

  protected queueCustom(run: (request: IncomingPublish) => FakeAnswer, route = PUBLISH_ROUTE): void {
    this.#faults.push({ kind: 'custom', run, route });
  }

  /** The fault route a request belongs to (null: faults never apply); fakes with upload routes name them. */
  protected routeOf(method: string, path: string): string | null {
    return this.isPublishRoute(method, path) ? PUBLISH_ROUTE : null;
  }

  protected isValidToken(token: string): boolean {
    return !this.revoked.has(token) && this.#isValidToken(token);
  }

  /** Whether a request goes to the route faults apply to. */
  protected abstract isPublishRoute(method: string, path: string): boolean;
  /** The platform's answer to a request (validation, auth, limits, the post's creation). */
  protected abstract handle(request: IncomingPublish): FakeAnswer;
  /** The platform's error body for a bare status (used by `failNext` without a body). */
  protected abstract errorBody(status: number): unknown;

  #receive(req: http.IncomingMessage, res: http.ServerResponse): void {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.byteLength;
      if (size <= this.#maxBodyBytes) chunks.push(chunk);
    });
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const authorization = req.headers.authorization ?? '';
      const bearer = /^Bearer /i.test(authorization) ? authorization.slice(7) : null;
      const incoming: IncomingPublish = {
        method: req.method ?? '',
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        bearer,
        body: '',
        raw: Buffer.concat(chunks),
      };
      incoming.body = incoming.raw.toString('utf8');
      this.received++;
      const record = this.instant ? null : this.#record(incoming);
      if (size > this.#maxBodyBytes) return this.#send(res, record, { status: 413, body: this.errorBody(413) });

      const route = this.routeOf(incoming.method, incoming.path);
      const at = route === null ? -1 : this.#faults.findIndex((queued) => queued.route === route);
      // A fault `after` n requests lets that many of its route through first.
      const waiting = at === -1 ? undefined : this.#faults[at];
      const fault = waiting === undefined ? undefined : (waiting.skip ?? 0) > 0 ? (waiting.skip!--, undefined) : this.#faults.splice(at, 1)[0];
      if (fault?.kind === 'hang' || fault?.kind === 'reset') {
        if (fault.created) this.handle(incoming);
        if (record) record.answer = fault.kind === 'hang' ? { held: true } : { reset: true };
        if (fault.kind === 'reset') req.socket.destroy();
        return; // Held: the socket stays open until the client gives up or the fake stops.
      }
      let answer: FakeAnswer;
      if (fault?.kind === 'answer') answer = fault.answer;
      else if (fault?.kind === 'custom') answer = fault.run(incoming);
      else answer = this.handle(incoming);
      if (answer.dropConnection === true) {
        if (record) record.answer = { reset: true };
        req.socket.destroy();
        return;
      }
      const delay = this.#answerDelayMs !== undefined && this.isPublishRoute(incoming.method, incoming.path) ? this.#answerDelayMs() : 0;
      if (delay > 0) setTimeout(() => this.#send(res, record, answer), delay);
      else this.#send(res, record, answer);
    });
  }

  #record(incoming: IncomingPublish): RecordedPublishRequest {
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(incoming.headers)) {
      if (name !== 'authorization' && value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
    }
    const record = {
      method: incoming.method,
      path: incoming.path,
      query: Object.fromEntries(incoming.query),
      headers,
      body: incoming.raw.byteLength > this.#maxRecordedBodyBytes ? `[${incoming.raw.byteLength} bytes not kept]` : incoming.body,
      answer: { status: 0 },
      at: this.clock.now(),
    } as RecordedPublishRequest;
    Object.defineProperty(record, 'bearer', { value: incoming.bearer, enumerable: false });
    this.requests.push(record);
    return record;
  }

  #send(res: http.ServerResponse, record: RecordedPublishRequest | null, answer: FakeAnswer): void {
    if (record) record.answer = { status: answer.status };
    const text = answer.body === undefined ? '' : typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
    res.writeHead(answer.status, {
      ...(answer.body === undefined ? {} : { 'content-type': 'application/json' }),
      'content-length': String(Buffer.byteLength(text)),
      ...answer.headers,
    });
    res.end(text);
  }
}

/** Parses a JSON body; undefined when it is not JSON. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** The media type of a request, without parameters. */
export function mediaType(headers: http.IncomingHttpHeaders): string {
  return (headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
}

/**
 * The page a published post's link opens (`GET` on the fake at the path the app's link names,
 * when the app's `AGENCYIQ_PUBLISH_<PLATFORM>_WEB_URL` points here): the post as the network
 * would show it, marked as a local stand-in. `null` (no such post) is the network's 404 page.
 */
export function postPage(network: string, post: { id: string; text: string | null } | null): FakeAnswer {
  const banner = `<p style="background:#fff4ce;padding:.4rem 1rem;font-weight:600">Local stand-in for ${escapeHtml(network)} — nothing here is on the internet</p>`;
  const body =
    post === null
      ? `<h1>This post doesn’t exist on ${escapeHtml(network)}</h1>`
      : `<h1>Post on ${escapeHtml(network)}</h1><blockquote data-testid="post-text">${escapeHtml(post.text ?? '')}</blockquote><p>Post id <code>${escapeHtml(post.id)}</code></p>`;
  return {
    status: post === null ? 404 : 200,
    headers: { 'content-type': 'text/html; charset=utf-8' },
    body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(network)} (local stand-in)</title><style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;line-height:1.5}button{font:inherit;padding:.4rem 1.2rem}</style></head><body>${banner}${body}</body></html>`,
  };
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
