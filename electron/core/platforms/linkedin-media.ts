import type { PublishRequest, PublishResult } from './platform-adapter';
import type { LinkedInMediaContext } from './linkedin-rest';
import { LINKEDIN_DOCUMENTS, LINKEDIN_IMAGES, uploadLinkedInFile } from './linkedin-upload';
import { uploadLinkedInVideo } from './linkedin-video';

export type { LinkedInMediaContext } from './linkedin-rest';

/** One uploaded picture as the post names it. */
export interface LinkedInImage {
  id: string;
  altText: string | null;
}

/**
 * Uploads a post's media and answers the post's `content`: pictures (one in `content.media`,
 * 2–20 in `content.multiImage`), one video or one PDF document (`content.media` with a title,
 * which LinkedIn requires for a document). A video or document with anything else is refused
 * before anything leaves, as LinkedIn would refuse the post.
 */
export async function uploadLinkedInMedia(ctx: LinkedInMediaContext, request: PublishRequest, owner: string): Promise<{ content: Record<string, unknown> } | { failed: PublishResult }> {
  const documents = request.media.filter((item) => item.kind === 'document');
  if (documents.length > 0) {
    if (request.media.length > 1) {
      return { failed: { outcome: { kind: 'invalid', message: 'LinkedIn takes one document per post, with no pictures or video beside it; nothing was sent.' }, httpStatus: null, platformErrorCode: null } };
    }
    const item = documents[0]!;
    const document = await uploadLinkedInFile(ctx, request, owner, item, 'linkedin.document.0', LINKEDIN_DOCUMENTS, (sent) =>
      request.onProgress?.({ sentBytes: sent, totalBytes: item.byteLength }),
    );
    if ('failed' in document) return document;
    return { content: { media: { id: document.id, title: mediaTitle(request, 'Document') } } };
  }
  const videos = request.media.filter((item) => item.kind === 'video');
  if (videos.length > 0) {
    if (request.media.length > 1) {
      return { failed: { outcome: { kind: 'invalid', message: 'LinkedIn takes one video per post, with no pictures beside it; nothing was sent.' }, httpStatus: null, platformErrorCode: null } };
    }
    const video = await uploadLinkedInVideo(ctx, request, owner);
    if ('failed' in video) return video;
    return { content: { media: { id: video.id, title: mediaTitle(request) } } };
  }
  const uploaded = await uploadLinkedInImages(ctx, request, owner);
  if ('failed' in uploaded) return uploaded;
  const named = uploaded.images.map((image) => ({ id: image.id, ...(image.altText !== null ? { altText: image.altText } : {}) }));
  return { content: named.length === 1 ? { media: named[0] } : { multiImage: { images: named } } };
}

/** The title LinkedIn shows with a video or document: the post's title if it has one, else its first line, else `fallback`. */
export function mediaTitle(request: Pick<PublishRequest, 'title' | 'text'>, fallback: 'Video' | 'Document' = 'Video'): string {
  const firstLine = (request.title ?? request.text).split('\n').find((line) => line.trim() !== '')?.trim() ?? '';
  if (firstLine === '') return fallback;
  return firstLine.length > 100 ? `${firstLine.slice(0, 99)}…` : firstLine;
}

/**
 * Uploads a post's pictures through LinkedIn's Images API, one after another
 * (`linkedin-upload.ts`; each recorded as `linkedin.image.<n>`), progress counted over them all.
 */
async function uploadLinkedInImages(ctx: LinkedInMediaContext, request: PublishRequest, owner: string): Promise<{ images: LinkedInImage[] } | { failed: PublishResult }> {
  const total = request.media.reduce((sum, item) => sum + item.byteLength, 0);
  let before = 0;
  const images: LinkedInImage[] = [];
  for (const [index, item] of request.media.entries()) {
    const uploaded = await uploadLinkedInFile(ctx, request, owner, item, `linkedin.image.${index}`, LINKEDIN_IMAGES, (sent) =>
      request.onProgress?.({ sentBytes: before + sent, totalBytes: total }),
    );
    if ('failed' in uploaded) return uploaded;
    before += item.byteLength;
    images.push({ id: uploaded.id, altText: item.altText });
  }
  return { images };
}
