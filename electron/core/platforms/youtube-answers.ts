import { z } from 'zod';
import type { HttpResult } from '../ports/http-client';
import type { PublishResult } from './platform-adapter';
import { parseJsonBody, parseRetryAfter, platformWords } from './publish-http';

type Answered = Extract<HttpResult, { kind: 'response' }>;

/** Google's error body: `{error: {code, message, errors: [{reason, message}]}}`. */
const errorSchema = z.object({
  error: z.object({ message: z.string().optional(), errors: z.array(z.object({ reason: z.string().optional() })).optional() }),
});

/** The video resource a completed upload answers with (`part=snippet,status`). */
export const videoSchema = z.object({ kind: z.literal('youtube#video').optional(), id: z.string().regex(/^[A-Za-z0-9_-]{6,20}$/) });

/** The quota resets at midnight Pacific time; waiting an hour and asking again costs one refused call at most. */
const QUOTA_WAIT_MS = 60 * 60_000;

/**
 * `Range: bytes=0-<last>` of a 308 as the number of bytes YouTube holds (0 without a Range:
 * nothing received yet); null when unreadable or not starting at 0.
 */
export function receivedBytes(headers: Answered['headers']): number | null {
  const range = headers.range;
  if (range === undefined) return 0;
  const match = /^bytes=0-(\d+)$/.exec(range.trim());
  return match ? Number(match[1]) + 1 : null;
}

/**
 * A refusal from the upload service (session creation, a chunk, a probe) — never a created video.
 * 401 → auth; 403 quotaExceeded / 400 uploadLimitExceeded / 429 → wait; 5xx → transient;
 * other 4xx → invalid, in Google's words.
 */
export function classifyYouTubeRefusal(result: Answered, now: number): PublishResult {
  const parsed = errorSchema.safeParse(parseJsonBody(result.body));
  const reason = parsed.success ? (parsed.data.error.errors?.[0]?.reason ?? null) : null;
  const words = platformWords(parsed.success ? (parsed.data.error.message ?? reason ?? `HTTP ${result.status}`) : `HTTP ${result.status}`);
  const base = { httpStatus: result.status, platformErrorCode: reason };
  if (result.status === 401) return { ...base, outcome: { kind: 'auth', message: `YouTube refused the sign-in: ${words}` } };
  if (result.status === 429 || reason === 'quotaExceeded' || reason === 'uploadLimitExceeded' || reason === 'rateLimitExceeded' || reason === 'userRateLimitExceeded') {
    const retryAt = parseRetryAfter(result.headers['retry-after'], now) ?? now + QUOTA_WAIT_MS;
    return { ...base, outcome: { kind: 'rate_limited', retryAt, message: `YouTube's upload limit is reached (${words}); nothing was posted, and the app tries again later.` } };
  }
  if (result.status >= 500) return { ...base, outcome: { kind: 'transient', message: `YouTube had a problem (${words}); nothing was posted, and the app tries again.` } };
  return { ...base, outcome: { kind: 'invalid', message: `YouTube refused the video: ${words}` } };
}
