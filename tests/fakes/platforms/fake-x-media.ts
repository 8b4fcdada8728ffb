import { mediaType, parseJson, type FakeAnswer, type IncomingPublish } from './fake-publish-server';
import { readMultipart } from './multipart-reader';

/** One upload the fake X media API knows. */
export interface FakeXMedia {
  id: string;
  user: string;
  mediaType: string;
  category: string;
  totalBytes: number;
  segments: Map<number, Buffer>;
  state: 'uploading' | 'finalized';
  /** Video processing after FINALIZE: pending → in_progress → succeeded (or failed), on the fake's clock. */
  processing: 'none' | 'pending' | 'in_progress' | 'succeeded' | 'failed';
  finalizedAt: number | null;
  expiresAt: number;
  altText: string | null;
  /** The bytes put together at FINALIZE (null when the fake was told not to keep them). */
  bytes: Buffer | null;
  /** When the app last finalized it or asked its status (the fake's clock). */
  checkedAt: number | null;
}

const MB = 1024 * 1024;
/** X's documented caps: images 5 MB, GIFs 15 MB, video 512 MB; one APPEND segment at most 5 MB; segment_index 0–999. */
const MAX_BYTES: Record<string, number> = {
  'image/jpeg': 5 * MB,
  'image/png': 5 * MB,
  'image/webp': 5 * MB,
  'image/gif': 15 * MB,
  'video/mp4': 512 * MB,
  'video/quicktime': 512 * MB,
};
const CATEGORIES: Record<'image' | 'video', readonly string[]> = { image: ['tweet_image', 'tweet_gif', 'dm_image'], video: ['tweet_video', 'amplify_video', 'dm_video'] };
export const X_MAX_SEGMENT_BYTES = 5 * MB;
const EXPIRES_AFTER_SECS = 24 * 60 * 60;

/** X's media endpoints, each rate-limited in its own 15-minute window per user. */
export type FakeXMediaEndpoint = 'initialize' | 'append' | 'finalize' | 'status' | 'metadata';
/** The fake's window per media endpoint when a test sets none (generous: X lists each endpoint's own figure on its rate-limits page). */
const DEFAULT_MEDIA_LIMIT = 1_000;
const MEDIA_WINDOW_MS = 15 * 60 * 1000;

export interface FakeXMediaOptions {
  /** How long a video takes to process after FINALIZE on the fake's clock (default 3 s; half pending, half in progress). */
  processingMs?: number;
  /** Requests per user per 15-minute window, per media endpoint (tests set small ones); default 1,000. */
  mediaLimits?: Partial<Record<FakeXMediaEndpoint, number>>;
  /** Keep each upload's bytes after FINALIZE (default true); a run of many videos turns it off to spare memory. */
  keepBytes?: boolean;
}

/**
 * X API v2 media upload, strict to docs.x.com: `POST /2/media/upload/initialize` (JSON
 * media_type, total_bytes, media_category; types and sizes checked), `POST
 * /2/media/upload/{id}/append` (multipart: `segment_index` 0–999 and a `media` part of at most
 * 5 MB; the same index again replaces it; none after FINALIZE), `POST
 * /2/media/upload/{id}/finalize` (the segments must be 0…n-1 and add up to total_bytes; a video
 * then processes over time on the fake clock), `GET /2/media/upload?command=STATUS&media_id=`,
 * `POST /2/media/metadata` (alt text ≤ 1,000 characters, images only). Ids belong to the user that
 * made them and expire. Each endpoint has its own window per user (windows run on the fake's
 * clock): every answer carries `x-rate-limit-limit/remaining/reset`, and past the limit 429.
 */
export class FakeXMediaApi {
  readonly media = new Map<string, FakeXMedia>();
  /** Posts refused because a media id was unknown, unfinished or still processing (tests assert none reach X). */
  readonly refusedPosts: string[] = [];
  #nextId = 1_870_000_000_000_000_001n;
  #failNextProcessing: string | null = null;
  readonly #processingMs: number;
  readonly #limits: Partial<Record<FakeXMediaEndpoint, number>>;
  readonly #windows = new Map<string, { resetAt: number; used: number }>();
  readonly #keepBytes: boolean;

