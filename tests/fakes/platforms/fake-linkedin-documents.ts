import { inputError, linkedInMediaStatus, ProcessingScript, type FakeProcessing } from './fake-linkedin-images';
import type { FakeAnswer, IncomingPublish } from './fake-publish-server';

/** A document the fake LinkedIn Documents API knows. */
export interface FakeLinkedInDocument {
  urn: string;
  owner: string;
  uploadKey: string;
  uploadUrlExpiresAt: number;
  /** WAITING_UPLOAD until its bytes are PUT; then processing (see `linkedInMediaStatus`). */
  processing: FakeProcessing | null;
  bytes: Buffer | null;
}

const UPLOAD_URL_LIFE_MS = 24 * 60 * 60 * 1000;
/** LinkedIn's cap on a document (100 MB). */
export const DOCUMENT_MAX_BYTES = 100 * 1024 * 1024;

/**
 * LinkedIn's Documents API (the PDF "carousel"): `POST /rest/documents?action=initializeUpload`
 * {initializeUploadRequest:{owner}} → {value:{uploadUrl, uploadUrlExpiresAt, document}}; `PUT` the
 * bytes to uploadUrl with the token (this fake takes PDF only, sniffed from `%PDF-`, ≤ 100 MB; an
 * expired or unknown URL refused) → 201; then `GET /rest/documents/{urn}` says PROCESSING for
 * `processing.ms` of the fake clock, then AVAILABLE (or PROCESSING_FAILED, `failNextProcessing`).
 * A post names the document in `content.media` {id, title} — the title is required — and one that
 * is unknown, another owner's or not AVAILABLE is refused (422) and counted in `refusedPosts`.
 */
export class FakeLinkedInDocuments {
  readonly documents = new Map<string, FakeLinkedInDocument>();
  readonly refusedPosts: string[] = [];
  readonly processing: ProcessingScript;
  #next = 1;

  constructor(
    private readonly clock: { now(): number },
    private readonly baseUrl: () => string,
    processingMs = 3_000,
  ) {
    this.processing = new ProcessingScript(clock, processingMs);
  }

  /** The next uploaded document ends PROCESSING_FAILED. */
  failNextProcessing(reason = 'PROCESSING_FAILED'): void {
    this.processing.failNext(reason);
  }

  /** `GET /rest/documents/{urn}`: the document as LinkedIn shows it to its owner. */
  get(urn: string, mayRead: (owner: string) => boolean): FakeAnswer {
    const document = this.documents.get(urn);
    if (document === undefined) return { status: 404, body: { status: 404, code: 'NOT_FOUND', message: `Document ${urn} not found` } };
    if (!mayRead(document.owner)) return { status: 403, body: { status: 403, code: 'ACCESS_DENIED', message: 'Not enough permissions to access this document' } };
    const status = linkedInMediaStatus(document.processing, this.clock.now());
    return { status: 200, body: { id: document.urn, owner: document.owner, status, ...(status === 'AVAILABLE' ? { downloadUrl: `${this.baseUrl()}/media/${document.uploadKey}` } : {}) } };
  }

  initialize(body: Record<string, unknown>, mayPostAs: (owner: string) => boolean): FakeAnswer {
    const owner = (body.initializeUploadRequest as { owner?: unknown } | undefined)?.owner;
    if (typeof owner !== 'string' || !/^urn:li:(person|organization):[A-Za-z0-9_-]+$/.test(owner)) {
      return inputError('/initializeUploadRequest/owner', 'field is required and must be a person or organization URN', 'FIELD_VALUE_MISSING');
    }
    if (!mayPostAs(owner)) return { status: 403, body: { status: 403, code: 'ACCESS_DENIED', message: `Not enough permissions to upload as ${owner}` } };
    const id = `D4D10AQ${String(this.#next++).padStart(12, '0')}`;
    const uploadKey = `${id}-${Math.random().toString(36).slice(2)}`;
    const document: FakeLinkedInDocument = { urn: `urn:li:document:${id}`, owner, uploadKey, uploadUrlExpiresAt: this.clock.now() + UPLOAD_URL_LIFE_MS, processing: null, bytes: null };
    this.documents.set(document.urn, document);
    return { status: 200, body: { value: { uploadUrlExpiresAt: document.uploadUrlExpiresAt, uploadUrl: `${this.baseUrl()}/dms-uploads/document/${uploadKey}`, document: document.urn } } };
  }

  /** `PUT /dms-uploads/document/<key>`: the document's bytes. */
  upload(request: IncomingPublish, key: string): FakeAnswer {
    const document = [...this.documents.values()].find((candidate) => candidate.uploadKey === key);
    if (document === undefined || document.uploadUrlExpiresAt <= this.clock.now()) return { status: 404, body: { status: 404, message: 'Upload URL not found or expired' } };
    if (request.raw.byteLength === 0) return { status: 400, body: { status: 400, message: 'Empty upload' } };
    if (request.raw.subarray(0, 5).toString('latin1') !== '%PDF-') return { status: 400, body: { status: 400, message: 'Unsupported document format: upload a PDF' } };
    if (request.raw.byteLength > DOCUMENT_MAX_BYTES) return { status: 400, body: { status: 400, message: 'Document is larger than 100 MB' } };
    document.bytes = Buffer.from(request.raw);
    document.processing = this.processing.start();
    return { status: 201 };
  }

  /** Why a post's `content.media` naming a document must be refused for `author`, or null. */
  refusal(media: { id?: unknown; title?: unknown }, author: string): string | null {
    const document = typeof media.id === 'string' ? this.documents.get(media.id) : undefined;
    if (document === undefined || document.owner !== author) return `Document ${String(media.id)} does not exist or does not belong to ${author}`;
    const status = linkedInMediaStatus(document.processing, this.clock.now());
    if (status !== 'AVAILABLE') return `Document ${document.urn} is not AVAILABLE (status ${status})`;
    if (typeof media.title !== 'string' || media.title.trim() === '') return 'title is required for a document';
    return null;
  }
}
