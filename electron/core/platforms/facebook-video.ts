import { z } from 'zod';
import { multipartBody } from '../http/multipart-body';
import type { HttpRequest, HttpResult } from '../ports/http-client';
import { classifyGraphAnswer, type FacebookAdapterOptions } from './facebook';
import { filePath, readMediaStep, writeMediaStep, type MediaStep } from './media-step';
import { DEFAULT_POST_WEB_URLS, type PublishRequest, type PublishResult } from './platform-adapter';
import { asUploadResult, parseJsonBody, unansweredOutcome, unansweredUpload, unreadableSuccess } from './publish-http';

/** The journal key of the upload session (`id`: upload_session_id, `videoId`, `phase`: `offsets:<start>-<end>` Meta asked for next). */
export const FACEBOOK_VIDEO_STEP = 'facebook.video';
/** Re-sends of a chunk after a drop or a "wrong offset" within one try before leaving it to the engine's retries. */
const RESUMES_PER_TRY = 5;
/** Meta's resumable upload takes up to 10 GB (Uploading Videos with the Graph API, "Limitations"). */
const VIDEO_MAX_BYTES = 10 * 1024 * 1024 * 1024;
/** Video upload errors (Video API "Error Codes"): the server got another start offset than it holds (error_data names its own). */
const WRONG_OFFSET_SUBCODE = 1363037;
/** Upload-phase errors Meta says to answer by sending the chunk again: timed out, a problem, a partial file. */
const RESEND_SUBCODES = new Set([1363030, 1363019, 1363033]);

/** Meta gives offsets as strings of digits (`"start_offset":"0"`); numbers are read too. */
const offsetSchema = z.union([z.string().regex(/^\d{1,15}$/).transform(Number), z.number().int().nonnegative()]);
const offsetsSchema = z.object({ start_offset: offsetSchema, end_offset: offsetSchema });
const startedSchema = offsetsSchema.extend({ upload_session_id: z.string().regex(/^\d+$/), video_id: z.string().regex(/^\d+$/) });
const finishedSchema = z.object({ success: z.literal(true) });
const uploadErrorSchema = z.object({
  error: z.object({ code: z.number().int(), error_subcode: z.number().int().optional(), message: z.string().optional(), error_data: z.unknown().optional() }),
});

type Offsets = { start: number; end: number };

/**
 * One video on a Facebook Page through the Graph API's resumable upload, `POST {base}/{page-id}/videos`
 * (docs/platform-apis.md, "Facebook Pages"): `upload_phase=start` with `file_size` → the session,
 * the video's id and the first range Meta wants; `upload_phase=transfer` sends exactly that range
 * of the file (multipart `video_file_chunk`, streamed from disk) and is answered with the next
 * range, until start and end meet; `upload_phase=finish` with the text as `description` publishes
 * it. The session, the video id and the range Meta asked for next are recorded in the target's
 * steps (`facebook.video`) after every answer, so a restart, a retry or a renewed sign-in goes on
 * from there; when Meta holds more than the journal says (a chunk that arrived but whose answer
 * was lost) it refuses the offset (subcode 1363037) naming its own, and the upload goes on from
 * Meta's. Transfers have no public effect and may be repeated; the finish is the public step, sent
 * only after `beforePublicStep()`, and an unanswered finish is unknown (needs_check), never sent again.
 */
