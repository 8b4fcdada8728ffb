import { z } from 'zod';
import { LINKEDIN_API, LINKEDIN_RESTLI_PROTOCOL_VERSION } from '@shared/platforms/api-versions';
import type { Clock } from '../ports/clock';
import type { HttpClient, HttpResult } from '../ports/http-client';
import { uploadLinkedInMedia } from './linkedin-media';
import { DEFAULT_LINKEDIN_POLL } from './linkedin-rest';
import type { MediaPoll } from './media-wait';
import { systemTimers, type Timers } from '../ports/timers';
import { escapeLittleText } from './little-text';
import { DEFAULT_POST_WEB_URLS, type PlatformAdapter, type PublishRequest, type PublishResult } from './platform-adapter';
import { parseJsonBody, parseRetryAfter, platformWords, unansweredOutcome, unreadableSuccess } from './publish-http';

/**
 * How long to wait after a 429 that carries no Retry-After. LinkedIn's published limits are
 * daily (they reset at midnight UTC) but its throttles are not always; one hour never hammers.
 */
export const LINKEDIN_DEFAULT_RATE_LIMIT_WAIT_MS = 60 * 60 * 1000;

/** Rest.li error body: `{status, code?, message, serviceErrorCode?, errorDetails?}`. */
const restliErrorSchema = z.object({
  status: z.number().int().optional(),
  code: z.string().optional(),
  message: z.string().optional(),
  serviceErrorCode: z.number().int().optional(),
  errorDetails: z
    .object({
      inputErrors: z.array(z.object({ code: z.string().optional(), description: z.string().optional() })).optional(),
    })
    .optional(),
});
type RestliError = z.infer<typeof restliErrorSchema>;

/** The created post's URN, e.g. `urn:li:share:7141138937766391808` or `urn:li:ugcPost:…`. */
const postUrnSchema = z.string().regex(/^urn:li:[A-Za-z]+:\d+$/);

const VERSION_ERROR_CODES = new Set(['VERSION_MISSING', 'NONEXISTENT_VERSION', 'VERSION_NOT_ACTIVE', 'DEPRECATED_VERSION']);

export interface LinkedInAdapterOptions {
  /** `API_URLS.linkedin.api` in production (no trailing slash). */
  baseUrl: string;
  /** Where posts are seen, for the link the app keeps (default `https://www.linkedin.com`). */
  webUrl?: string;
  http: HttpClient;
  clock: Clock;
  /** Waits between checks of media LinkedIn is processing (default Node's timers). */
  timers?: Timers;
  poll?: MediaPoll;
  timeoutMs?: number;
}

/** The post's author: the member by default, an organisation the member administers if asked. */
export function linkedInAuthor(request: Pick<PublishRequest, 'accountId' | 'authorId'>): string {
  if (request.authorId !== null) {
    return request.authorId.startsWith('urn:li:') ? request.authorId : `urn:li:organization:${request.authorId}`;
  }
  return request.accountId.startsWith('urn:li:') ? request.accountId : `urn:li:person:${request.accountId}`;
}

/**
 * Publishes through LinkedIn's versioned Posts API (`POST {base}/rest/posts`): media first
 * (linkedin-media.ts: pictures, one video or one PDF document, each waited for until LinkedIn says AVAILABLE),
 * named in `content.media` (one) or `content.multiImage` (2–20), the post sent only after the
 * engine's leaving mark.
 */
