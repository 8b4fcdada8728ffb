import { z } from 'zod';
import { filePath, readMediaStep, writeMediaStep, type MediaStep } from './media-step';
import type { MediaItem, PublishRequest, PublishResult, PublishSteps } from './platform-adapter';
import { parseJsonBody } from './publish-http';
import { isSuccess, restAction, sendUploadRequest, trustedUploadUrl, unreadableUpload, uploadRefused, waitUntilAvailable, type LinkedInMediaContext } from './linkedin-rest';

const videoUrn = z.string().regex(/^urn:li:video:[\w-]+$/);
const instructionSchema = z.object({ uploadUrl: z.string().url(), firstByte: z.number().int().nonnegative(), lastByte: z.number().int().nonnegative() });

/** `POST /rest/videos?action=initializeUpload` answers `{value: {video, uploadToken, uploadInstructions[], uploadUrlsExpireAt?}}`. */
const initializedSchema = z.object({
  value: z.object({
    video: videoUrn,
    uploadToken: z.string(),
    uploadInstructions: z.array(instructionSchema).min(1),
    uploadUrlsExpireAt: z.number().optional(),
  }),
});

/** What the journal keeps of the upload LinkedIn planned: the token finalize needs and each part's byte range and address. */
const planSchema = z.object({ video: videoUrn, uploadToken: z.string(), parts: z.array(instructionSchema) });
type UploadPlan = z.infer<typeof planSchema>;
/** One part LinkedIn took: its ETag, which finalize names in order. */
const partSchema = z.object({ video: videoUrn, etag: z.string().min(1) });

/**
 * Uploads one video through LinkedIn's Videos API and answers its URN once LinkedIn says it is
 * AVAILABLE: `initializeUpload` {owner, fileSizeBytes} → LinkedIn's upload instructions (a byte
 * range and address per part) → each part `PUT` streamed from disk as a file range (never the
 * whole file in memory), its `etag` kept → `finalizeUpload` with every ETag in order → `GET
 * /rest/videos/{urn}` until AVAILABLE. The journal (`linkedin.video.<n>` with `.upload` and
 * `.part.<i>` beside it) records each of these as LinkedIn confirms it, so a restart carries on
 * with the next part. Nothing here is public: the post that names the video is.
 */
export async function uploadLinkedInVideo(ctx: LinkedInMediaContext, request: PublishRequest, owner: string): Promise<{ id: string } | { failed: PublishResult }> {
  const item = request.media[0]!;
  const key = 'linkedin.video.0';
  const report = (sent: number) => request.onProgress?.({ sentBytes: sent, totalBytes: item.byteLength });
  let step = readMediaStep(request.steps, key, item, ctx.clock.now());
  let plan = step?.phase === 'initialized' ? readPlan(request.steps, key, step.id) : null;
  const save = async (next: MediaStep) => {
    await writeMediaStep(request.steps, key, next);
    step = next;
  };

  if (step === null || (step.phase === 'initialized' && plan === null)) {
    const init = await restAction(ctx, request, 'videos', 'initializeUpload', {
      initializeUploadRequest: { owner, fileSizeBytes: item.byteLength, uploadCaptions: false, uploadThumbnail: false },
    });
    if (!isSuccess(init)) return uploadRefused(ctx, init, 'video');
    const parsed = initializedSchema.safeParse(parseJsonBody(init.body));
    if (!parsed.success) return unreadableUpload(init.status, 'video');
    const { video, uploadToken, uploadInstructions, uploadUrlsExpireAt } = parsed.data.value;
    if (!coversFile(uploadInstructions, item.byteLength) || !uploadInstructions.every((part) => trustedUploadUrl(part.uploadUrl, ctx.baseUrl))) {
      return unreadableUpload(init.status, 'video');
    }
    plan = { video, uploadToken, parts: uploadInstructions };
    // The plan first: a step that says `initialized` always has its plan beside it.
    await request.steps?.record(`${key}.upload`, JSON.stringify(plan));
    await save({ file: filePath(item), bytes: item.byteLength, id: video, expiresAt: uploadUrlsExpireAt ?? null, phase: 'initialized' });
  }
  const current = () => step!;

  if (current().phase === 'initialized') {
    const uploaded = await uploadParts(ctx, request, item, key, plan!, report);
    if ('failed' in uploaded) return uploaded;
    const fin = await restAction(ctx, request, 'videos', 'finalizeUpload', {
      finalizeUploadRequest: { video: current().id, uploadToken: plan!.uploadToken, uploadedPartIds: uploaded.etags },
    });
    if (!isSuccess(fin)) return uploadRefused(ctx, fin, 'video');
    // A finalized video is the post's to name; the upload addresses are no longer needed.
    await save({ ...current(), phase: 'finalized', expiresAt: null });
  }
  report(item.byteLength);

  if (current().phase === 'finalized') {
    const ready = await waitUntilAvailable(ctx, request, 'videos', current().id, 'video', { steps: request.steps, key });
    if ('failed' in ready) return ready;
    await save({ ...current(), phase: 'available' });
  }
  return { id: current().id };
}

/** PUTs each part LinkedIn has not confirmed yet, in order; answers every part's ETag. */
async function uploadParts(
  ctx: LinkedInMediaContext,
  request: PublishRequest,
  item: MediaItem,
  key: string,
  plan: UploadPlan,
  report: (sent: number) => void,
): Promise<{ etags: string[] } | { failed: PublishResult }> {
  const etags: string[] = [];
  for (const [index, part] of plan.parts.entries()) {
    const partKey = `${key}.part.${index}`;
    const length = part.lastByte - part.firstByte + 1;
    const done = readPart(request.steps, partKey, plan.video);
    if (done !== null) {
      etags.push(done);
      continue;
    }
    report(part.firstByte);
    const put = await sendUploadRequest(ctx, request, {
      method: 'PUT',
      url: part.uploadUrl,
      headers: { 'content-type': 'application/octet-stream' },
      body: { parts: [{ file: filePath(item), start: part.firstByte, length }] },
      onBodyProgress: (sent) => report(part.firstByte + Math.min(sent, length)),
    });
    if (!isSuccess(put)) return uploadRefused(ctx, put, 'video');
    const etag = put.headers.etag;
    if (etag === undefined || etag === '') return unreadableUpload(put.status, 'video');
    await request.steps?.record(partKey, JSON.stringify({ video: plan.video, etag }));
    etags.push(etag);
  }
  return { etags };
}

/** The parts cover the file exactly, in order, with no gap or overlap. */
function coversFile(parts: ReadonlyArray<{ firstByte: number; lastByte: number }>, byteLength: number): boolean {
  let next = 0;
  for (const part of parts) {
    if (part.firstByte !== next || part.lastByte < part.firstByte) return false;
    next = part.lastByte + 1;
  }
  return next === byteLength;
}

function readPlan(steps: PublishSteps | undefined, key: string, video: string): UploadPlan | null {
  const plan = planSchema.safeParse(parseJsonBody(steps?.get(`${key}.upload`) ?? null));
  return plan.success && plan.data.video === video ? plan.data : null;
}

function readPart(steps: PublishSteps | undefined, partKey: string, video: string): string | null {
  const part = partSchema.safeParse(parseJsonBody(steps?.get(partKey) ?? null));
  return part.success && part.data.video === video ? part.data.etag : null;
}
