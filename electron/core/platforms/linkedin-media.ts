import { z } from 'zod';
import { LINKEDIN_API, LINKEDIN_RESTLI_PROTOCOL_VERSION } from '@shared/platforms/api-versions';
import type { Clock } from '../ports/clock';
import type { HttpClient, HttpResult } from '../ports/http-client';
import { filePath, readMediaStep, writeMediaStep } from './media-step';
import type { PublishRequest, PublishResult } from './platform-adapter';
import { parseJsonBody, unansweredUpload } from './publish-http';
import { classifyLinkedInRefusal } from './linkedin';

/** `POST /rest/images?action=initializeUpload` answers `{value: {uploadUrl, uploadUrlExpiresAt, image}}`. */
const initializedSchema = z.object({
  value: z.object({ uploadUrl: z.string().url(), uploadUrlExpiresAt: z.number(), image: z.string().regex(/^urn:li:image:[\w-]+$/) }),
});

export interface LinkedInMediaContext {
  baseUrl: string;
  http: HttpClient;
  clock: Clock;
  timeoutMs?: number;
}

/** One uploaded picture as the post names it. */
export interface LinkedInImage {
  id: string;
  altText: string | null;
}

/**
 * Uploads a post's pictures through LinkedIn's Images API: `initializeUpload` with the post's
 * author as owner → `PUT` the bytes (streamed from disk) to the `uploadUrl` it names. Each image is
 * recorded in the target's steps (`linkedin.image.<n>`: the URN and upload address, then
 * `uploaded`), so a restart puts only what is missing. Videos and documents are not sent yet:
 * the target fails with that said, before anything leaves.
 */
export async function uploadLinkedInImages(ctx: LinkedInMediaContext, request: PublishRequest, owner: string): Promise<{ images: LinkedInImage[] } | { failed: PublishResult }> {
  if (request.media.some((item) => item.kind !== 'image')) {
    return { failed: { outcome: { kind: 'invalid', message: 'AgencyIQ cannot send videos to LinkedIn yet; post the pictures only, or the video elsewhere. Nothing was sent.' }, httpStatus: null, platformErrorCode: null } };
  }
  const total = request.media.reduce((sum, item) => sum + item.byteLength, 0);
  let before = 0;
  const images: LinkedInImage[] = [];
  const failed = (result: HttpResult): { failed: PublishResult } => ({
    failed: result.kind === 'response' ? classifyLinkedInRefusal(result, ctx.clock.now(), 'media') : unansweredUpload('linkedin', result),
  });
  const common = {
    bearerToken: request.accessToken,
    ...(ctx.timeoutMs !== undefined ? { timeoutMs: ctx.timeoutMs } : {}),
    ...(request.signal ? { signal: request.signal } : {}),
  };
  for (const [index, item] of request.media.entries()) {
    const key = `linkedin.image.${index}`;
    let step = readMediaStep(request.steps, key, item, ctx.clock.now());
    if (step === null) {
      const init = await ctx.http.send({
        ...common,
        method: 'POST',
        url: `${ctx.baseUrl}/rest/images?action=initializeUpload`,
        headers: {
          'content-type': 'application/json',
          accept: 'application/json',
          'LinkedIn-Version': LINKEDIN_API.version,
          'X-Restli-Protocol-Version': LINKEDIN_RESTLI_PROTOCOL_VERSION,
        },
        body: JSON.stringify({ initializeUploadRequest: { owner } }),
      });
      if (init.kind !== 'response' || init.status < 200 || init.status >= 300) return failed(init);
      const parsed = initializedSchema.safeParse(parseJsonBody(init.body));
      if (!parsed.success || !trustedUploadUrl(parsed.data.value.uploadUrl, ctx.baseUrl)) {
        return { failed: { outcome: { kind: 'transient', message: `LinkedIn's answer to the picture upload could not be used (HTTP ${init.status}); nothing was posted.` }, httpStatus: init.status, platformErrorCode: null } };
      }
      const { uploadUrl, uploadUrlExpiresAt, image } = parsed.data.value;
      step = { file: filePath(item), bytes: item.byteLength, id: image, expiresAt: uploadUrlExpiresAt, phase: 'initialized', url: uploadUrl };
      await writeMediaStep(request.steps, key, step);
    }
    if (step.phase === 'initialized') {
      const put = await ctx.http.send({
        ...common,
        method: 'PUT',
        url: step.url!,
        headers: { 'content-type': item.mimeType },
        body: { parts: [{ file: filePath(item), start: 0, length: item.byteLength }] },
        onBodyProgress: (sent) => request.onProgress?.({ sentBytes: before + Math.min(sent, item.byteLength), totalBytes: total }),
      });
      if (put.kind !== 'response' || put.status < 200 || put.status >= 300) return failed(put);
      // An uploaded image stays the post's to name; its upload address is no longer needed.
      step = { ...step, phase: 'uploaded', expiresAt: null, url: undefined };
      await writeMediaStep(request.steps, key, step);
    }
    before += item.byteLength;
    request.onProgress?.({ sentBytes: before, totalBytes: total });
    images.push({ id: step.id, altText: item.altText });
  }
  return { images };
}

/**
 * The token goes only where LinkedIn keeps uploads: an https address on linkedin.com (or the
 * configured API's own origin, the local stand-in in tests), never wherever an answer points.
 */
function trustedUploadUrl(uploadUrl: string, baseUrl: string): boolean {
  const url = new URL(uploadUrl);
  if (url.origin === new URL(baseUrl).origin) return true;
  return url.protocol === 'https:' && (url.hostname === 'linkedin.com' || url.hostname.endsWith('.linkedin.com'));
}
