import { z } from 'zod';
import { LINKEDIN_API, LINKEDIN_RESTLI_PROTOCOL_VERSION } from '@shared/platforms/api-versions';
import type { Clock } from '../ports/clock';
import type { HttpClient, HttpRequest, HttpResult } from '../ports/http-client';
import type { Timers } from '../ports/timers';
import { pollDelay, waitOnTimers, type MediaPoll } from './media-wait';
import type { PublishRequest, PublishResult, PublishSteps } from './platform-adapter';
import { parseJsonBody, platformWords, unansweredUpload } from './publish-http';
import { classifyLinkedInRefusal, type LinkedInUpload } from './linkedin';

/** What the LinkedIn uploads need: the API's base, the client, the clock and the Timers port for waiting on processing. */
export interface LinkedInMediaContext {
  baseUrl: string;
  http: HttpClient;
  clock: Clock;
  timers: Timers;
  poll?: MediaPoll;
  timeoutMs?: number;
}

/** LinkedIn processes a small picture in seconds and a video in minutes; ten minutes per try, then later. */
export const DEFAULT_LINKEDIN_POLL: MediaPoll = { firstDelayMs: 1_000, maxDelayMs: 30_000, maxWaitMs: 10 * 60_000 };

/** An upload step ended without what the post needs: the answer to give (nothing public happened). */
export type LinkedInUploadFailure = { failed: PublishResult };

/** The Rest.li headers every versioned call carries (the version in force, shared/platforms/api-versions.ts). */
export const LINKEDIN_REST_HEADERS = {
  accept: 'application/json',
  'LinkedIn-Version': LINKEDIN_API.version,
  'X-Restli-Protocol-Version': LINKEDIN_RESTLI_PROTOCOL_VERSION,
} as const;

/** Sends one upload-side request with the token, the timeout and the quit signal (an upload cut short is tried again). */
export function sendUploadRequest(ctx: LinkedInMediaContext, request: PublishRequest, init: Omit<HttpRequest, 'bearerToken' | 'timeoutMs' | 'signal'>): Promise<HttpResult> {
  return ctx.http.send({
    ...init,
    bearerToken: request.accessToken,
    ...(ctx.timeoutMs !== undefined ? { timeoutMs: ctx.timeoutMs } : {}),
    ...(request.signal ? { signal: request.signal } : {}),
  });
}

/** `POST /rest/<resource>?action=<action>` with a JSON body. */
export function restAction(ctx: LinkedInMediaContext, request: PublishRequest, resource: 'images' | 'videos' | 'documents', action: string, body: unknown): Promise<HttpResult> {
  return sendUploadRequest(ctx, request, {
    method: 'POST',
    url: `${ctx.baseUrl}/rest/${resource}?action=${action}`,
    headers: { 'content-type': 'application/json', ...LINKEDIN_REST_HEADERS },
    body: JSON.stringify(body),
  });
}

/** An upload's answer that is not a 2xx, as the post's outcome: a refusal is `invalid`, the rest `transient`. */
export function uploadRefused(ctx: LinkedInMediaContext, result: HttpResult, what: LinkedInUpload): LinkedInUploadFailure {
  return { failed: result.kind === 'response' ? classifyLinkedInRefusal(result, ctx.clock.now(), what) : unansweredUpload('linkedin', result) };
}

/** A 2xx without what it should carry: nothing public happened, so it is tried again. */
export function unreadableUpload(status: number, what: LinkedInUpload): LinkedInUploadFailure {
  return { failed: { outcome: { kind: 'transient', message: `LinkedIn's answer to the ${what} upload could not be used (HTTP ${status}); nothing was posted.` }, httpStatus: status, platformErrorCode: null } };
}

export function isSuccess(result: HttpResult): result is Extract<HttpResult, { kind: 'response' }> {
  return result.kind === 'response' && result.status >= 200 && result.status < 300;
}

/**
 * The token goes only where LinkedIn keeps uploads: an https address on linkedin.com (or the
 * configured API's own origin, the local stand-in in tests), never wherever an answer points.
 */
export function trustedUploadUrl(uploadUrl: string, baseUrl: string): boolean {
  const url = new URL(uploadUrl);
  if (url.origin === new URL(baseUrl).origin) return true;
  return url.protocol === 'https:' && (url.hostname === 'linkedin.com' || url.hostname.endsWith('.linkedin.com'));
}

/** `GET /rest/{images|videos|documents}/{urn}`: the fields the wait reads (the Images, Videos and Documents APIs share `status`). */
const statusSchema = z.object({
  status: z.string(),
  processingFailureReason: z.string().optional(),
});

/** What a media status means for the post: the four documented ones, and anything new read as "not yet" (never posted on). */
export function linkedInMediaVerdict(status: string): 'ready' | 'failed' | 'wait' {
  if (status === 'AVAILABLE') return 'ready';
  if (status === 'PROCESSING_FAILED') return 'failed';
  // PROCESSING, WAITING_UPLOAD (the bytes not registered yet), or a status this version does not know.
  return 'wait';
}

/**
 * Polls the media's status with doubling waits on the Timers port until LinkedIn says AVAILABLE:
 * a post naming media that is not is refused, and nothing is ever posted before. PROCESSING_FAILED
 * fails in LinkedIn's words and forgets the recorded step (`forgetKey`), so a new attempt uploads
 * afresh; waiting longer than the poll allows ends this try as `transient` (the steps stay).
 */
export async function waitUntilAvailable(
  ctx: LinkedInMediaContext,
  request: PublishRequest,
  resource: 'images' | 'videos' | 'documents',
  urn: string,
  what: LinkedInUpload,
  forget: { steps: PublishSteps | undefined; key: string },
): Promise<{ ok: true } | LinkedInUploadFailure> {
  const poll = ctx.poll ?? DEFAULT_LINKEDIN_POLL;
  let waited = 0;
  for (let attempt = 0; ; attempt++) {
    const answer = await sendUploadRequest(ctx, request, { method: 'GET', url: `${ctx.baseUrl}/rest/${resource}/${encodeURIComponent(urn)}`, headers: LINKEDIN_REST_HEADERS });
    if (!isSuccess(answer)) return uploadRefused(ctx, answer, what);
    const body = statusSchema.safeParse(parseJsonBody(answer.body));
    if (!body.success) return unreadableUpload(answer.status, what);
    const verdict = linkedInMediaVerdict(body.data.status);
    if (verdict === 'ready') return { ok: true };
    if (verdict === 'failed') {
      await forget.steps?.record(forget.key, '');
      const reason = body.data.processingFailureReason;
      const words = platformWords(reason !== undefined ? `${body.data.status} (${reason})` : body.data.status);
      return { failed: { outcome: { kind: 'invalid', message: `LinkedIn could not process the ${what}: ${words}. Nothing was posted.` }, httpStatus: answer.status, platformErrorCode: body.data.status } };
    }
    const delay = pollDelay(attempt, poll.firstDelayMs, poll.maxDelayMs);
    if (waited + delay > poll.maxWaitMs) {
      return { failed: { outcome: { kind: 'transient', message: `LinkedIn is still processing the ${what}; nothing was posted, and the app looks again later.` }, httpStatus: answer.status, platformErrorCode: null } };
    }
    if (!(await waitOnTimers(ctx.timers, delay, request.signal))) {
      return { failed: { outcome: { kind: 'transient', message: `The app closed while LinkedIn was processing the ${what}; nothing was posted.` }, httpStatus: null, platformErrorCode: null } };
    }
    waited += delay;
  }
}
