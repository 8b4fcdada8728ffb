import { z } from 'zod';
import type { HttpHeaders, HttpResult } from '../ports/http-client';
import type { PublishResult, RateLimitWindow } from './platform-adapter';
import { parseJsonBody, parseRetryAfter, platformWords } from './publish-http';

/** X's posting window is 15 minutes; a 429 without `x-rate-limit-reset` waits one window. */
export const X_DEFAULT_RATE_LIMIT_WAIT_MS = 15 * 60 * 1000;

/** X API v2 problem body (RFC 7807-ish), with `errors[]` for invalid requests. */
const problemSchema = z.object({
  title: z.string().optional(),
  detail: z.string().optional(),
  type: z.string().optional(),
  reason: z.string().optional(),
  errors: z.array(z.object({ message: z.string().optional() })).optional(),
});

/**
 * What a non-2xx answer from X means, for the post (`POST /2/tweets`) or for one of its media
 * uploads (`/2/media/upload…`; nothing public happens there, so a 5xx is safe to try again either way).
 */
export function classifyXRefusal(result: Extract<HttpResult, { kind: 'response' }>, now: number, what: 'post' | 'media'): PublishResult {
  const { status, headers } = result;
  const parsed = problemSchema.safeParse(parseJsonBody(result.body));
  const problem = parsed.success ? parsed.data : {};
  const words = platformWords(problem.errors?.find((e) => e.message)?.message ?? problem.detail ?? problem.title ?? `HTTP ${status}`);
  const platformErrorCode = problem.reason ?? problem.title ?? null;
  const answer = (outcome: PublishResult['outcome']): PublishResult => ({ outcome, httpStatus: status, platformErrorCode });
  const refused = what === 'post' ? 'X refused the post' : 'X refused the media';

  if (status === 401) return answer({ kind: 'auth', message: `X no longer accepts this connection's sign-in: ${words}` });
  if (what === 'post' && status === 403 && /duplicate content/i.test(`${problem.detail ?? ''} ${words}`)) {
    return answer({ kind: 'duplicate', message: `X refused a duplicate post: ${words}` });
  }
  if (status === 429) {
    // POST /2/tweets also has 24-hour limits: a 429 naming a spent one waits for the later reset,
    // not the 15-minute one (which would earn a paid 429 every 15 minutes until the day resets).
    const daily = what === 'post' ? spentDay(headers, now) : null;
    const retryAt = Math.max(limitedUntil(headers, now), daily?.resetAt ?? 0);
    if (daily !== null) {
      const whose = daily.user ? 'this account' : "AgencyIQ's X app (all accounts)";
      return answer({ kind: 'rate_limited', retryAt, scope: 'connection', message: `X's daily posting limit for ${whose} was reached; the app tries again at ${new Date(retryAt).toISOString()}.` });
    }
    const limit = what === 'post' ? 'posting' : 'media upload';
    // A media endpoint's window is its own: only targets still uploading wait, not the connection.
    const scope = what === 'post' ? 'connection' : 'media';
    return answer({ kind: 'rate_limited', retryAt, scope, message: `X's ${limit} limit was reached; the app waits until ${new Date(retryAt).toISOString()}.` });
  }
  if (status >= 500) return answer({ kind: 'transient', message: `X had a temporary problem (HTTP ${status}), so nothing was posted.` });
  if (status >= 400) return answer({ kind: 'invalid', message: `${refused}: ${words}` });
  // A 1xx/3xx to an upload created nothing public; to the post it may have.
  if (what === 'media') return answer({ kind: 'transient', message: `X answered HTTP ${status} to an upload; nothing was posted.` });
  return answer({ kind: 'unknown', message: `X answered HTTP ${status} instead of publishing; the post may or may not have been published.` });
}

/** Until when a 429 from X holds its endpoint: `x-rate-limit-reset`, else Retry-After, else one window. */
export function limitedUntil(headers: HttpHeaders, now: number): number {
  return rateLimitReset(headers['x-rate-limit-reset']) ?? parseRetryAfter(headers['retry-after'], now) ?? now + X_DEFAULT_RATE_LIMIT_WAIT_MS;
}

/** `x-rate-limit-limit/remaining/reset` as one window; null unless all three are readable (the Results collector reads the same headers). */
export function rateLimitWindow(headers: HttpHeaders): RateLimitWindow | null {
  return headerWindow(headers, QUARTER);
}

/** The header names of one of X's windows (spelled out once, so reading them builds no strings). */
interface WindowHeaders {
  limit: string;
  remaining: string;
  reset: string;
}
const names = (prefix: string): WindowHeaders => ({ limit: `${prefix}-limit`, remaining: `${prefix}-remaining`, reset: `${prefix}-reset` });
/** The 15-minute window; X's 24-hour limits of `POST /2/tweets`, per account and per app. */
const QUARTER = names('x-rate-limit');
const USER_DAY = names('x-user-limit-24hour');
const APP_DAY = names('x-app-limit-24hour');
const DAYS = [USER_DAY, APP_DAY] as const;

/**
 * The window of `POST /2/tweets` the engine follows: the most restrictive of the 15-minute window
 * (`x-rate-limit-*`) and the 24-hour ones X also reports on it (`x-user-limit-24hour-*` per
 * account, `x-app-limit-24hour-*` per app): the fewest requests left, the later reset on a tie, so
 * a 24-hour `remaining: 0` holds the connection until that day's reset. A window counts only when
 * all three of its headers are readable (missing or garbled ones are ignored, never guessed);
 * null when none is.
 */
export function postingWindow(headers: HttpHeaders): RateLimitWindow | null {
  let window = rateLimitWindow(headers);
  for (const which of DAYS) {
    const day = headerWindow(headers, which);
    if (day !== null && (window === null || day.remaining < window.remaining || (day.remaining === window.remaining && day.resetAt > window.resetAt))) window = day;
  }
  return window;
}

/** A 24-hour limit the answer says is spent (`remaining: 0`, reset still ahead): the later reset, and whether the account's own is spent. */
export function spentDay(headers: HttpHeaders, now: number): { resetAt: number; user: boolean } | null {
  let resetAt = 0;
  let user = false;
  for (const which of DAYS) {
    const day = headerWindow(headers, which);
    if (day === null || day.remaining !== 0 || day.resetAt <= now) continue;
    resetAt = Math.max(resetAt, day.resetAt);
    user ||= which === USER_DAY;
  }
  return resetAt === 0 ? null : { resetAt, user };
}

/** One window's `…-limit/remaining/reset` as one window; null unless all three are readable. */
function headerWindow(headers: HttpHeaders, which: WindowHeaders): RateLimitWindow | null {
  const limit = count(headers[which.limit]);
  const remaining = count(headers[which.remaining]);
  const resetAt = rateLimitReset(headers[which.reset]);
  return limit === null || remaining === null || resetAt === null ? null : { limit, remaining, resetAt };
}

function count(value: string | undefined): number | null {
  return value !== undefined && /^\d+$/.test(value.trim()) ? Number(value.trim()) : null;
}

/** `x-rate-limit-reset` (and the 24-hour `…-reset`) is the Unix time (seconds) when the window reopens. */
function rateLimitReset(value: string | undefined): number | null {
  if (value === undefined || !/^\d+$/.test(value.trim())) return null;
  return Number(value.trim()) * 1000;
}