  constructor(
    private readonly clock: { now(): number },
    options: FakeXMediaOptions = {},
  ) {
    this.#processingMs = options.processingMs ?? 3_000;
    this.#limits = options.mediaLimits ?? {};
    this.#keepBytes = options.keepBytes ?? true;
  }

  /** Videos the app is waiting on: X last told it (at or after `since`) that processing is pending or in progress. */
  processingSince(since: number): FakeXMedia[] {
    return [...this.media.values()].filter((media) => (media.processing === 'pending' || media.processing === 'in_progress') && media.checkedAt !== null && media.checkedAt >= since);
  }

  /** The next video finalized fails processing with this message. */
  failNextProcessing(message: string): void {
    this.#failNextProcessing = message;
  }

  /** The fault route of a media request, for scripted faults (`failNext(answer, 'x.append')`). */
  static routeOf(method: string, path: string, query: URLSearchParams): string | null {
    if (method === 'POST' && path === '/2/media/upload/initialize') return 'x.initialize';
    if (method === 'POST' && /^\/2\/media\/upload\/\d+\/append$/.test(path)) return 'x.append';
    if (method === 'POST' && /^\/2\/media\/upload\/\d+\/finalize$/.test(path)) return 'x.finalize';
    if (method === 'GET' && path === '/2/media/upload' && query.get('command') === 'STATUS') return 'x.status';
    if (method === 'POST' && path === '/2/media/metadata') return 'x.metadata';
    return null;
  }

  /** Answers a media request of `user` (already authenticated) within its endpoint's window; null: not a media route. */
  handle(request: IncomingPublish, user: string): FakeAnswer | null {
    const route = FakeXMediaApi.routeOf(request.method, request.path, request.query);
    const endpoint = route === null ? null : (route.slice('x.'.length) as FakeXMediaEndpoint);
    if (endpoint === null) return this.#answer(request, user);
    const limit = this.#limits[endpoint] ?? DEFAULT_MEDIA_LIMIT;
    const key = `${user}\n${endpoint}`;
    const now = this.clock.now();
    let window = this.#windows.get(key);
    if (window === undefined || now >= window.resetAt) {
      window = { resetAt: now + MEDIA_WINDOW_MS, used: 0 };
      this.#windows.set(key, window);
    }
    const limited = window.used >= limit;
    if (!limited) window.used++;
    const headers = {
      'x-rate-limit-limit': String(limit),
      'x-rate-limit-remaining': String(Math.max(0, limit - window.used)),
      'x-rate-limit-reset': String(Math.ceil(window.resetAt / 1000)),
    };
    const answer: FakeAnswer = limited
      ? { status: 429, body: { title: 'Too Many Requests', detail: 'Too Many Requests', type: 'about:blank', status: 429 } }
      : (this.#answer(request, user) ?? { status: 404, body: {} });
    return { ...answer, headers: { ...answer.headers, ...headers } };
  }

  #answer(request: IncomingPublish, user: string): FakeAnswer | null {
    const { method, path } = request;
    if (method === 'POST' && path === '/2/media/upload/initialize') return this.#initialize(request, user);
    const append = /^\/2\/media\/upload\/(\d+)\/append$/.exec(path);
    if (method === 'POST' && append) return this.#append(request, user, append[1]!);
    const finalize = /^\/2\/media\/upload\/(\d+)\/finalize$/.exec(path);
    if (method === 'POST' && finalize) return this.#finalize(user, finalize[1]!);
    if (method === 'GET' && path === '/2/media/upload') return this.#status(request, user);
    if (method === 'POST' && path === '/2/media/metadata') return this.#metadata(request, user);
    return null;
  }

