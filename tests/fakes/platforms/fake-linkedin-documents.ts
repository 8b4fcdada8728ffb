import { FakeLinkedInOnePutUploads, linkedInMediaStatus, type FakeLinkedInUpload } from './fake-linkedin-one-put';

/** A document the fake LinkedIn Documents API knows. */
export type FakeLinkedInDocument = FakeLinkedInUpload;

/** LinkedIn's cap on a document (100 MB). */
export const DOCUMENT_MAX_BYTES = 100 * 1024 * 1024;

/**
 * LinkedIn's Documents API (the PDF "carousel"): the one-PUT upload (`fake-linkedin-one-put.ts`)
 * taking PDF only, sniffed from `%PDF-`, ≤ 100 MB. A post names the document in `content.media`
 * {id, title} — the title is required — and one that is unknown, another owner's or not AVAILABLE
 * is refused (422) and counted in `refusedPosts`.
 */
export class FakeLinkedInDocuments extends FakeLinkedInOnePutUploads {
  constructor(clock: { now(): number }, baseUrl: () => string, processingMs = 3_000) {
    super(clock, baseUrl, { noun: 'Document', word: 'document', idPrefix: 'D4D10AQ', refuseBytes: refusePdfBytes }, processingMs);
  }

  /** The documents, by URN. */
  get documents(): Map<string, FakeLinkedInDocument> {
    return this.uploads;
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

function refusePdfBytes(bytes: Buffer): string | null {
  if (bytes.subarray(0, 5).toString('latin1') !== '%PDF-') return 'Unsupported document format: upload a PDF';
  if (bytes.byteLength > DOCUMENT_MAX_BYTES) return 'Document is larger than 100 MB';
  return null;
}
