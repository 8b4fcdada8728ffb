import { z } from 'zod';
import type { Clock } from '../ports/clock';
import type { HttpClient, HttpHeaders, HttpResult } from '../ports/http-client';
import { publishPhotos } from './facebook-photos';
import { publishVideo } from './facebook-video';
import { DEFAULT_POST_WEB_URLS, type PlatformAdapter, type PublishRequest, type PublishResult } from './platform-adapter';
import { firstLink, parseJsonBody, platformWords, unansweredOutcome, unreadableSuccess } from './publish-http';

/**
 * How long to leave a Page alone after a rate limit that says nothing of when it ends. Meta's
 * usage windows roll over one hour; a quarter of it is a polite first wait.
 */
export const FACEBOOK_DEFAULT_RATE_LIMIT_WAIT_MS = 15 * 60 * 1000;
/** `x-app-usage` at or over 100 %: Meta throttles the app for the rest of its rolling hour. */
export const FACEBOOK_APP_THROTTLE_WAIT_MS = 60 * 60 * 1000;

/** Graph API error codes (developers.facebook.com/docs/graph-api/guides/error-handling). */
const AUTH_CODES = new Set([102, 104, 190]);
/** Missing permission (10, 200–299): only a new consent fixes it, like an expired token. */
const isPermissionCode = (code: number) => code === 10 || (code >= 200 && code <= 299);
const RATE_LIMIT_CODES = new Set([4, 17, 32, 613, 80001]);
const DUPLICATE_CODE = 506;
const TRANSIENT_CODES = new Set([1, 2]);
/** "You are calling a deprecated version": the app's pinned Graph version has been retired. */
const DEPRECATED_VERSION_CODE = 2635;

/** Whose words a Graph refusal is reported in: Facebook Pages, or Instagram (instagram.ts). */
export interface GraphWho {
  name: string;
  /** What was signed in, as the owner would say it. */
  account: string;
}
const FACEBOOK_WHO: GraphWho = { name: 'Facebook', account: 'this Page' };

export const graphErrorSchema = z.object({
  error: z.object({
    code: z.number().int(),
    error_subcode: z.number().int().optional(),
    message: z.string().optional(),
    type: z.string().optional(),
    fbtrace_id: z.string().optional(),
    is_transient: z.boolean().optional(),
    error_user_msg: z.string().optional(),
  }),
});
export type GraphError = z.infer<typeof graphErrorSchema>['error'];

/** `POST /{page-id}/feed` answers `{id: "{page-id}_{post-id}"}`. */
const feedResponseSchema = z.object({ id: z.string().regex(/^\d+_\d+$/) });

const usageSchema = z.record(z.string(), z.unknown());
const bucEntrySchema = z.object({ estimated_time_to_regain_access: z.number().nonnegative().optional() });
const appUsageSchema = z.object({
  call_count: z.number().optional(),
  total_time: z.number().optional(),
  total_cputime: z.number().optional(),
  estimated_time_to_regain_access: z.number().nonnegative().optional(),
});

export interface FacebookAdapterOptions {
  /** Graph base with its version, e.g. `API_URLS.facebook.api` in shared/platforms/api-versions.ts (no trailing slash). */
  baseUrl: string;
  /** Where video uploads go (Meta: `graph-video.facebook.com`, `API_URLS.facebook.video`); default `baseUrl`. */
  videoUrl?: string;
  /** Where posts are seen, for the link the app keeps (default `https://www.facebook.com`). */
  webUrl?: string;
  http: HttpClient;
  clock: Clock;
  timeoutMs?: number;
}

/**
 * Publishes to a Facebook Page with the Page's access token: a text post (with the text's first
 * link as the link preview) as `POST {base}/{page-id}/feed`; pictures through facebook-photos.ts,
 * a video through facebook-video.ts.
 */
export function createFacebookAdapter(options: FacebookAdapterOptions): PlatformAdapter {
  return {
    platform: 'facebook',
    marksPublicStep: true,
    async publish(request: PublishRequest): Promise<PublishResult> {
      if (request.media.some((item) => item.kind === 'video')) return publishVideo(options, request);
      if (request.media.length > 0) return publishPhotos(options, request);
      await request.beforePublicStep?.();
      const form = new URLSearchParams({ message: request.text });
      const link = firstLink(request.text);
      if (link !== null) form.set('link', link);
      const result = await options.http.send({
        method: 'POST',
        url: `${options.baseUrl}/${encodeURIComponent(request.accountId)}/feed`,
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: form.toString(),
        bearerToken: request.accessToken,
        ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
        // Quitting aborts it too (the contract's `signal`): an abort after it left is an unknown outcome.
        ...(request.signal ? { signal: request.signal } : {}),
      });
      return readPostAnswer(options, result, 'id');
    },
  };
}

/**
 * What Graph's answer to a public step means: `{id}` from `/feed`, `{id, post_id}` from a
 * published `/photos` (the post is `post_id`).
 */
export function readPostAnswer(options: Pick<FacebookAdapterOptions, 'clock' | 'webUrl'>, result: HttpResult, field: 'id' | 'post_id'): PublishResult {
  if (result.kind !== 'response') return unansweredOutcome('facebook', result);
  const { status } = result;
  if (status >= 200 && status < 300) {
    const created = z.object({ [field]: feedResponseSchema.shape.id }).safeParse(parseJsonBody(result.body));
    if (!created.success) return unreadableSuccess('facebook', status, 'post id');
    const id = created.data[field] as string;
    return { outcome: { kind: 'published', platformPostId: id, url: `${options.webUrl ?? DEFAULT_POST_WEB_URLS.facebook}/${id}` }, httpStatus: status, platformErrorCode: null };
  }
  return classifyGraphAnswer(result, options.clock.now());
}