  /**
   * Why `POST /2/tweets` must refuse these media ids, or null: 1–4 ids, each this user's, finalized,
   * processed and not expired; at most one video, never with pictures.
   */
  refusal(ids: unknown, user: string): string | null {
    if (!Array.isArray(ids) || ids.length === 0 || ids.length > 4 || !ids.every((id) => typeof id === 'string' && /^\d{1,19}$/.test(id))) {
      return 'The `media.media_ids` field must be an array of 1 to 4 media ids.';
    }
    const found = (ids as string[]).map((id) => this.media.get(id));
    for (const [index, media] of found.entries()) {
      if (media === undefined || media.user !== user || media.expiresAt <= this.clock.now()) return `Your media IDs are invalid: ${(ids as string[])[index]}`;
      if (media.state !== 'finalized') return `Media id ${media.id} has not been finalized.`;
      this.#advance(media);
      if (media.processing !== 'none' && media.processing !== 'succeeded') return `Media id ${media.id} is not ready: processing is ${media.processing}.`;
    }
    const videos = found.filter((media) => media!.mediaType.startsWith('video/')).length;
    if (videos > 1 || (videos === 1 && found.length > 1)) return 'A post can carry up to 4 pictures or 1 video.';
    return null;
  }

  #initialize(request: IncomingPublish, user: string): FakeAnswer {
    if (mediaType(request.headers) !== 'application/json') return invalid('Requests with bodies must have content-type of application/json.');
    const json = parseJson(request.body) as Record<string, unknown> | undefined;
    const type = json?.media_type;
    const total = json?.total_bytes;
    const category = json?.media_category;
    if (typeof type !== 'string' || MAX_BYTES[type] === undefined) return invalid(`media_type ${String(type)} is not supported.`);
    if (typeof total !== 'number' || !Number.isInteger(total) || total <= 0) return invalid('total_bytes must be a positive integer.');
    if (total > MAX_BYTES[type]!) return invalid(`File size exceeds ${MAX_BYTES[type]! / MB} MB for ${type}.`);
    const kind = type.startsWith('video/') ? 'video' : 'image';
    if (typeof category !== 'string' || !CATEGORIES[kind].includes(category)) return invalid(`media_category ${String(category)} does not match media_type ${type}.`);
    const id = String(this.#nextId++);
    this.media.set(id, {
      id,
      user,
      mediaType: type,
      category,
      totalBytes: total,
      segments: new Map(),
      state: 'uploading',
      processing: 'none',
      finalizedAt: null,
      expiresAt: this.clock.now() + EXPIRES_AFTER_SECS * 1000,
      altText: null,
      bytes: null,
      checkedAt: null,
    });
    return { status: 200, body: { data: { id, media_key: `${kind === 'video' ? 13 : 3}_${id}`, expires_after_secs: EXPIRES_AFTER_SECS } } };
  }