export async function publishVideo(options: FacebookAdapterOptions, request: PublishRequest): Promise<PublishResult> {
  const item = request.media[0];
  if (request.media.length !== 1 || item === undefined || item.kind !== 'video' || !('path' in item.source)) {
    return refused('A Facebook post takes one video on its own (no pictures beside it). Nothing was sent.');
  }
  if (item.byteLength === 0 || item.byteLength > VIDEO_MAX_BYTES) return refused('Facebook takes videos of up to 10 GB. Nothing was sent.');

  const page = encodeURIComponent(request.accountId);
  const url = `${options.videoUrl ?? options.baseUrl}/${page}/videos`;
  const total = item.byteLength;
  const report = (sent: number) => request.onProgress?.({ sentBytes: Math.min(sent, total), totalBytes: total });
  const call = (http: Omit<HttpRequest, 'bearerToken' | 'timeoutMs' | 'method' | 'url'>) =>
    options.http.send({
      ...http,
      method: 'POST',
      url,
      bearerToken: request.accessToken,
      ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
      // Quitting aborts every phase (the contract's `signal`); an aborted finish is unknown (needs_check).
      ...(request.signal ? { signal: request.signal } : {}),
    });
  const form = (fields: Record<string, string>) => ({
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: new URLSearchParams(fields).toString(),
  });

  let step = readMediaStep(request.steps, FACEBOOK_VIDEO_STEP, item, options.clock.now(), 0);
  let at = step === null ? null : offsetsOf(step.phase);
  const save = async (next: Offsets) => {
    step = { ...step!, phase: `offsets:${next.start}-${next.end}` };
    await writeMediaStep(request.steps, FACEBOOK_VIDEO_STEP, step);
    at = next;
  };

  if (step === null || at === null || step.videoId === undefined) {
    const answer = await call(form({ upload_phase: 'start', file_size: String(total) }));
    if (answer.kind !== 'response') return unansweredUpload('facebook', answer);
    if (answer.status < 200 || answer.status >= 300) return asUploadResult(classifyGraphAnswer(answer, options.clock.now()));
    const started = startedSchema.safeParse(parseJsonBody(answer.body));
    if (!started.success || !fits({ start: started.data.start_offset, end: started.data.end_offset }, total)) return unreadableUpload(answer.status, 'start');
    step = { file: filePath(item), bytes: total, id: started.data.upload_session_id, videoId: started.data.video_id, expiresAt: null, phase: '' } satisfies MediaStep;
    await save({ start: started.data.start_offset, end: started.data.end_offset });
  }
  const session = step.id;
  const videoId = step.videoId!;

  let resumes = 0;
  while (at!.start < at!.end) {
    const { start, end } = at!;
    const length = end - start;
    report(start);
    const chunk = multipartBody([
      { name: 'upload_phase', value: 'transfer' },
      { name: 'upload_session_id', value: session },
      { name: 'start_offset', value: String(start) },
      { name: 'video_file_chunk', filename: 'chunk', contentType: 'application/octet-stream', content: { file: filePath(item), start, length } },
    ]);
    const answer = await call({
      headers: { 'content-type': chunk.contentType, accept: 'application/json' },
      body: chunk.body,
      onBodyProgress: (sent) => report(start + Math.min(sent, length)),
    });
    if (answer.kind === 'response' && answer.status >= 200 && answer.status < 300) {
      const next = offsetsSchema.safeParse(parseJsonBody(answer.body));
      if (!next.success || !fits({ start: next.data.start_offset, end: next.data.end_offset }, total)) return unreadableUpload(answer.status, 'transfer');
      await save({ start: next.data.start_offset, end: next.data.end_offset });
      continue;
    }
    const held = answer.kind === 'response' ? heldByMeta(answer, total) : answer.kind === 'not_sent' && answer.reason === 'aborted' ? null : 'same';
    const resend = held === 'same' ? { start, end } : held;
    if (resend === null || ++resumes > RESUMES_PER_TRY) {
      return answer.kind === 'response' ? asUploadResult(classifyGraphAnswer(answer, options.clock.now())) : unansweredUpload('facebook', answer);
    }
    // A drop (Meta may or may not hold the chunk) or Meta naming its own offset: go on from what Meta said.
    if (resend.start !== start || resend.end !== end) await save(resend);
  }
  report(total);

  // The public step: the engine's mark first, then the finish, never repeated by itself.
  await request.beforePublicStep?.();
  const answer = await call(form({ upload_phase: 'finish', upload_session_id: session, description: request.text, published: 'true' }));
  if (answer.kind !== 'response') return unansweredOutcome('facebook', answer);
  if (answer.status < 200 || answer.status >= 300) return classifyGraphAnswer(answer, options.clock.now());
  if (!finishedSchema.safeParse(parseJsonBody(answer.body)).success) return unreadableSuccess('facebook', answer.status, 'confirmation');
  return {
    outcome: { kind: 'published', platformPostId: videoId, url: `${options.webUrl ?? DEFAULT_POST_WEB_URLS.facebook}/${page}/videos/${videoId}` },
    httpStatus: answer.status,
    platformErrorCode: null,
  };
}

/**
 * What Meta holds, from a refused transfer: the offsets it names with subcode 1363037 (in
 * `error_data`, an object or its JSON text, or else in the message), or the same chunk again for
 * the subcodes Meta says to retry; null for any other refusal (classified as such).
 */
function heldByMeta(answer: Extract<HttpResult, { kind: 'response' }>, total: number): Offsets | 'same' | null {
  const parsed = uploadErrorSchema.safeParse(parseJsonBody(answer.body));
  if (!parsed.success) return null;
  const { error_subcode: subcode, error_data: data, message } = parsed.data.error;
  if (subcode !== undefined && RESEND_SUBCODES.has(subcode)) return 'same';
  if (subcode !== WRONG_OFFSET_SUBCODE) return null;
  const fromData = offsetsSchema.safeParse(typeof data === 'string' ? parseJsonBody(data) : data);
  if (fromData.success) {
    const named = { start: fromData.data.start_offset, end: fromData.data.end_offset };
    return fits(named, total) ? named : null;
  }
  const start = /start_offset\D{0,4}(\d+)/.exec(message ?? '')?.[1];
  const end = /end_offset\D{0,4}(\d+)/.exec(message ?? '')?.[1];
  const named = start !== undefined && end !== undefined ? { start: Number(start), end: Number(end) } : null;
  return named !== null && fits(named, total) ? named : null;
}

const fits = ({ start, end }: Offsets, total: number) => start <= end && end <= total;

function offsetsOf(phase: string): Offsets | null {
  const match = /^offsets:(\d+)-(\d+)$/.exec(phase);
  return match ? { start: Number(match[1]), end: Number(match[2]) } : null;
}

function refused(message: string): PublishResult {
  return { outcome: { kind: 'invalid', message }, httpStatus: null, platformErrorCode: null };
}

function unreadableUpload(status: number, phase: string): PublishResult {
  return { outcome: { kind: 'transient', message: `Facebook's answer to the video upload (${phase}) could not be read (HTTP ${status}); nothing was posted.` }, httpStatus: status, platformErrorCode: null };
}
