import { PLATFORM_LABELS, type Platform } from '@shared/domain/platform';
import type { HttpResult } from '../ports/http-client';
import type { PublishResult } from './platform-adapter';

type Unanswered = Exclude<HttpResult, { kind: 'response' }>;

/**
 * What a request that got no HTTP answer means for a post. `not_sent`: no byte reached the
 * platform, so nothing was created and trying again is safe. `no_answer`: the platform may have
 * created the post, so the engine must not send it again by itself.
 */
export function unansweredOutcome(platform: Platform, result: Unanswered): PublishResult {
  const name = PLATFORM_LABELS[platform];
  if (result.kind === 'not_sent') {
    return {
      outcome: { kind: 'transient', message: `${name} could not be reached (${NOT_SENT_WORDS[result.reason]}), so nothing was posted.` },
      httpStatus: null,
      platformErrorCode: null,
    };
  }
  return {
    outcome: { kind: 'unknown', message: `The post was sent to ${name}, but ${NO_ANSWER_WORDS[result.reason]}; it may or may not have been published.` },
    httpStatus: null,
    platformErrorCode: null,
  };
}

const NOT_SENT_WORDS: Record<Extract<HttpResult, { kind: 'not_sent' }>['reason'], string> = {
  dns: 'its address could not be looked up',
  refused: 'the connection was refused',
  unreachable: 'the network could not reach it',
  tls: 'a secure connection could not be made',
  timeout: 'connecting took too long',
  aborted: 'the app was closing',
  bad_request: 'the app has a wrong address for it',
};

const NO_ANSWER_WORDS: Record<Extract<HttpResult, { kind: 'no_answer' }>['reason'], string> = {
  timeout: 'no answer came in time',
  reset: 'the connection broke before it answered',
  aborted: 'the app closed before it answered',
};

/** A 2xx whose body or headers do not carry the new post's id: it may well exist, unseen. */
export function unreadableSuccess(platform: Platform, status: number, what: string): PublishResult {
  return {
    outcome: {
      kind: 'unknown',
      message: `${PLATFORM_LABELS[platform]} accepted the post (HTTP ${status}) but its answer had no ${what}; it has probably been published.`,
    },
    httpStatus: status,
    platformErrorCode: null,
  };
}

/** Parses JSON text; `undefined` for anything that is not JSON (or no body at all). */
export function parseJsonBody(body: string | null): unknown {
  if (body === null || body === '') return undefined;
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * Reads `Retry-After` (RFC 9110: delay in seconds or an HTTP date) as an instant in ms;
 * null when absent or unreadable.
 */
export function parseRetryAfter(value: string | undefined, now: number): number | null {
  if (value === undefined) return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return now + Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isFinite(date) ? Math.max(date, now) : null;
}

/** The first http(s) address in a text, without the punctuation that ends a sentence. */
export function firstLink(text: string): string | null {
  const match = /https?:\/\/[^\s<>"]+/i.exec(text);
  if (match === null) return null;
  let link = match[0].replace(/[.,!?;:'\]]+$/, '');
  // Keep a closing bracket only when the link also opened one: `wiki/Foo_(bar)`.
  while (link.endsWith(')') && (link.match(/\(/g)?.length ?? 0) < (link.match(/\)/g)?.length ?? 0)) {
    link = link.slice(0, -1).replace(/[.,!?;:'\]]+$/, '');
  }
  return URL.canParse(link) ? link : null;
}

/** Clips a platform's own words so a hostile or huge error body cannot flood the UI or the log. */
export function platformWords(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 300 ? `${flat.slice(0, 297)}…` : flat;
}

/**
 * What an upload that got no HTTP answer means: an upload has no public effect (the post is made
 * only by the public step after it), so whether or not it left, nothing was posted and trying
 * again is safe; the steps already recorded are not uploaded again.
 */
export function unansweredUpload(platform: Platform, result: Unanswered): PublishResult {
  const why = result.kind === 'not_sent' ? NOT_SENT_WORDS[result.reason] : NO_ANSWER_WORDS[result.reason];
  return {
    outcome: { kind: 'transient', message: `Uploading the media to ${PLATFORM_LABELS[platform]} stopped (${why}); nothing was posted, and it carries on later.` },
    httpStatus: null,
    platformErrorCode: null,
  };
}

/**
 * A platform's answer to an upload with no public effect, read as such: whatever the class for
 * a post, an upload can have created no post, so "unknown" becomes "transient" (tried again,
 * from the recorded steps) and a "duplicate" is a refusal of the file.
 */
export function asUploadResult(result: PublishResult): PublishResult {
  const { outcome } = result;
  if (outcome.kind === 'unknown') return { ...result, outcome: { kind: 'transient', message: `${outcome.message.replace(/;.*$/, '')}; nothing was posted.` } };
  if (outcome.kind === 'duplicate') return { ...result, outcome: { kind: 'invalid', message: outcome.message } };
  return result;
}
