import { FakeLinkedInOnePutUploads, linkedInMediaStatus, type FakeLinkedInUpload } from './fake-linkedin-one-put';

export { inputError, linkedInMediaStatus, ProcessingScript, type FakeProcessing, type LinkedInMediaStatus } from './fake-linkedin-one-put';

/** An image the fake LinkedIn Images API knows. */
export type FakeLinkedInImage = FakeLinkedInUpload;

const MULTI_IMAGE = { min: 2, max: 20 };

/**
 * LinkedIn's Images API (learn.microsoft.com "Images API"): the one-PUT upload
 * (`fake-linkedin-one-put.ts`) taking JPG, GIF or PNG, sniffed from the bytes. A post names images
 * in `content.media.id` or `content.multiImage.images[]` (2–20); an image that is unknown, another
 * owner's, or not AVAILABLE yet is refused (422) and counted in `refusedPosts`.
 */
export class FakeLinkedInImages extends FakeLinkedInOnePutUploads {
  constructor(clock: { now(): number }, baseUrl: () => string, processingMs = 1_500) {
    super(clock, baseUrl, { noun: 'Image', word: 'image', idPrefix: 'D4E10AQ', refuseBytes: (bytes) => (isJpegPngOrGif(bytes) ? null : 'Unsupported image format: use JPG, GIF or PNG') }, processingMs);
  }

  /** The images, by URN. */
  get images(): Map<string, FakeLinkedInImage> {
    return this.uploads;
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
