import { createHash, randomBytes, type Hash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

const CHUNK_UNIT = 256 * 1024;
const PRIVACY = new Set(['private', 'unlisted', 'public']);

/** A video the fake created (the upload completed). */
export interface FakeYouTubeVideo {
  id: string;
  title: string;
  description: string;
  privacyStatus: string;
  notifySubscribers: boolean;
  bytes: number;
  sha256: string;
  mimeType: string;
}

/** An upload session as the fake keeps it. */
export interface FakeYouTubeSession {
  uploadId: string;
  token: string;
  total: number;
  mimeType: string;
  received: number;
  hash: Hash;
  snippet: { title: string; description: string };
  privacyStatus: string;
  notifySubscribers: boolean;
  expired: boolean;
  video: FakeYouTubeVideo | null;
  /** When a request for this session last arrived (the fake's clock). */
  lastRequestAt: number;
  /** A chunk of this session is being received or its answer is being held. */
  chunkOpen: boolean;
}

/** One request as the fake saw it (no bodies: a 200 MB upload is hashed as it streams, never kept). */
export interface FakeYouTubeRequest {
  kind: 'create' | 'chunk' | 'probe' | 'other';
  /** The request's path: the upload service's (`/upload/youtube/v3/videos`), or another (the Data API's reads, 404 here). */
  path: string;
  uploadId: string | null;
  contentRange: string | null;
  bearer: string | null;
  status: number | 'dropped';
}

type Answer = { status: number; headers?: Record<string, string>; body?: unknown };

/**
 * YouTube's resumable upload (developers.google.com "Resumable uploads", videos.insert), strict:
 * - `POST /upload/youtube/v3/videos?uploadType=resumable&part=…snippet…status…` with a valid
 *   bearer, `Content-Type: application/json`, `X-Upload-Content-Length` (> 0) and
 *   `X-Upload-Content-Type` (video/* or application/octet-stream), a JSON video resource whose
 *   `snippet.title` is 1–100 characters without < or >, `snippet.description` ≤ 5,000 bytes,
 *   `status.privacyStatus` private|unlisted|public → 200 with the session URI in `Location`.
 * - `PUT <session>` with `Content-Range: bytes a-b/N`: `a` must be what the session holds, `N` the
 *   declared length, the body exactly b-a+1 bytes and, unless it ends the file, a multiple of
 *   256 KiB → 308 + `Range: bytes=0-<last held>`; the chunk that completes the file → 201 with
 *   the video resource (the video is created then, and counted). `Content-Range: bytes *\/N` with
 *   no body is the probe: 308 + Range (none when nothing is held), or 201 if complete.
 * - A session that expired answers 404; a refused bearer 401 (the session is kept).
 * Faults on request: drop the connection once the session holds byte `dropAt`, lose the final
 * answer (the video is created, the socket destroyed), 5xx once. `chunkDelayMs` holds each chunk's
 * answer that long after its last byte arrived (a slow line), so a progress bar can be watched.
 */
export class FakeYouTubeUpload {
  readonly sessions = new Map<string, FakeYouTubeSession>();
  readonly videos: FakeYouTubeVideo[] = [];
  readonly requests: FakeYouTubeRequest[] = [];
  /** Refusals of requests a real client must never make; a test expects it empty. */
  readonly violations: string[] = [];
  #server: http.Server | null = null;
  #dropAt: number | null = null;
  #loseFinalAnswer = false;
  #failNext: Array<{ answer: Answer; on: 'chunk' | 'probe' }> = [];
  #expireAfterPuts: number | null = null;
  readonly #expiredTokens = new Set<string>();
  #next = 1;

  constructor(
    private readonly options: {
      isValidToken: (token: string) => boolean;
      /** Holds each chunk's answer this long after its bytes arrived, as Google's front end takes its time (default 0). */
      chunkDelayMs?: number;
    },
  ) {}

  /**
   * Sessions an upload is under way on: a request arrived at or after `since`, and the video is
   * not created yet or the chunk that created it has not been answered. A crash test asks this at
   * the moment it kills the app.
   */
  uploadingSince(since: number): FakeYouTubeSession[] {
    return [...this.sessions.values()].filter((session) => session.lastRequestAt >= since && !session.expired && (session.video === null || session.chunkOpen));
  }

  get url(): string {
    const address = this.#server?.address() as AddressInfo | null;
    if (!address) throw new Error('FakeYouTubeUpload is not started');
    return `http://127.0.0.1:${address.port}`;
  }

  async start(): Promise<this> {
    this.#server = http.createServer((req, res) => void this.#handle(req, res));
    await new Promise<void>((resolve) => this.#server!.listen(0, '127.0.0.1', resolve));
    return this;
  }

  async stop(): Promise<void> {
    this.#server?.closeAllConnections();
    await new Promise<void>((resolve) => this.#server?.close(() => resolve()) ?? resolve());
  }

  /** The next chunk drops its connection once the session holds `byte` bytes (what arrived before is kept). */
  dropConnectionAt(byte: number): void {
    this.#dropAt = byte;
  }

  /** The chunk that completes the next upload creates the video, then the connection is cut before the answer. */
  loseFinalAnswer(): void {
    this.#loseFinalAnswer = true;
  }

  /** The next chunk (or probe) is answered `answer` without reading it (e.g. 503). */
  failNext(on: 'chunk' | 'probe', answer: Answer): void {
    this.#failNext.push({ answer, on });
  }

  /** After `puts` more PUTs the bearer they carried expires: 401 from then on (a renewed token works). */
  expireTokenAfterPuts(puts: number): void {
    this.#expireAfterPuts = puts;
  }

  /** Every open session forgets itself (404 from now on), as Google's do after about a week. */
  expireSessions(): void {
    for (const session of this.sessions.values()) if (session.video === null) session.expired = true;
  }

  /** Opens a session directly (the bench's bare PUTs use it). */
  openSession(total: number, token: string): string {
    const session = this.#newSession(token, total, 'video/mp4', { title: 'bench', description: '' }, 'private', false);
    return `${this.url}/upload/youtube/v3/videos?uploadType=resumable&upload_id=${session.uploadId}`;
  }

  /** What reached the upload service, leaving out the Results collector's Data API reads (`/youtube/v3/…`) on the same host. */
  uploadRequests(): FakeYouTubeRequest[] {
    return this.requests.filter((request) => request.path.startsWith('/upload/'));
  }

  async #handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake');
    const auth = req.headers.authorization;
    const bearer = auth?.startsWith('Bearer ') ? auth.slice(7) : null;
    const uploadId = url.searchParams.get('upload_id');
    const log = (entry: Omit<FakeYouTubeRequest, 'bearer' | 'uploadId' | 'contentRange' | 'path'>) =>
      this.requests.push({ ...entry, path: url.pathname, bearer, uploadId, contentRange: req.headers['content-range'] ?? null });
    const answer = (a: Answer, kind: FakeYouTubeRequest['kind']) => {
      log({ kind, status: a.status });
      res.writeHead(a.status, { ...(a.body !== undefined ? { 'content-type': 'application/json; charset=UTF-8' } : {}), ...a.headers });
      res.end(a.body !== undefined ? JSON.stringify(a.body) : undefined);
    };
    if (url.pathname !== '/upload/youtube/v3/videos') return answer(googleError(404, 'notFound', 'Not Found'), 'other');
    if (req.method === 'POST' && uploadId === null) {
      const body = await readAll(req);
      return answer(this.#create(url, req, bearer, body), 'create');
    }
    if (req.method !== 'PUT' || uploadId === null) return answer(googleError(405, 'methodNotAllowed', 'Use POST to start and PUT to upload'), 'other');
    const session = this.sessions.get(uploadId);
    if (session !== undefined) session.lastRequestAt = Date.now();
    const range = req.headers['content-range'] ?? '';
    const probe = /^bytes \*\/(\d+)$/.exec(range);
    const kind = probe ? 'probe' : 'chunk';
    const failed = this.#failNext.findIndex((f) => f.on === kind);
    if (failed >= 0) {
      await drain(req);
      return answer(this.#failNext.splice(failed, 1)[0]!.answer, kind);
    }
    if (this.#expireAfterPuts !== null && bearer !== null && this.#expireAfterPuts-- <= 0) {
      this.#expiredTokens.add(bearer);
      this.#expireAfterPuts = null;
    }
    if (bearer === null || !this.options.isValidToken(bearer) || this.#expiredTokens.has(bearer)) {
      await drain(req);
      return answer(googleError(401, 'authError', 'Invalid Credentials'), kind);
    }
    if (session === undefined || session.expired) {
      await drain(req);
      return answer(googleError(404, 'notFound', 'The upload session was not found or has expired.'), kind);
    }
    if (probe) {
      const extra = await readAll(req);
      if (extra.byteLength !== 0 || Number(probe[1]) !== session.total) return answer(this.#violation(`probe of ${session.uploadId} with ${range} and ${extra.byteLength} bytes`), kind);
      return answer(this.#position(session), kind);
    }
    // Refusals read the body first, as Google's front end does: an early answer would be a reset for the client.
    const refuse = (a: Answer) => void drain(req).then(() => answer(a, kind));
    const chunk = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(range);
    const length = Number(req.headers['content-length']);
    if (chunk === null) return refuse(this.#violation(`chunk without a usable Content-Range (${range})`));
    const [first, last, total] = [Number(chunk[1]), Number(chunk[2]), Number(chunk[3])];
    if (total !== session.total) return refuse(this.#violation(`Content-Range total ${total}, session declared ${session.total}`));
    if (first !== session.received) return refuse(this.#violation(`chunk starts at ${first}, the session holds ${session.received}`));
    if (last < first || last >= total || length !== last - first + 1) return refuse(this.#violation(`Content-Range ${range} with Content-Length ${length}`));
    if (last + 1 < total && length % CHUNK_UNIT !== 0) return refuse(this.#violation(`chunk of ${length} bytes is not a multiple of 256 KiB`));
    session.chunkOpen = true;
    const streamed = await this.#receive(req, res, session, length);
    if (streamed === 'dropped') {
      session.chunkOpen = false;
      log({ kind, status: 'dropped' });
      return;
    }
    const video = session.received < session.total ? null : this.#complete(session);
    const delay = this.options.chunkDelayMs ?? 0;
    if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
    session.chunkOpen = false;
    if (video === null) return answer(this.#position(session), kind);
    if (this.#loseFinalAnswer) {
      this.#loseFinalAnswer = false;
      log({ kind, status: 'dropped' });
      req.socket.destroy();
      return;
    }
    return answer({ status: 201, body: videoResource(video) }, kind);
  }

  #create(url: URL, req: http.IncomingMessage, bearer: string | null, raw: Buffer): Answer {
    if (bearer === null || !this.options.isValidToken(bearer) || this.#expiredTokens.has(bearer)) return googleError(401, 'authError', 'Invalid Credentials');
    const parts = (url.searchParams.get('part') ?? '').split(',');
    if (url.searchParams.get('uploadType') !== 'resumable' || !parts.includes('snippet') || !parts.includes('status')) return this.#violation(`session URL ${url.search}`);
    const notify = url.searchParams.get('notifySubscribers');
    if (notify !== null && notify !== 'true' && notify !== 'false') return this.#violation(`notifySubscribers=${notify}`);
    if (!/^application\/json(;\s*charset=utf-8)?$/i.test(req.headers['content-type'] ?? '')) return this.#violation(`session body type ${req.headers['content-type']}`);
    const total = Number(req.headers['x-upload-content-length']);
    const mimeType = String(req.headers['x-upload-content-type'] ?? '');
    if (!Number.isInteger(total) || total <= 0) return this.#violation(`X-Upload-Content-Length ${req.headers['x-upload-content-length']}`);
    if (!/^video\/[a-z0-9.+-]+$/.test(mimeType) && mimeType !== 'application/octet-stream') return googleError(400, 'invalidContentType', `Media type '${mimeType}' is not supported.`);
    let body: { snippet?: { title?: unknown; description?: unknown }; status?: { privacyStatus?: unknown } };
    try {
      body = JSON.parse(raw.toString('utf8')) as typeof body;
    } catch {
      return googleError(400, 'parseError', 'Parse Error');
    }
    const title = body.snippet?.title;
    if (typeof title !== 'string' || title.trim() === '') return googleError(400, 'invalidTitle', 'The request metadata does not specify a valid video title.');
    if ([...title].length > 100 || /[<>]/.test(title)) return googleError(400, 'invalidTitle', 'The request metadata specifies an invalid video title.');
    const description = body.snippet?.description ?? '';
    if (typeof description !== 'string' || Buffer.byteLength(description) > 5000) return googleError(400, 'invalidDescription', 'The request metadata specifies an invalid video description.');
    const privacy = body.status?.privacyStatus ?? 'public';
    if (typeof privacy !== 'string' || !PRIVACY.has(privacy)) return googleError(400, 'invalidPrivacyStatus', 'The request metadata specifies an invalid privacy status.');
    const session = this.#newSession(bearer, total, mimeType, { title, description }, privacy, notify !== 'false');
    return { status: 200, headers: { location: `${this.url}/upload/youtube/v3/videos?uploadType=resumable&upload_id=${session.uploadId}` } };
  }

  #newSession(token: string, total: number, mimeType: string, snippet: FakeYouTubeSession['snippet'], privacyStatus: string, notifySubscribers: boolean): FakeYouTubeSession {
    const session: FakeYouTubeSession = {
      uploadId: randomBytes(18).toString('base64url'),
      token,
      total,
      mimeType,
      received: 0,
      hash: createHash('sha256'),
      snippet,
      privacyStatus,
      notifySubscribers,
      expired: false,
      video: null,
      lastRequestAt: Date.now(),
      chunkOpen: false,
    };
    this.sessions.set(session.uploadId, session);
    return session;
  }

  /** Streams a chunk's body into the session; drops the connection at the chosen byte. */
  #receive(req: http.IncomingMessage, res: http.ServerResponse, session: FakeYouTubeSession, length: number): Promise<'ok' | 'dropped'> {
    return new Promise((resolve) => {
      let got = 0;
      req.on('data', (data: Buffer) => {
        let piece = data;
        const dropAt = this.#dropAt;
        if (dropAt !== null && session.received + piece.byteLength >= dropAt) {
          piece = piece.subarray(0, Math.max(0, dropAt - session.received));
          session.hash.update(piece);
          session.received += piece.byteLength;
          this.#dropAt = null;
          req.socket.destroy();
          resolve('dropped');
          return;
        }
        session.hash.update(piece);
        session.received += piece.byteLength;
        got += piece.byteLength;
      });
      req.on('end', () => resolve(got === length ? 'ok' : 'dropped'));
      req.on('error', () => resolve('dropped'));
      req.on('close', () => resolve(got === length ? 'ok' : 'dropped'));
      res.on('error', () => undefined);
    });
  }

  #complete(session: FakeYouTubeSession): FakeYouTubeVideo {
    if (session.video !== null) return session.video;
    const video: FakeYouTubeVideo = {
      id: `yt${String(this.#next++).padStart(9, '0')}`,
      title: session.snippet.title,
      description: session.snippet.description,
      privacyStatus: session.privacyStatus,
      notifySubscribers: session.notifySubscribers,
      bytes: session.received,
      sha256: session.hash.digest('hex'),
      mimeType: session.mimeType,
    };
    session.video = video;
    this.videos.push(video);
    return video;
  }

  #position(session: FakeYouTubeSession): Answer {
    if (session.video !== null) return { status: 201, body: videoResource(session.video) };
    return { status: 308, headers: session.received > 0 ? { range: `bytes=0-${session.received - 1}` } : {} };
  }

  #violation(what: string): Answer {
    this.violations.push(what);
    return googleError(400, 'badRequest', what);
  }
}

function videoResource(video: FakeYouTubeVideo) {
  return { kind: 'youtube#video', etag: 'fake', id: video.id, snippet: { title: video.title, description: video.description }, status: { uploadStatus: 'uploaded', privacyStatus: video.privacyStatus } };
}

function googleError(code: number, reason: string, message: string): Answer {
  return { status: code, body: { error: { code, message, errors: [{ domain: 'youtube', reason, message }] } } };
}

function drain(req: http.IncomingMessage): Promise<void> {
  return readAll(req).then(() => undefined);
}

function readAll(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', () => resolve(Buffer.concat(chunks)));
  });
}