  #append(request: IncomingPublish, user: string, id: string): FakeAnswer {
    const media = this.#own(id, user);
    if (media === null) return invalid(`Your media IDs are invalid: ${id}`);
    if (media.state !== 'uploading') return invalid('Segments cannot be appended after the upload was finalized.');
    const parts = readMultipart(request.headers['content-type'], request.raw);
    if (parts === null) return invalid('The request must be multipart/form-data.');
    const index = parts.find((part) => part.name === 'segment_index')?.data.toString('utf8');
    const bytes = parts.find((part) => part.name === 'media')?.data;
    if (index === undefined || !/^\d{1,3}$/.test(index)) return invalid('segment_index must be an integer from 0 to 999.');
    if (bytes === undefined || bytes.byteLength === 0) return invalid('The media field is required.');
    if (bytes.byteLength > X_MAX_SEGMENT_BYTES) return invalid('Segment size exceeds 5 MB.');
    media.segments.set(Number(index), Buffer.from(bytes));
    return { status: 200, body: { data: { expires_at: Math.floor(media.expiresAt / 1000) } } };
  }

  #finalize(user: string, id: string): FakeAnswer {
    const media = this.#own(id, user);
    if (media === null) return invalid(`Your media IDs are invalid: ${id}`);
    if (media.state === 'uploading') {
      const indexes = [...media.segments.keys()].sort((a, b) => a - b);
      if (indexes.some((index, at) => index !== at)) return invalid('Segments are missing: segment_index must run from 0 without gaps.');
      const bytes = Buffer.concat(indexes.map((index) => media.segments.get(index)!));
      if (bytes.byteLength !== media.totalBytes) return invalid(`File size mismatch: received ${bytes.byteLength} of ${media.totalBytes} bytes.`);
      media.bytes = this.#keepBytes ? bytes : null;
      if (!this.#keepBytes) media.segments.clear();
      media.state = 'finalized';
      media.finalizedAt = this.clock.now();
      media.processing = media.mediaType.startsWith('video/') ? 'pending' : 'none';
      if (this.#failNextProcessing !== null && media.processing === 'pending') {
        media.processing = 'failed';
        this.#failMessage.set(media.id, this.#failNextProcessing);
        this.#failNextProcessing = null;
      }
    }
    media.checkedAt = this.clock.now();
    return { status: 200, body: { data: this.#view(media) } };
  }

  readonly #failMessage = new Map<string, string>();

  #status(request: IncomingPublish, user: string): FakeAnswer {
    const id = request.query.get('media_id') ?? '';
    const media = this.#own(id, user);
    if (request.query.get('command') !== 'STATUS') return invalid('command must be STATUS.');
    if (media === null) return invalid(`Your media IDs are invalid: ${id}`);
    if (media.state !== 'finalized') return invalid('The upload has not been finalized.');
    media.checkedAt = this.clock.now();
    return { status: 200, body: { data: this.#view(media) } };
  }

  #metadata(request: IncomingPublish, user: string): FakeAnswer {
    if (mediaType(request.headers) !== 'application/json') return invalid('Requests with bodies must have content-type of application/json.');
    const json = parseJson(request.body) as { id?: unknown; metadata?: { alt_text?: { text?: unknown } } } | undefined;
    const media = typeof json?.id === 'string' ? this.#own(json.id, user) : null;
    if (media === null) return invalid(`Your media IDs are invalid: ${String(json?.id)}`);
    const text = json?.metadata?.alt_text?.text;
    if (typeof text !== 'string' || text.length > 1000) return invalid('alt_text.text must be a string of at most 1000 characters.');
    if (!media.mediaType.startsWith('image/')) return invalid('Alt text is supported for images and GIFs only.');
    media.altText = text;
    return { status: 200, body: { data: { id: media.id, associated_metadata: true } } };
  }

  #own(id: string, user: string): FakeXMedia | null {
    const media = this.media.get(id);
    return media !== undefined && media.user === user && media.expiresAt > this.clock.now() ? media : null;
  }

  /** Processing moves on with the fake's clock: pending, then in progress, then succeeded. */
  #advance(media: FakeXMedia): void {
    if (media.finalizedAt === null || media.processing === 'none' || media.processing === 'failed' || media.processing === 'succeeded') return;
    const elapsed = this.clock.now() - media.finalizedAt;
    media.processing = elapsed >= this.#processingMs ? 'succeeded' : elapsed >= this.#processingMs / 2 ? 'in_progress' : 'pending';
  }

  #view(media: FakeXMedia): Record<string, unknown> {
    this.#advance(media);
    const base = { id: media.id, media_key: `${media.mediaType.startsWith('video/') ? 13 : 3}_${media.id}`, size: media.totalBytes, expires_after_secs: Math.max(0, Math.floor((media.expiresAt - this.clock.now()) / 1000)) };
    if (media.processing === 'none') return base;
    const info: Record<string, unknown> = { state: media.processing };
    if (media.processing === 'pending' || media.processing === 'in_progress') info.check_after_secs = 1;
    if (media.processing === 'failed') info.error = { code: 1, name: 'InvalidMedia', message: this.#failMessage.get(media.id) ?? 'Unsupported video format' };
    return { ...base, processing_info: info };
  }
}

function invalid(message: string): FakeAnswer {
  return {
    status: 400,
    body: { errors: [{ parameters: {}, message }], title: 'Invalid Request', detail: 'One or more parameters to your request was invalid.', type: 'https://api.twitter.com/2/problems/invalid-request' },
  };
}
