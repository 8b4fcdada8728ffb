import { z } from 'zod';
import type { Clock } from '../ports/clock';
import type { HttpClient, HttpHeaders, HttpResult } from '../ports/http-client';
import { DEFAULT_POST_WEB_URLS, type PlatformAdapter, type PublishRequest, type PublishResult, type RateLimitWindow } from './platform-adapter';
import { parseJsonBody, parseRetryAfter, platformWords, unansweredOutcome, unreadableSuccess } from './publish-http';

/** X's posting window is 15 minutes; a 429 without `x-rate-limit-reset` waits one window. */
export const X_DEFAULT_RATE_LIMIT_WAIT_MS = 15 * 60 * 1000;

/** `POST /2/tweets` answers 201 `{data: {id, text}}`. */
const createdSchema = z.object({ data: z.object({ id: z.string().regex(/^\d+$/), text: z.string() }) });

/** X API v2 problem body (RFC 7807-ish), with `errors[]` for invalid requests. */
const problemSchema = z.object({
  title: z.string().optional(),
  detail: z.string().optional(),
  type: z.string().optional(),
  reason: z.string().optional(),
  errors: z.array(z.object({ message: z.string().optional() })).optional(),
});

export interface XAdapterOptions {
  /** `API_URLS.x.api` in production (no trailing slash). */
  baseUrl: string;
  /** Where posts are seen, for the link the app keeps (default `https://x.com`; the sandbox's fake serves them). */
  webUrl?: string;
  http: HttpClient;
  clock: Clock;
  timeoutMs?: number;
}

/** Publishes a text post through X API v2 (`POST {base}/2/tweets`). */
export function createXAdapter(options: XAdapterOptions): PlatformAdapter {
  return {
    platform: 'x',
    reportsRateLimit: true,
    async publish(request: PublishRequest): Promise<PublishResult> {
      const result = await options.http.send({
        method: 'POST',
        url: `${options.baseUrl}/2/tweets`,
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ text: request.text }),
        bearerToken: request.accessToken,
        ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
        ...(request.signal ? { signal: request.signal } : {}),
      });
      if (result.kind !== 'response') return unansweredOutcome('x', result);
      const classified = classifyAnswer(result, options.clock.now(), options.webUrl ?? DEFAULT_POST_WEB_URLS.x);
      // Every answer says how much of the window is left; the engine follows it (never a constant).
      const window = rateLimitWindow(result.headers);
      return window === null ? classified : { ...classified, rateLimit: window };
    },
  };
}

/** What one HTTP answer from `POST /2/tweets` means. */
function classifyAnswer(result: Extract<HttpResult, { kind: 'response' }>, now: number, webUrl: string): PublishResult {
  const { status, headers } = result;
  const json = parseJsonBody(result.body);

  if (status >= 200 && status < 300) {
    const created = createdSchema.safeParse(json);
    if (!created.success) return unreadableSuccess('x', status, 'post id');
    const id = created.data.data.id;
    return { outcome: { kind: 'published', platformPostId: id, url: `${webUrl}/i/web/status/${id}` }, httpStatus: status, platformErrorCode: null };
  }

  const parsed = problemSchema.safeParse(json);
  const problem = parsed.success ? parsed.data : {};
  const words = platformWords(problem.errors?.find((e) => e.message)?.message ?? problem.detail ?? problem.title ?? `HTTP ${status}`);
  const platformErrorCode = problem.reason ?? problem.title ?? null;
  const answer = (outcome: PublishResult['outcome']): PublishResult => ({ outcome, httpStatus: status, platformErrorCode });

  if (status === 401) return answer({ kind: 'auth', message: `X no longer accepts this connection's sign-in: ${words}` });
  if (status === 403 && /duplicate content/i.test(`${problem.detail ?? ''} ${words}`)) {
    return answer({ kind: 'duplicate', message: `X refused a duplicate post: ${words}` });
  }
  if (status === 429) {
    const retryAt = rateLimitReset(headers['x-rate-limit-reset']) ?? parseRetryAfter(headers['retry-after'], now) ?? now + X_DEFAULT_RATE_LIMIT_WAIT_MS;
    return answer({ kind: 'rate_limited', retryAt, message: `X's posting limit was reached; the app waits until ${new Date(retryAt).toISOString()}.` });
  }
  if (status >= 500) return answer({ kind: 'transient', message: `X had a temporary problem (HTTP ${status}), so nothing was posted.` });
  if (status >= 400) return answer({ kind: 'invalid', message: `X refused the post: ${words}` });
  return answer({ kind: 'unknown', message: `X answered HTTP ${status} instead of publishing; the post may or may not have been published.` });
}

/** `x-rate-limit-limit/remaining/reset` as one window; null unless all three are readable (the Results collector reads the same headers). */
export function rateLimitWindow(headers: HttpHeaders): RateLimitWindow | null {
  const count = (value: string | undefined) => (value !== undefined && /^\d+$/.test(value.trim()) ? Number(value.trim()) : null);
  const limit = count(headers['x-rate-limit-limit']);
  const remaining = count(headers['x-rate-limit-remaining']);
  const resetAt = rateLimitReset(headers['x-rate-limit-reset']);
  return limit === null || remaining === null || resetAt === null ? null : { limit, remaining, resetAt };
}

/** `x-rate-limit-reset` is the Unix time (seconds) when the window reopens. */
function rateLimitReset(value: string | undefined): number | null {
  if (value === undefined || !/^\d+$/.test(value.trim())) return null;
  return Number(value.trim()) * 1000;
}
