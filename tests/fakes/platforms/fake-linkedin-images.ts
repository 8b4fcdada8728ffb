import type { FakeAnswer, IncomingPublish } from './fake-publish-server';

/** An image the fake LinkedIn Images API knows. */
export interface FakeLinkedInImage {
  urn: string;
  owner: string;
  uploadKey: string;
  uploadUrlExpiresAt: number;
  /** WAITING_UPLOAD until its bytes are PUT; then processing (see `linkedInMediaStatus`). */
  processing: FakeProcessing | null;
  bytes: Buffer | null;
}

/** How LinkedIn's processing of an upload goes on the fake clock: PROCESSING until `availableAt`, then AVAILABLE, unless it fails. */
export interface FakeProcessing {
  availableAt: number;
  /** Set: the upload ends PROCESSING_FAILED with this reason. */
  failure: string | null;
}

export type LinkedInMediaStatus = 'WAITING_UPLOAD' | 'PROCESSING' | 'AVAILABLE' | 'PROCESSING_FAILED';

/** The documented status of an upload at `now` (Images, Videos and Documents APIs alike). */
export function linkedInMediaStatus(processing: FakeProcessing | null, now: number): LinkedInMediaStatus {
  if (processing === null) return 'WAITING_UPLOAD';
  if (processing.failure !== null) return 'PROCESSING_FAILED';
  return now >= processing.availableAt ? 'AVAILABLE' : 'PROCESSING';
}

/** Processing that starts now: `ms` of the fake clock, or the failure queued by `failNextProcessing`. */
export class ProcessingScript {
  #failures: string[] = [];
  constructor(
    private readonly clock: { now(): number },
    public ms: number,
  ) {}
  /** The next upload to finish fails processing with `reason`. */
  failNext(reason: string): void {
    this.#failures.push(reason);
  }
  start(): FakeProcessing {
    return { availableAt: this.clock.now() + this.ms, failure: this.#failures.shift() ?? null };
  }
}

const UPLOAD_URL_LIFE_MS = 24 * 60 * 60 * 1000;
const MULTI_IMAGE = { min: 2, max: 20 };

/**
 * LinkedIn's Images API (learn.microsoft.com "Images API"): `POST
 * /rest/images?action=initializeUpload` {initializeUploadRequest:{owner}} → {value:{uploadUrl,
 * uploadUrlExpiresAt, image}}; `PUT` the bytes to uploadUrl (JPG, GIF or PNG, sniffed from the
 * bytes; an expired or unknown URL refused) → 201; LinkedIn then processes it: `GET
 * /rest/images/{urn}` says PROCESSING for `processing.ms` of the fake clock, then AVAILABLE (or
 * PROCESSING_FAILED, `failNextProcessing`). A post names images in `content.media.id` or
 * `content.multiImage.images[]` (2–20); an image that is unknown, another owner's, or not
 * AVAILABLE yet is refused (422) and counted in `refusedPosts`.
 */
export class FakeLinkedInImages {
  readonly images = new Map<string, FakeLinkedInImage>();
  readonly refusedPosts: string[] = [];
  readonly processing: ProcessingScript;
  #next = 1;

  constructor(
    private readonly clock: { now(): number },
    private readonly baseUrl: () => string,
    processingMs = 1_500,
  ) {
    this.processing = new ProcessingScript(clock, processingMs);
  }

  /** The next uploaded picture ends PROCESSING_FAILED (`reason` is not shown by the Images API; kept for the log). */
  failNextProcessing(reason = 'PROCESSING_FAILED'): void {
    this.processing.failNext(reason);
  }

  /** `GET /rest/images/{urn}`: the image as LinkedIn shows it to its owner. */
  get(urn: string, mayRead: (owner: string) => boolean): FakeAnswer {
    const image = this.images.get(urn);
    if (image === undefined) return { status: 404, body: { status: 404, code: 'NOT_FOUND', message: `Image ${urn} not found` } };
    if (!mayRead(image.owner)) return { status: 403, body: { status: 403, code: 'ACCESS_DENIED', message: 'Not enough permissions to access this image' } };
    const status = linkedInMediaStatus(image.processing, this.clock.now());
    return { status: 200, body: { id: image.urn, owner: image.owner, status, ...(status === 'AVAILABLE' ? { downloadUrl: `${this.baseUrl()}/media/${image.uploadKey}` } : {}) } };
  }

