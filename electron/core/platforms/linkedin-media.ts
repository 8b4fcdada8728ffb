import { z } from 'zod';
import { filePath, readMediaStep, writeMediaStep } from './media-step';
import type { PublishRequest, PublishResult } from './platform-adapter';
import { parseJsonBody } from './publish-http';
import { isSuccess, restAction, sendUploadRequest, trustedUploadUrl, unreadableUpload, uploadRefused, waitUntilAvailable, type LinkedInMediaContext } from './linkedin-rest';
import { uploadLinkedInVideo } from './linkedin-video';

export type { LinkedInMediaContext } from './linkedin-rest';

/** `POST /rest/images?action=initializeUpload` answers `{value: {uploadUrl, uploadUrlExpiresAt, image}}`. */
const initializedSchema = z.object({
  value: z.object({ uploadUrl: z.string().url(), uploadUrlExpiresAt: z.number(), image: z.string().regex(/^urn:li:image:[\w-]+$/) }),
});

/** One uploaded picture as the post names it. */
export interface LinkedInImage {
  id: string;
  altText: string | null;
}

/**
 * Uploads a post's media and answers the post's `content`: pictures (one in `content.media`,
 * 2–20 in `content.multiImage`) or one video (`content.media` with a title). A video with
 * anything else is refused before anything leaves, as LinkedIn would refuse the post.
 */
export async function uploadLinkedInMedia(ctx: LinkedInMediaContext, request: PublishRequest, owner: string): Promise<{ content: Record<string, unknown> } | { failed: PublishResult }> {
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

/** The title LinkedIn shows with a video or document: the post's title if it has one, else its first line. */
export function mediaTitle(request: Pick<PublishRequest, 'title' | 'text'>): string {
  const firstLine = (request.title ?? request.text).split('\n').find((line) => line.trim() !== '')?.trim() ?? '';
  if (firstLine === '') return 'Video';
  return firstLine.length > 100 ? `${firstLine.slice(0, 99)}…` : firstLine;
}

/**
 * Uploads a post's pictures through LinkedIn's Images API: `initializeUpload` with the post's
 * author as owner → `PUT` the bytes (streamed from disk) to the `uploadUrl` it names → `GET
 * /rest/images/{urn}` until AVAILABLE (LinkedIn processes each picture; a post naming one still
 * PROCESSING is refused). Each image is recorded in the target's steps (`linkedin.image.<n>`: the
 * URN and upload address, then `uploaded`, then `available`), so a restart does only what is missing.
 */
async function uploadLinkedInImages(ctx: LinkedInMediaContext, request: PublishRequest, owner: string): Promise<{ images: LinkedInImage[] } | { failed: PublishResult }> {
  const total = request.media.reduce((sum, item) => sum + item.byteLength, 0);
  let before = 0;
  const images: LinkedInImage[] = [];
  for (const [index, item] of request.media.entries()) {
    const key = `linkedin.image.${index}`;
    let step = readMediaStep(request.steps, key, item, ctx.clock.now());
    if (step === null) {
      const init = await restAction(ctx, request, 'images', 'initializeUpload', { initializeUploadRequest: { owner } });
      if (!isSuccess(init)) return uploadRefused(ctx, init, 'picture');
      const parsed = initializedSchema.safeParse(parseJsonBody(init.body));
      if (!parsed.success || !trustedUploadUrl(parsed.data.value.uploadUrl, ctx.baseUrl)) return unreadableUpload(init.status, 'picture');
      const { uploadUrl, uploadUrlExpiresAt, image } = parsed.data.value;
      step = { file: filePath(item), bytes: item.byteLength, id: image, expiresAt: uploadUrlExpiresAt, phase: 'initialized', url: uploadUrl };
      await writeMediaStep(request.steps, key, step);
    }
    if (step.phase === 'initialized') {
      const put = await sendUploadRequest(ctx, request, {
        method: 'PUT',
        url: step.url!,
        headers: { 'content-type': item.mimeType },
        body: { parts: [{ file: filePath(item), start: 0, length: item.byteLength }] },
        onBodyProgress: (sent) => request.onProgress?.({ sentBytes: before + Math.min(sent, item.byteLength), totalBytes: total }),
      });
      if (!isSuccess(put)) return uploadRefused(ctx, put, 'picture');
      // An uploaded image stays the post's to name; its upload address is no longer needed.
      step = { ...step, phase: 'uploaded', expiresAt: null, url: undefined };
      await writeMediaStep(request.steps, key, step);
    }
    before += item.byteLength;
    request.onProgress?.({ sentBytes: before, totalBytes: total });
    if (step.phase === 'uploaded') {
      const ready = await waitUntilAvailable(ctx, request, 'images', step.id, 'picture', { steps: request.steps, key });
      if ('failed' in ready) return ready;
      step = { ...step, phase: 'available' };
      await writeMediaStep(request.steps, key, step);
    }
    images.push({ id: step.id, altText: item.altText });
  }
  return { images };
}
