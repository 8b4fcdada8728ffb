import { createHash } from 'node:crypto';
import type { FakeAnswer, IncomingPublish } from './fake-publish-server';
import { inputError, linkedInMediaStatus, ProcessingScript, type FakeProcessing } from './fake-linkedin-images';

/** LinkedIn splits a video into parts of this many bytes (the last one shorter). */
export const LINKEDIN_VIDEO_PART_BYTES = 4 * 1024 * 1024;
/** The Videos API's largest file. */
const MAX_VIDEO_BYTES = 500 * 1024 * 1024;
const UPLOAD_URLS_LIFE_MS = 24 * 60 * 60 * 1000;

/** A video the fake LinkedIn Videos API knows. */
export interface FakeLinkedInVideo {
  urn: string;
  owner: string;
  fileSizeBytes: number;
  uploadToken: string;
  uploadKey: string;
  uploadUrlsExpireAt: number;
  /** Each part's inclusive byte range, as the upload instructions gave them. */
  parts: Array<{ firstByte: number; lastByte: number }>;
  /** Each part's bytes and the ETag its PUT answered, once received. */
  received: Array<{ bytes: Buffer; etag: string } | null>;
  /** The whole file, once finalized. */
  bytes: Buffer | null;
  processing: FakeProcessing | null;
}

/**
 * LinkedIn's Videos API (learn.microsoft.com "Videos API"), strict: `POST
 * /rest/videos?action=initializeUpload` {initializeUploadRequest:{owner, fileSizeBytes,
 * uploadCaptions, uploadThumbnail}} → {value:{video, uploadToken, uploadUrlsExpireAt,
 * uploadInstructions:[{uploadUrl, firstByte, lastByte}]}} in parts of 4 MiB; each part `PUT`
 * must carry exactly its range's length (→ 200 with an `etag` header); `finalizeUpload`
 * {finalizeUploadRequest:{video, uploadToken, uploadedPartIds}} needs every part and every ETag
 * in order (→ 200, then PROCESSING on the fake clock, then AVAILABLE, or PROCESSING_FAILED with
 * `processingFailureReason`); `GET /rest/videos/{urn}` tells the status. A post naming a video
 * that is unknown, another owner's or not AVAILABLE is refused (422) and counted in `refusedPosts`.
 */
export class FakeLinkedInVideos {
  readonly videos = new Map<string, FakeLinkedInVideo>();
  readonly refusedPosts: string[] = [];
  readonly processing: ProcessingScript;
  #next = 1;

  constructor(
    private readonly clock: { now(): number },
    private readonly baseUrl: () => string,
    processingMs = 5_000,
  ) {
    this.processing = new ProcessingScript(clock, processingMs);
  }

  /** The next finalized video ends PROCESSING_FAILED with this reason. */
  failNextProcessing(reason: string): void {
    this.processing.failNext(reason);
  }

  initialize(body: Record<string, unknown>, mayPostAs: (owner: string) => boolean): FakeAnswer {
    const request = body.initializeUploadRequest as Record<string, unknown> | undefined;
    const owner = request?.owner;
    if (typeof owner !== 'string' || !/^urn:li:(person|organization):[A-Za-z0-9_-]+$/.test(owner)) {
      return inputError('/initializeUploadRequest/owner', 'field is required and must be a person or organization URN', 'FIELD_VALUE_MISSING');
    }
    const size = request?.fileSizeBytes;
    if (typeof size !== 'number' || !Number.isInteger(size) || size <= 0) return inputError('/initializeUploadRequest/fileSizeBytes', 'field is required and must be a positive integer', 'FIELD_VALUE_MISSING');
    if (size > MAX_VIDEO_BYTES) return inputError('/initializeUploadRequest/fileSizeBytes', `a video is at most ${MAX_VIDEO_BYTES} bytes`, 'INVALID_VALUE');
    for (const flag of ['uploadCaptions', 'uploadThumbnail']) {
      if (flag in request! && typeof request![flag] !== 'boolean') return inputError(`/initializeUploadRequest/${flag}`, 'must be a boolean', 'INVALID_VALUE');
    }
    if (!mayPostAs(owner)) return { status: 403, body: { status: 403, message: 'Accessing this video resource is forbidden. Please check your permissions for this resource' } };
    const id = `C5F10AQ${String(this.#next++).padStart(12, '0')}`;
    const parts: FakeLinkedInVideo['parts'] = [];
    for (let first = 0; first < size; first += LINKEDIN_VIDEO_PART_BYTES) parts.push({ firstByte: first, lastByte: Math.min(size, first + LINKEDIN_VIDEO_PART_BYTES) - 1 });
    const video: FakeLinkedInVideo = {
      urn: `urn:li:video:${id}`,
      owner,
      fileSizeBytes: size,
      // LinkedIn answers an empty token for a single-part upload.
      uploadToken: parts.length === 1 ? '' : `${id}-token-${Math.random().toString(36).slice(2)}`,
      uploadKey: `${id}-${Math.random().toString(36).slice(2)}`,
      uploadUrlsExpireAt: this.clock.now() + UPLOAD_URLS_LIFE_MS,
      parts,
      received: parts.map(() => null),
      bytes: null,
      processing: null,
    };
    this.videos.set(video.urn, video);
    return {
      status: 200,
      body: {
        value: {
          uploadUrlsExpireAt: video.uploadUrlsExpireAt,
          video: video.urn,
          uploadInstructions: parts.map((part, index) => ({ uploadUrl: `${this.baseUrl()}/dms-uploads/video/${video.uploadKey}/part/${index}`, firstByte: part.firstByte, lastByte: part.lastByte })),
          uploadToken: video.uploadToken,
        },
      },
    };
  }

