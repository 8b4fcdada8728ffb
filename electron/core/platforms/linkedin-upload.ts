import { z } from 'zod';
import { filePath, readMediaStep, writeMediaStep } from './media-step';
import type { MediaItem, PublishRequest } from './platform-adapter';
import { parseJsonBody } from './publish-http';
import { isSuccess, restAction, sendUploadRequest, trustedUploadUrl, unreadableUpload, uploadRefused, waitUntilAvailable, type LinkedInMediaContext, type LinkedInUploadFailure } from './linkedin-rest';
import type { LinkedInUpload } from './linkedin';

/** The LinkedIn APIs that take a file in one PUT: Images and Documents. */
type SingleUploadResource = { resource: 'images'; field: 'image'; what: Extract<LinkedInUpload, 'picture'> } | { resource: 'documents'; field: 'document'; what: Extract<LinkedInUpload, 'document'> };

export const LINKEDIN_IMAGES: SingleUploadResource = { resource: 'images', field: 'image', what: 'picture' };
export const LINKEDIN_DOCUMENTS: SingleUploadResource = { resource: 'documents', field: 'document', what: 'document' };

/** `POST /rest/{images|documents}?action=initializeUpload` answers `{value: {uploadUrl, uploadUrlExpiresAt, image|document}}`. */
const initializedSchema = (field: 'image' | 'document') =>
  z.object({
    value: z.object({ uploadUrl: z.string().url(), uploadUrlExpiresAt: z.number(), [field]: z.string().regex(new RegExp(`^urn:li:${field}:[\\w-]+$`)) }),
  });

/**
 * Uploads one file through LinkedIn's one-PUT upload (Images API, Documents API): `initializeUpload`
 * with the post's author as owner → `PUT` the bytes (streamed from disk) to the `uploadUrl` it
 * names, with the token only if that address is LinkedIn's → `GET /rest/{resource}/{urn}` until
 * AVAILABLE (a post naming one still PROCESSING is refused). Each step is recorded under `key`
 * (the URN and upload address, then `uploaded`, then `available`), so a restart does only what
 * is missing. Nothing here is public; answers the URN.
 */
export async function uploadLinkedInFile(
  ctx: LinkedInMediaContext,
  request: PublishRequest,
  owner: string,
  item: MediaItem,
  key: string,
  api: SingleUploadResource,
  onSent: (sent: number) => void,
): Promise<{ id: string } | LinkedInUploadFailure> {
  let step = readMediaStep(request.steps, key, item, ctx.clock.now());
  if (step === null) {
    const init = await restAction(ctx, request, api.resource, 'initializeUpload', { initializeUploadRequest: { owner } });
    if (!isSuccess(init)) return uploadRefused(ctx, init, api.what);
    const parsed = initializedSchema(api.field).safeParse(parseJsonBody(init.body));
    if (!parsed.success) return unreadableUpload(init.status, api.what);
    const value = parsed.data.value as { uploadUrl: string; uploadUrlExpiresAt: number } & Record<string, string>;
    if (!trustedUploadUrl(value.uploadUrl, ctx.baseUrl)) return unreadableUpload(init.status, api.what);
    step = { file: filePath(item), bytes: item.byteLength, id: value[api.field]!, expiresAt: value.uploadUrlExpiresAt, phase: 'initialized', url: value.uploadUrl };
    await writeMediaStep(request.steps, key, step);
  }
  if (step.phase === 'initialized') {
    const put = await sendUploadRequest(ctx, request, {
      method: 'PUT',
      url: step.url!,
      headers: { 'content-type': item.mimeType },
      body: { parts: [{ file: filePath(item), start: 0, length: item.byteLength }] },
      onBodyProgress: (sent) => onSent(Math.min(sent, item.byteLength)),
    });
    if (!isSuccess(put)) return uploadRefused(ctx, put, api.what);
    // An uploaded file stays the post's to name; its upload address is no longer needed.
    step = { ...step, phase: 'uploaded', expiresAt: null, url: undefined };
    await writeMediaStep(request.steps, key, step);
  }
  onSent(item.byteLength);
  if (step.phase === 'uploaded') {
    const ready = await waitUntilAvailable(ctx, request, api.resource, step.id, api.what, { steps: request.steps, key });
    if ('failed' in ready) return ready;
    step = { ...step, phase: 'available' };
    await writeMediaStep(request.steps, key, step);
  }
  return { id: step.id };
}
