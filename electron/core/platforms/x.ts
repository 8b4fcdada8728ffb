import { z } from 'zod';
import type { Clock } from '../ports/clock';
import type { HttpClient, HttpResult } from '../ports/http-client';
import { systemTimers, type Timers } from '../ports/timers';
import { DEFAULT_POST_WEB_URLS, type PlatformAdapter, type PublishRequest, type PublishResult } from './platform-adapter';
import { parseJsonBody, unansweredOutcome, unreadableSuccess } from './publish-http';
import { classifyXRefusal, postingWindow } from './x-answers';
import { uploadXMedia } from './x-media';
import { XMediaWindows } from './x-media-windows';

export { rateLimitWindow, X_DEFAULT_RATE_LIMIT_WAIT_MS } from './x-answers';

/** `POST /2/tweets` answers 201 `{data: {id, text}}`. */
const createdSchema = z.object({ data: z.object({ id: z.string().regex(/^\d+$/), text: z.string() }) });

export interface XAdapterOptions {
  /** `API_URLS.x.api` in production (no trailing slash). */
  baseUrl: string;
  /** Where posts are seen, for the link the app keeps (default `https://x.com`; the sandbox's fake serves them). */
  webUrl?: string;
  http: HttpClient;
  clock: Clock;
  /** Waits between checks of a video X is processing (default: Node's timers). */
  timers?: Timers;
  timeoutMs?: number;
}

/**
 * Publishes through X API v2: media first (x-media.ts: the chunked upload, each step recorded),
 * then the post `POST {base}/2/tweets` naming them in `media.media_ids` — the one public step,
 * sent only after the engine's leaving mark (`beforePublicStep`).
 */
export function createXAdapter(options: XAdapterOptions): PlatformAdapter {
  const timers = options.timers ?? systemTimers;
  const windows = new XMediaWindows();
  return {
    platform: 'x',
    reportsRateLimit: true,
    marksPublicStep: true,
    async publish(request: PublishRequest): Promise<PublishResult> {
      let mediaIds: string[] = [];
      if (request.media.length > 0) {
        const uploaded = await uploadXMedia({ ...options, timers, windows }, request);
        if ('failed' in uploaded) return uploaded.failed;
        mediaIds = uploaded.mediaIds;
      }
      await request.beforePublicStep?.();
      const body = mediaIds.length > 0 ? { ...(request.text === '' ? {} : { text: request.text }), media: { media_ids: mediaIds } } : { text: request.text };
      const result = await options.http.send({
        method: 'POST',
        url: `${options.baseUrl}/2/tweets`,
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify(body),
        bearerToken: request.accessToken,
        ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
        // Quitting aborts it too (the contract's `signal`): an abort after it left is an unknown outcome.
        ...(request.signal ? { signal: request.signal } : {}),
      });
      if (result.kind !== 'response') return unansweredOutcome('x', result);
      const classified = classifyAnswer(result, options.clock.now(), options.webUrl ?? DEFAULT_POST_WEB_URLS.x);
      // Every answer of POST /2/tweets says how much of its windows is left (15 minutes and 24
      // hours); the engine follows the most restrictive (never a constant), so a day's limit
      // spent, even on a 201, holds the connection until the day resets. null: answered without
      // readable figures. Only here: the media steps' answers are other windows
      // (x-media-windows.ts), so a result that failed before this request carries none.
      return { ...classified, rateLimit: postingWindow(result.headers) };
    },
  };
}

/** What one HTTP answer from `POST /2/tweets` means. */
function classifyAnswer(result: Extract<HttpResult, { kind: 'response' }>, now: number, webUrl: string): PublishResult {
  const { status } = result;
  if (status >= 200 && status < 300) {
    const created = createdSchema.safeParse(parseJsonBody(result.body));
    if (!created.success) return unreadableSuccess('x', status, 'post id');
    const id = created.data.data.id;
    return { outcome: { kind: 'published', platformPostId: id, url: `${webUrl}/i/web/status/${id}` }, httpStatus: status, platformErrorCode: null };
  }
  return classifyXRefusal(result, now, 'post');
}