/** What a non-2xx Graph answer means (Graph's error body, or a bare status). */
export function classifyGraphAnswer(result: Extract<HttpResult, { kind: 'response' }>, now: number): PublishResult {
  const parsed = graphErrorSchema.safeParse(parseJsonBody(result.body));
  if (!parsed.success) return unclassifiedStatus(result.status, result.headers, now);
  return classifyGraphError(parsed.data.error, result.status, result.headers, now);
}

export function classifyGraphError(error: GraphError, status: number, headers: HttpHeaders, now: number, who: GraphWho = FACEBOOK_WHO): PublishResult {
  const platformErrorCode = error.error_subcode !== undefined ? `${error.code}/${error.error_subcode}` : String(error.code);
  const words = platformWords(error.error_user_msg ?? error.message ?? `error ${platformErrorCode}`);
  const result = (outcome: PublishResult['outcome']): PublishResult => ({ outcome, httpStatus: status, platformErrorCode });

  if (AUTH_CODES.has(error.code)) {
    return result({ kind: 'auth', message: `${who.name} no longer accepts ${who.account}'s sign-in: ${words}` });
  }
  if (isPermissionCode(error.code)) {
    return result({ kind: 'auth', message: `${who.name} says the app may not post to ${who.account}: ${words}` });
  }
  if (RATE_LIMIT_CODES.has(error.code)) {
    const retryAt = retryAtFromUsage(headers, now);
    return result({ kind: 'rate_limited', retryAt, message: `${who.name} asked the app to slow down until ${new Date(retryAt).toISOString()}: ${words}` });
  }
  if (error.code === DUPLICATE_CODE) return result({ kind: 'duplicate', message: `${who.name} refused a duplicate post: ${words}` });
  if (error.code === DEPRECATED_VERSION_CODE) {
    return result({ kind: 'invalid', message: `${who.name} no longer accepts the API version this app uses; the app needs an update. ${who.name} said: ${words}` });
  }
  if (status >= 500 || error.is_transient === true || TRANSIENT_CODES.has(error.code)) {
    return result({ kind: 'transient', message: `${who.name} had a temporary problem, so nothing was posted: ${words}` });
  }
  if (status >= 400 && status < 500) return result({ kind: 'invalid', message: `${who.name} refused the post: ${words}` });
  return result({ kind: 'unknown', message: `${who.name} answered HTTP ${status} (${words}); the post may or may not have been published.` });
}

/** An answer without Graph's error body (a proxy, an outage page). */
export function unclassifiedStatus(status: number, headers: HttpHeaders, now: number, who: GraphWho = FACEBOOK_WHO): PublishResult {
  const result = (outcome: PublishResult['outcome']): PublishResult => ({ outcome, httpStatus: status, platformErrorCode: null });
  if (status >= 500) return result({ kind: 'transient', message: `${who.name} had a temporary problem (HTTP ${status}), so nothing was posted.` });
  if (status === 429) {
    const retryAt = retryAtFromUsage(headers, now);
    return result({ kind: 'rate_limited', retryAt, message: `${who.name} asked the app to slow down until ${new Date(retryAt).toISOString()}.` });
  }
  if (status === 401) return result({ kind: 'auth', message: `${who.name} no longer accepts ${who.account}'s sign-in (HTTP 401).` });
  if (status >= 400) return result({ kind: 'invalid', message: `${who.name} refused the post (HTTP ${status}).` });
  return result({ kind: 'unknown', message: `${who.name} answered HTTP ${status} instead of publishing; the post may or may not have been published.` });
}

/**
 * When Meta will serve this Page again. `x-business-use-case-usage` names it outright
 * (`estimated_time_to_regain_access`, minutes, per business object and use-case type; the
 * largest wins); `x-app-usage` only gives percentages of the app's rolling hour, so at 100 % we
 * wait the hour. Otherwise `FACEBOOK_DEFAULT_RATE_LIMIT_WAIT_MS`.
 */
export function retryAtFromUsage(headers: HttpHeaders, now: number): number {
  let minutes = 0;
  const buc = usageSchema.safeParse(parseJsonBody(headers['x-business-use-case-usage'] ?? null));
  if (buc.success) {
    for (const entries of Object.values(buc.data)) {
      const list = z.array(bucEntrySchema).safeParse(entries);
      if (!list.success) continue;
      for (const entry of list.data) minutes = Math.max(minutes, entry.estimated_time_to_regain_access ?? 0);
    }
  }
  if (minutes > 0) return now + minutes * 60_000;
  const app = appUsageSchema.safeParse(parseJsonBody(headers['x-app-usage'] ?? null));
  if (app.success) {
    const regain = app.data.estimated_time_to_regain_access ?? 0;
    if (regain > 0) return now + regain * 60_000;
    const busiest = Math.max(app.data.call_count ?? 0, app.data.total_time ?? 0, app.data.total_cputime ?? 0);
    if (busiest >= 100) return now + FACEBOOK_APP_THROTTLE_WAIT_MS;
  }
  return now + FACEBOOK_DEFAULT_RATE_LIMIT_WAIT_MS;
}
