import { z } from 'zod';
import { multipartBody } from '../http/multipart-body';
import type { Clock } from '../ports/clock';
import type { HttpClient, HttpRequest, HttpResult } from '../ports/http-client';
import type { Timers } from '../ports/timers';
import { waitOnTimers } from './media-wait';
import { filePath, readMediaStep, writeMediaStep, type MediaStep } from './media-step';
import type { MediaItem, PublishRequest, PublishResult } from './platform-adapter';
import { parseJsonBody, platformWords, unansweredUpload } from './publish-http';
import { classifyXRefusal } from './x-answers';
import { XMediaWindowSpent, type XMediaEndpoint, type XMediaWindows } from './x-media-windows';

/** Bytes per APPEND segment (X takes segments up to 5 MB; 1,000 segments at most). */
export const X_SEGMENT_BYTES = 4 * 1024 * 1024;
/** X's alt text is at most 1,000 characters. */
const ALT_TEXT_MAX = 1000;
/** How long the app waits for X to process one video in one try before trying again later. */
const PROCESSING_WAIT_MS = 10 * 60_000;

const idSchema = z.string().regex(/^\d{1,19}$/);
const processingSchema = z.object({
  state: z.enum(['pending', 'in_progress', 'failed', 'succeeded']),
  check_after_secs: z.number().optional(),
  error: z.object({ message: z.string().optional(), name: z.string().optional() }).optional(),
});
const initializedSchema = z.object({ data: z.object({ id: idSchema, expires_after_secs: z.number().positive() }) });
const finalizedSchema = z.object({
  data: z.object({ id: idSchema, expires_after_secs: z.number().positive().optional(), processing_info: processingSchema.optional() }),
});

export interface XMediaContext {
  baseUrl: string;
  http: HttpClient;
  clock: Clock;
  timers: Timers;
  /** The media endpoints' rate windows, shared by every target the adapter uploads for. */
  windows: XMediaWindows;
  timeoutMs?: number;
}

type Step = { ok: true } | { failed: PublishResult };
/** One media request, sent within its endpoint's window. */
type MediaCall = (endpoint: XMediaEndpoint, http: Omit<HttpRequest, 'bearerToken' | 'timeoutMs' | 'signal'>) => Promise<HttpResult>;

/**
 * Uploads a post's media through X's v2 chunked upload, item by item: `initialize`
 * ({media_type, total_bytes, media_category}) → `append` (multipart, `segment_index` 0…, each
 * segment streamed from disk) → `finalize` → for video, `GET /2/media/upload?command=STATUS`
 * until `succeeded` (waiting `check_after_secs` on the Timers port) → alt text through
 * `POST /2/media/metadata`. Each stage is recorded in the target's steps (`x.media.<n>`) as soon as
 * X confirms it, so a restart carries on from the next segment and a ready id is never uploaded
 * again (until it nears its `expires_after_secs`). Nothing here is public. Each endpoint's rate
 * window is followed (x-media-windows.ts): a spent one or a 429 is `rate_limited` (scope `media`:
 * the connection's text posts go on) until its reset, and the retry then continues from the
 * recorded steps.
 */
export async function uploadXMedia(ctx: XMediaContext, request: PublishRequest): Promise<{ mediaIds: string[] } | { failed: PublishResult }> {
  try {
    return await uploadAll(ctx, request);
  } catch (error) {
    if (!(error instanceof XMediaWindowSpent)) throw error;
    const message = `X's media upload limit was reached; nothing was posted, and the app goes on after ${new Date(error.resetAt).toISOString()}.`;
    // Nothing was sent (so no window of POST /2/tweets to report); only this target waits for the media window.
    return { failed: { outcome: { kind: 'rate_limited', retryAt: error.resetAt, message, scope: 'media' }, httpStatus: null, platformErrorCode: null } };
  }
}

async function uploadAll(ctx: XMediaContext, request: PublishRequest): Promise<{ mediaIds: string[] } | { failed: PublishResult }> {
  const total = request.media.reduce((sum, item) => sum + item.byteLength, 0);
  let before = 0;
  const mediaIds: string[] = [];
  for (const [index, item] of request.media.entries()) {
    const report = (sentOfItem: number) => request.onProgress?.({ sentBytes: before + sentOfItem, totalBytes: total });
    const uploaded = await uploadOne(ctx, request, item, `x.media.${index}`, report);
    if ('failed' in uploaded) return uploaded;
    mediaIds.push(uploaded.id);
    before += item.byteLength;
    report(0);
  }
  return { mediaIds };
}