  /** `PUT /dms-uploads/video/<key>/part/<n>`: one part's bytes, exactly its range's length. */
  uploadPart(request: IncomingPublish, key: string, index: number): FakeAnswer {
    const video = [...this.videos.values()].find((candidate) => candidate.uploadKey === key);
    if (video === undefined || video.uploadUrlsExpireAt <= this.clock.now() || video.bytes !== null) return { status: 404, body: { status: 404, message: 'Upload URL not found or expired' } };
    const part = video.parts[index];
    if (part === undefined) return { status: 404, body: { status: 404, message: 'No such part' } };
    const expected = part.lastByte - part.firstByte + 1;
    if (request.raw.byteLength !== expected) return { status: 400, body: { status: 400, message: `Part ${index} must be ${expected} bytes (bytes ${part.firstByte}-${part.lastByte}), got ${request.raw.byteLength}` } };
    const etag = `/ambry-video/${createHash('sha256').update(request.raw).update(String(index)).digest('hex').slice(0, 32)}`;
    video.received[index] = { bytes: Buffer.from(request.raw), etag };
    return { status: 200, headers: { etag } };
  }

  finalize(body: Record<string, unknown>, mayPostAs: (owner: string) => boolean): FakeAnswer {
    const request = body.finalizeUploadRequest as { video?: unknown; uploadToken?: unknown; uploadedPartIds?: unknown } | undefined;
    const video = typeof request?.video === 'string' ? this.videos.get(request.video) : undefined;
    if (video === undefined) return inputError('/finalizeUploadRequest/video', 'unknown video', 'INVALID_VALUE');
    if (!mayPostAs(video.owner)) return { status: 403, body: { status: 403, message: 'Accessing this video resource is forbidden. Please check your permissions for this resource' } };
    if (video.bytes !== null) return { status: 400, body: { status: 400, message: `Video ${video.urn} is already finalized` } };
    if (request?.uploadToken !== video.uploadToken) return inputError('/finalizeUploadRequest/uploadToken', 'does not match the upload', 'INVALID_VALUE');
    const missing = video.received.findIndex((part) => part === null);
    if (missing !== -1) return { status: 400, body: { status: 400, message: `Part ${missing} of ${video.urn} was not uploaded` } };
    const etags = video.received.map((part) => part!.etag);
    const named = request.uploadedPartIds;
    if (!Array.isArray(named) || named.length !== etags.length || named.some((etag, index) => etag !== etags[index])) {
      return inputError('/finalizeUploadRequest/uploadedPartIds', 'must list the ETag of every uploaded part, in order', 'INVALID_VALUE');
    }
    video.bytes = Buffer.concat(video.received.map((part) => part!.bytes));
    video.processing = this.processing.start();
    return { status: 200 };
  }

  /** `GET /rest/videos/{urn}`. */
  get(urn: string, mayRead: (owner: string) => boolean): FakeAnswer {
    const video = this.videos.get(urn);
    if (video === undefined) return { status: 404, body: { status: 404, code: 'NOT_FOUND', message: `Video ${urn} not found` } };
    if (!mayRead(video.owner)) return { status: 403, body: { status: 403, message: 'Accessing this video resource is forbidden. Please check your permissions for this resource' } };
    const status = linkedInMediaStatus(video.processing, this.clock.now());
    return {
      status: 200,
      body: { id: video.urn, owner: video.owner, status, ...(status === 'PROCESSING_FAILED' ? { processingFailureReason: video.processing!.failure } : {}) },
    };
  }

  /** Why a post's `content.media` naming a video must be refused for `author`, or null. */
  refusal(media: { id?: unknown; title?: unknown }, author: string): string | null {
    const video = typeof media.id === 'string' ? this.videos.get(media.id) : undefined;
    if (video === undefined || video.owner !== author) return `Video ${String(media.id)} does not exist or does not belong to ${author}`;
    const status = linkedInMediaStatus(video.processing, this.clock.now());
    if (status !== 'AVAILABLE') return `Video ${video.urn} is not AVAILABLE (status ${status})`;
    if (media.title !== undefined && typeof media.title !== 'string') return 'title must be a string';
    return null;
  }
}
