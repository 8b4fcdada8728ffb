import type { FakeAnswer, IncomingPublish } from './fake-publish-server';

/** An upload (image or document) a fake LinkedIn one-PUT API knows. */
export interface FakeLinkedInUpload {
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

/** What differs between LinkedIn's Images and Documents APIs, which otherwise work alike. */
export interface OnePutKind {
  /** "Image", "Document": in LinkedIn's messages. */
  noun: string;
  /** `image`, `document`: the URN's kind, the path word and the answer's field. */
  word: 'image' | 'document';
  /** The id prefix LinkedIn gives this kind. */
  idPrefix: string;
  /** Why these bytes are refused (a 400's message), or null. */
  refuseBytes(bytes: Buffer): string | null;
}

/**
 * The one-PUT upload LinkedIn's Images and Documents APIs share: `POST
 * /rest/{images|documents}?action=initializeUpload` {initializeUploadRequest:{owner}} →
 * {value:{uploadUrl, uploadUrlExpiresAt, image|document}}; `PUT` the bytes to uploadUrl (an
 * expired or unknown URL refused) → 201; `GET /rest/{images|documents}/{urn}` says PROCESSING for
 * `processing.ms` of the fake clock, then AVAILABLE (or PROCESSING_FAILED, `failNextProcessing`).
 */
export class FakeLinkedInOnePutUploads {
  readonly uploads = new Map<string, FakeLinkedInUpload>();
  readonly refusedPosts: string[] = [];
  readonly processing: ProcessingScript;
  #next = 1;

  constructor(
    protected readonly clock: { now(): number },
    private readonly baseUrl: () => string,
    private readonly kind: OnePutKind,
    processingMs: number,
  ) {
    this.processing = new ProcessingScript(clock, processingMs);
  }

  /** The next upload ends PROCESSING_FAILED. */
  failNextProcessing(reason = 'PROCESSING_FAILED'): void {
    this.processing.failNext(reason);
  }

  /** `GET /rest/{images|documents}/{urn}`: the upload as LinkedIn shows it to its owner. */
  get(urn: string, mayRead: (owner: string) => boolean): FakeAnswer {
    const upload = this.uploads.get(urn);
    const { noun } = this.kind;
    if (upload === undefined) return { status: 404, body: { status: 404, code: 'NOT_FOUND', message: `${noun} ${urn} not found` } };
    if (!mayRead(upload.owner)) return { status: 403, body: { status: 403, code: 'ACCESS_DENIED', message: `Not enough permissions to access this ${noun.toLowerCase()}` } };
    const status = linkedInMediaStatus(upload.processing, this.clock.now());
    return { status: 200, body: { id: upload.urn, owner: upload.owner, status, ...(status === 'AVAILABLE' ? { downloadUrl: `${this.baseUrl()}/media/${upload.uploadKey}` } : {}) } };
  }

  initialize(body: Record<string, unknown>, mayPostAs: (owner: string) => boolean): FakeAnswer {
    const owner = (body.initializeUploadRequest as { owner?: unknown } | undefined)?.owner;
    if (typeof owner !== 'string' || !/^urn:li:(person|organization):[A-Za-z0-9_-]+$/.test(owner)) {
      return inputError('/initializeUploadRequest/owner', 'field is required and must be a person or organization URN', 'FIELD_VALUE_MISSING');
    }
    if (!mayPostAs(owner)) return { status: 403, body: { status: 403, code: 'ACCESS_DENIED', message: `Not enough permissions to upload as ${owner}` } };
    const { word, idPrefix } = this.kind;
    const id = `${idPrefix}${String(this.#next++).padStart(12, '0')}`;
    const uploadKey = `${id}-${Math.random().toString(36).slice(2)}`;
    const upload: FakeLinkedInUpload = { urn: `urn:li:${word}:${id}`, owner, uploadKey, uploadUrlExpiresAt: this.clock.now() + UPLOAD_URL_LIFE_MS, processing: null, bytes: null };
    this.uploads.set(upload.urn, upload);
    return { status: 200, body: { value: { uploadUrlExpiresAt: upload.uploadUrlExpiresAt, uploadUrl: `${this.baseUrl()}/dms-uploads/${word}/${uploadKey}`, [word]: upload.urn } } };
  }

  /** `PUT /dms-uploads/{image|document}/<key>`: the bytes. */
  upload(request: IncomingPublish, key: string): FakeAnswer {
    const upload = [...this.uploads.values()].find((candidate) => candidate.uploadKey === key);
    if (upload === undefined || upload.uploadUrlExpiresAt <= this.clock.now()) return { status: 404, body: { status: 404, message: 'Upload URL not found or expired' } };
    if (request.raw.byteLength === 0) return { status: 400, body: { status: 400, message: 'Empty upload' } };
    const refused = this.kind.refuseBytes(request.raw);
    if (refused !== null) return { status: 400, body: { status: 400, message: refused } };
    upload.bytes = Buffer.from(request.raw);
    upload.processing = this.processing.start();
    return { status: 201 };
  }
}

/** LinkedIn's 422 for a request field that is missing or wrong. */
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