async function uploadOne(
  ctx: XMediaContext,
  request: PublishRequest,
  item: MediaItem,
  key: string,
  report: (sentOfItem: number) => void,
): Promise<{ id: string } | { failed: PublishResult }> {
  const call: MediaCall = (endpoint, http) =>
    ctx.windows.send(request.accountId, endpoint, () => ctx.clock.now(), request.signal, () =>
      ctx.http.send({
        ...http,
        bearerToken: request.accessToken,
        ...(ctx.timeoutMs !== undefined ? { timeoutMs: ctx.timeoutMs } : {}),
        ...(request.signal ? { signal: request.signal } : {}),
      }),
    );
  const failed = (result: HttpResult): { failed: PublishResult } =>
    ({ failed: result.kind === 'response' ? classifyXRefusal(result, ctx.clock.now(), 'media') : unansweredUpload('x', result) });
  let step = readMediaStep(request.steps, key, item, ctx.clock.now());
  const save = async (next: MediaStep) => {
    await writeMediaStep(request.steps, key, next);
    step = next;
  };
  if (step?.phase === 'ready') {
    report(item.byteLength);
    return { id: step.id };
  }

  if (step === null) {
    const init = await call('initialize', {
      method: 'POST',
      url: `${ctx.baseUrl}/2/media/upload/initialize`,
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ media_type: item.mimeType, total_bytes: item.byteLength, media_category: item.kind === 'video' ? 'amplify_video' : 'tweet_image' }),
    });
    if (init.kind !== 'response' || init.status < 200 || init.status >= 300) return failed(init);
    const parsed = initializedSchema.safeParse(parseJsonBody(init.body));
    if (!parsed.success) return { failed: unreadableUpload(init.status, 'initialize') };
    await save({ file: filePath(item), bytes: item.byteLength, id: parsed.data.data.id, expiresAt: ctx.clock.now() + parsed.data.data.expires_after_secs * 1000, phase: 'appended:0' });
  }
  const current = () => step!;

  const segments = Math.max(1, Math.ceil(item.byteLength / X_SEGMENT_BYTES));
  const appended = /^appended:(\d+)$/.exec(current().phase);
  for (let segment = appended ? Number(appended[1]) : segments; segment < segments; segment++) {
    const start = segment * X_SEGMENT_BYTES;
    const length = Math.min(X_SEGMENT_BYTES, item.byteLength - start);
    report(start);
    const form = multipartBody([
      { name: 'segment_index', value: String(segment) },
      { name: 'media', filename: 'blob', contentType: 'application/octet-stream', content: { file: filePath(item), start, length } },
    ]);
    const answer = await call('append', {
      method: 'POST',
      url: `${ctx.baseUrl}/2/media/upload/${current().id}/append`,
      headers: { 'content-type': form.contentType, accept: 'application/json' },
      body: form.body,
      onBodyProgress: (sent) => report(start + Math.min(length, sent)),
    });
    if (answer.kind !== 'response' || answer.status < 200 || answer.status >= 300) return failed(answer);
    await save({ ...current(), phase: `appended:${segment + 1}` });
  }
  report(item.byteLength);

  if (current().phase.startsWith('appended:')) {
    const fin = await call('finalize', { method: 'POST', url: `${ctx.baseUrl}/2/media/upload/${current().id}/finalize`, headers: { accept: 'application/json' } });
    if (fin.kind !== 'response' || fin.status < 200 || fin.status >= 300) return failed(fin);
    const parsed = finalizedSchema.safeParse(parseJsonBody(fin.body));
    if (!parsed.success) return { failed: unreadableUpload(fin.status, 'finalize') };
    const processing = parsed.data.data.processing_info;
    if (processing?.state === 'failed') return { failed: processingFailed(processing) };
    await save({ ...current(), phase: processing === undefined || processing.state === 'succeeded' ? 'processed' : 'finalized' });
  }

  if (current().phase === 'finalized') {
    const processed = await waitForProcessing(ctx, call, current().id, request.signal);
    if (!('ok' in processed)) return processed;
    await save({ ...current(), phase: 'processed' });
  }

  if (item.altText !== null && item.kind === 'image') {
    const meta = await call('metadata', {
      method: 'POST',
      url: `${ctx.baseUrl}/2/media/metadata`,
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ id: current().id, metadata: { alt_text: { text: item.altText.slice(0, ALT_TEXT_MAX) } } }),
    });
    if (meta.kind !== 'response' || meta.status < 200 || meta.status >= 300) return failed(meta);
  }
  await save({ ...current(), phase: 'ready' });
  return { id: current().id };
}

/** Polls STATUS until X says the video is ready, waiting as long as X asks between checks. */
async function waitForProcessing(
  ctx: XMediaContext,
  call: MediaCall,
  id: string,
  signal: AbortSignal | undefined,
): Promise<Step> {
  const deadline = ctx.clock.now() + PROCESSING_WAIT_MS;
  for (;;) {
    const status = await call('status', { method: 'GET', url: `${ctx.baseUrl}/2/media/upload?command=STATUS&media_id=${id}`, headers: { accept: 'application/json' } });
    if (status.kind !== 'response') return { failed: unansweredUpload('x', status) };
    if (status.status < 200 || status.status >= 300) return { failed: classifyXRefusal(status, ctx.clock.now(), 'media') };
    const parsed = finalizedSchema.safeParse(parseJsonBody(status.body));
    if (!parsed.success) return { failed: unreadableUpload(status.status, 'status') };
    const processing = parsed.data.data.processing_info;
    if (processing === undefined || processing.state === 'succeeded') return { ok: true };
    if (processing.state === 'failed') return { failed: processingFailed(processing) };
    const waitMs = Math.min(60, Math.max(1, processing.check_after_secs ?? 5)) * 1000;
    if (ctx.clock.now() + waitMs > deadline) {
      return {
        failed: { outcome: { kind: 'transient', message: 'X is still processing the video; nothing was posted, and the app looks again later.' }, httpStatus: status.status, platformErrorCode: null },
      };
    }
    if (!(await waitOnTimers(ctx.timers, waitMs, signal))) {
      return { failed: { outcome: { kind: 'transient', message: 'The app closed while X was processing the video; nothing was posted.' }, httpStatus: null, platformErrorCode: null } };
    }
  }
}

function processingFailed(processing: z.infer<typeof processingSchema>): PublishResult {
  const words = platformWords(processing.error?.message ?? processing.error?.name ?? 'the video could not be processed');
  return { outcome: { kind: 'invalid', message: `X could not use the video: ${words}` }, httpStatus: 200, platformErrorCode: processing.error?.name ?? null };
}

/** A 2xx to an upload step without what it should carry: nothing public happened, so it is tried again. */
function unreadableUpload(status: number, stage: string): PublishResult {
  return { outcome: { kind: 'transient', message: `X's answer to the media ${stage} could not be read (HTTP ${status}); nothing was posted.` }, httpStatus: status, platformErrorCode: null };
}