export function createLinkedInAdapter(options: LinkedInAdapterOptions): PlatformAdapter {
  return {
    platform: 'linkedin',
    marksPublicStep: true,
    async publish(request: PublishRequest): Promise<PublishResult> {
      const author = linkedInAuthor(request);
      let content: Record<string, unknown> | undefined;
      if (request.media.length > 0) {
        // The media belong to the post's author (the member, or the organisation it posts as).
        const uploaded = await uploadLinkedInMedia({ ...options, timers: options.timers ?? systemTimers, poll: options.poll ?? DEFAULT_LINKEDIN_POLL }, request, author);
        if ('failed' in uploaded) return uploaded.failed;
        content = uploaded.content;
      }
      const body = {
        author,
        // Little text: reserved characters escaped, or LinkedIn cuts the post at the first one.
        commentary: escapeLittleText(request.text),
        visibility: 'PUBLIC',
        distribution: { feedDistribution: 'MAIN_FEED', targetEntities: [], thirdPartyDistributionChannels: [] },
        lifecycleState: 'PUBLISHED',
        isReshareDisabledByAuthor: false,
        ...(content !== undefined ? { content } : {}),
      };
      await request.beforePublicStep?.();
      const result = await options.http.send({
        method: 'POST',
        url: `${options.baseUrl}/rest/posts`,
        headers: {
          'content-type': 'application/json',
          accept: 'application/json',
          // The version in force (shared/platforms/api-versions.ts); LinkedIn retires each after about a year.
          'LinkedIn-Version': LINKEDIN_API.version,
          'X-Restli-Protocol-Version': LINKEDIN_RESTLI_PROTOCOL_VERSION,
        },
        body: JSON.stringify(body),
        bearerToken: request.accessToken,
        ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
        // Quitting aborts it too (the contract's `signal`): an abort after it left is an unknown outcome.
        ...(request.signal ? { signal: request.signal } : {}),
      });
      if (result.kind !== 'response') return unansweredOutcome('linkedin', result);
      const { status } = result;

      if (status >= 200 && status < 300) {
        const urn = postUrnSchema.safeParse(result.headers['x-restli-id']);
        if (!urn.success) return unreadableSuccess('linkedin', status, 'post id (x-restli-id)');
        return {
          outcome: { kind: 'published', platformPostId: urn.data, url: `${options.webUrl ?? DEFAULT_POST_WEB_URLS.linkedin}/feed/update/${urn.data}/` },
          httpStatus: status,
          platformErrorCode: null,
        };
      }

      return classifyLinkedInRefusal(result, options.clock.now(), 'post');
    },
  };
}

/** What an upload carries, in the owner's words. */
export type LinkedInUpload = 'picture' | 'video' | 'document';

/**
 * What a non-2xx answer from LinkedIn means, for the post or for one of its uploads (no
 * public effect: a refusal there is `invalid`, a 5xx or anything odd `transient`).
 */
export function classifyLinkedInRefusal(result: Extract<HttpResult, { kind: 'response' }>, now: number, what: 'post' | LinkedInUpload): PublishResult {
  const { status } = result;
  const parsed = restliErrorSchema.safeParse(parseJsonBody(result.body));
  const error: RestliError = parsed.success ? parsed.data : {};
  const inputCode = error.errorDetails?.inputErrors?.find((input) => input.code !== undefined)?.code;
  const platformErrorCode = inputCode ?? error.code ?? (error.serviceErrorCode !== undefined ? String(error.serviceErrorCode) : null);
  // LinkedIn prefixes some messages with a Java exception class; the owner needs the sentence.
  const said = (error.message ?? error.errorDetails?.inputErrors?.[0]?.description ?? `HTTP ${status}`).replace(/^(?:[\w$]+\.)+\w*Exception:\s*/, '');
  const words = platformWords(said);
  const answer = (outcome: PublishResult['outcome']): PublishResult => ({ outcome, httpStatus: status, platformErrorCode });

  if (status === 401) return answer({ kind: 'auth', message: `LinkedIn no longer accepts this connection's sign-in: ${words}` });
  if (status === 429) {
    const retryAt = parseRetryAfter(result.headers['retry-after'], now) ?? now + LINKEDIN_DEFAULT_RATE_LIMIT_WAIT_MS;
    return answer({ kind: 'rate_limited', retryAt, message: `LinkedIn asked the app to slow down until ${new Date(retryAt).toISOString()}.` });
  }
  if (what === 'post' && status === 422 && platformErrorCode === 'DUPLICATE_POST') {
    return answer({ kind: 'duplicate', message: `LinkedIn refused a duplicate post: ${words}` });
  }
  if (status === 426 || (status === 400 && isVersionError(error))) {
    return answer({
      kind: 'invalid',
      message: `LinkedIn no longer accepts the API version this app uses (${LINKEDIN_API.version}); the app needs an update. LinkedIn said: ${words}`,
    });
  }
  if (status >= 500) return answer({ kind: 'transient', message: `LinkedIn had a temporary problem (HTTP ${status}), so nothing was posted.` });
  if (status >= 400) return answer({ kind: 'invalid', message: `LinkedIn refused the ${what}: ${words}` });
  if (what !== 'post') return answer({ kind: 'transient', message: `LinkedIn answered HTTP ${status} to an upload; nothing was posted.` });
  return answer({ kind: 'unknown', message: `LinkedIn answered HTTP ${status} instead of publishing; the post may or may not have been published.` });
}

function isVersionError(error: RestliError): boolean {
  if (error.code !== undefined && VERSION_ERROR_CODES.has(error.code)) return true;
  return /\bversion\b/i.test(error.message ?? '');
}