  initialize(body: Record<string, unknown>, mayPostAs: (owner: string) => boolean): FakeAnswer {
    const owner = (body.initializeUploadRequest as { owner?: unknown } | undefined)?.owner;
    if (typeof owner !== 'string' || !/^urn:li:(person|organization):[A-Za-z0-9_-]+$/.test(owner)) {
      return inputError('/initializeUploadRequest/owner', 'field is required and must be a person or organization URN', 'FIELD_VALUE_MISSING');
    }
    if (!mayPostAs(owner)) return { status: 403, body: { status: 403, code: 'ACCESS_DENIED', message: `Not enough permissions to upload as ${owner}` } };
    const id = `D4E10AQ${String(this.#next++).padStart(12, '0')}`;
    const uploadKey = `${id}-${Math.random().toString(36).slice(2)}`;
    const image: FakeLinkedInImage = { urn: `urn:li:image:${id}`, owner, uploadKey, uploadUrlExpiresAt: this.clock.now() + UPLOAD_URL_LIFE_MS, processing: null, bytes: null };
    this.images.set(image.urn, image);
    return { status: 200, body: { value: { uploadUrlExpiresAt: image.uploadUrlExpiresAt, uploadUrl: `${this.baseUrl()}/dms-uploads/image/${uploadKey}`, image: image.urn } } };
  }

  /** `PUT /dms-uploads/image/<key>`: the image's bytes. */
  upload(request: IncomingPublish, key: string): FakeAnswer {
    const image = [...this.images.values()].find((candidate) => candidate.uploadKey === key);
    if (image === undefined || image.uploadUrlExpiresAt <= this.clock.now()) return { status: 404, body: { status: 404, message: 'Upload URL not found or expired' } };
    if (request.raw.byteLength === 0) return { status: 400, body: { status: 400, message: 'Empty upload' } };
    if (!isJpegPngOrGif(request.raw)) return { status: 400, body: { status: 400, message: 'Unsupported image format: use JPG, GIF or PNG' } };
    image.bytes = Buffer.from(request.raw);
    image.processing = this.processing.start();
    return { status: 201 };
  }

  /** Why a post's picture `content` must be refused for `author`, or null. */
  refusal(content: unknown, author: string): string | null {
    const fields = content as { media?: { id?: unknown; altText?: unknown }; multiImage?: { images?: unknown } } | null;
    let entries: Array<{ id?: unknown; altText?: unknown }>;
    if (fields?.media !== undefined) entries = [fields.media];
    else if (Array.isArray(fields?.multiImage?.images)) {
      entries = fields.multiImage.images as Array<{ id?: unknown; altText?: unknown }>;
      if (entries.length < MULTI_IMAGE.min || entries.length > MULTI_IMAGE.max) return `multiImage takes ${MULTI_IMAGE.min} to ${MULTI_IMAGE.max} images`;
    } else return 'content must carry media or multiImage';
    for (const entry of entries) {
      const image = typeof entry.id === 'string' ? this.images.get(entry.id) : undefined;
      if (image === undefined || image.owner !== author) return `Image ${String(entry.id)} does not exist or does not belong to ${author}`;
      const status = linkedInMediaStatus(image.processing, this.clock.now());
      if (status !== 'AVAILABLE') return `Image ${image.urn} is not AVAILABLE (status ${status})`;
      if (entry.altText !== undefined && (typeof entry.altText !== 'string' || entry.altText.length > 4086)) return 'altText must be a string of at most 4086 characters';
    }
    return null;
  }
}

function isJpegPngOrGif(bytes: Buffer): boolean {
  const jpeg = bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;
  const png = bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  const gif = bytes.subarray(0, 4).toString('latin1') === 'GIF8';
  return jpeg || png || gif;
}

export function inputError(path: string, description: string, code: string): FakeAnswer {
  return {
    status: 422,
    body: {
      errorDetailType: 'com.linkedin.common.error.BadRequest',
      message: `ERROR :: ${path} :: ${description}`,
      errorDetails: { inputErrors: [{ description, input: { inputPath: { fieldPath: path } }, code }] },
      status: 422,
    },
  };
}
