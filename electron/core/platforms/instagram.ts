import { z } from 'zod';
import { MediaStagingError, type MediaStaging } from '../media/media-staging';
import type { Clock } from '../ports/clock';
import type { HttpClient, HttpRequest, HttpResult } from '../ports/http-client';
import type { Logger } from '../ports/logger';
import type { Timers } from '../ports/timers';
import { classifyGraphError, graphErrorSchema, unclassifiedStatus, type GraphWho } from './facebook';
import { containerVerdict, planInstagramPost } from './instagram-plan';
import { pollDelay, waitOnTimers } from './media-wait';
import type { MediaItem, PlatformAdapter, PublishRequest, PublishResult, PublishSteps } from './platform-adapter';
import { parseJsonBody, platformWords, unansweredOutcome, unreadableSuccess } from './publish-http';

const WHO: GraphWho = { name: 'Instagram', account: 'this account' };
/** Meta counts published posts over a rolling 24 h and does not say when a slot frees: look again in an hour. */
export const INSTAGRAM_LIMIT_WAIT_MS = 60 * 60 * 1000;
/** `media_publish` on a container that is not FINISHED (IG error codes): not ready, nothing published. */
const NOT_READY = { code: 9007, subcode: 2207027 };
/** "Media could not be fetched from this URI" (9004 / 2207052). */
const FETCH_FAILED_SUBCODE = 2207052;

export const DEFAULT_INSTAGRAM_POLL = { firstDelayMs: 1_000, maxDelayMs: 30_000, maxWaitMs: 10 * 60_000 };

const idSchema = z.object({ id: z.string().regex(/^\d+$/) });
const statusSchema = z.object({ status_code: z.string(), status: z.string().optional() });
const limitSchema = z.object({
  data: z.array(z.object({ quota_usage: z.number().int().nonnegative(), config: z.object({ quota_total: z.number().int().positive() }).optional() })),
});
const permalinkSchema = z.object({ permalink: z.url() });
const uploadSchema = z.object({ success: z.literal(true) });
const uploadErrorSchema = z.object({ debug_info: z.object({ message: z.string().optional(), retriable: z.boolean().optional() }) });

export interface InstagramAdapterOptions {
  /** Graph base with its version (`API_URLS.instagram.api`), no trailing slash. */
  baseUrl: string;
  /** Meta's upload host for video bytes (`API_URLS.instagram.upload`), no trailing slash. */
  uploadUrl: string;
  http: HttpClient;
  clock: Clock;
  /** Waits between container status checks. */
  timers: Timers;
  /** Where pictures go so Meta can fetch them; null: only media that already has a public URL. */
  staging: MediaStaging | null;
  logger?: Logger;
  timeoutMs?: number;
  poll?: { firstDelayMs: number; maxDelayMs: number; maxWaitMs: number };
}

/** A step of the post failed before anything was public: the outcome to answer with. */
class Stop {
  constructor(readonly result: PublishResult) {}
}

/**
 * Publishes to an Instagram professional account through the Content Publishing API:
 * 1. `GET /{ig-user-id}/content_publishing_limit` — a full 24 h allowance waits, nothing is made;
 * 2. one container per item (`POST /{ig-user-id}/media`: `image_url` of the picture as staged on
 *    the licence server, or a Reel/video container with `upload_type=resumable` whose bytes go to
 *    `rupload.facebook.com/ig-api-upload/{container-id}`), each id recorded in the steps the moment
 *    it exists, then a CAROUSEL container naming 2–10 children;
 * 3. `GET /{container-id}?fields=status_code,status` with doubling waits on the Timers port until
 *    FINISHED (ERROR and EXPIRED fail in Meta's words; nothing is ever published before);
 * 4. `POST /{ig-user-id}/media_publish?creation_id=` — the one step that makes the post public;
 * 5. `GET /{media-id}?fields=permalink` for the link; staged pictures are released.
 * Before step 4 nothing is public, so a request without an answer there is retried safely
 * (`transient`); only step 4's lost answer is `unknown`.
 */
export function createInstagramAdapter(options: InstagramAdapterOptions): PlatformAdapter {
  const poll = options.poll ?? DEFAULT_INSTAGRAM_POLL;

  const send = (request: PublishRequest, init: Omit<HttpRequest, 'bearerToken' | 'signal'>): Promise<HttpResult> =>
    options.http.send({
      ...init,
      bearerToken: request.accessToken,
      ...(init.timeoutMs === undefined && options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
      ...(request.signal ? { signal: request.signal } : {}),
    });

  /** A Graph call before anything is public: its failures never leave a post behind. */
  const graph = async (request: PublishRequest, method: 'GET' | 'POST', path: string, form?: Record<string, string>): Promise<unknown> => {
    const result = await send(request, {
      method,
      url: `${options.baseUrl}${path}`,
      headers: { accept: 'application/json', ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
      ...(form ? { body: new URLSearchParams(form).toString() } : {}),
    });
    if (result.kind !== 'response') throw new Stop(notPublicYet(unansweredOutcome('instagram', result)));
    const json = parseJsonBody(result.body);
    if (result.status >= 200 && result.status < 300) return json;
    throw new Stop(notPublicYet(graphRefusal(result.status, result.headers, json, options.clock.now())));
  };

  const sleep = (ms: number, signal: AbortSignal | undefined) => waitOnTimers(options.timers, ms, signal);

  /** Waits until the container is FINISHED; any other end is a Stop (or `unknown` if Meta says it is already published). */
  const waitUntilFinished = async (request: PublishRequest, steps: PublishSteps, key: string, id: string, what: string) => {
    let waited = 0;
    for (let attempt = 0; ; attempt++) {
      const body = statusSchema.safeParse(await graph(request, 'GET', `/${id}?fields=status_code,status`));
      if (!body.success) throw new Stop(transient(`Instagram's answer about the ${what} could not be read; nothing was posted.`));
      const verdict = containerVerdict(body.data.status_code);
      if (verdict === 'ready') return;
      const words = platformWords(body.data.status ?? body.data.status_code);
      if (verdict === 'failed' || verdict === 'expired') {
        // A dead container is never reused: the next attempt makes a new one.
        await steps.record(key, '');
        const message =
          verdict === 'failed' ? `Instagram could not process the ${what}: ${words}` : `Instagram let the ${what} expire before it was published (${words}).`;
        throw new Stop({ outcome: { kind: 'invalid', message }, httpStatus: 200, platformErrorCode: body.data.status_code });
      }
      if (verdict === 'already_published') {
        throw new Stop({ outcome: { kind: 'unknown', message: 'Instagram says this post was already published; check the account before publishing it again.' }, httpStatus: 200, platformErrorCode: 'PUBLISHED' });
      }
      const delay = pollDelay(attempt, poll.firstDelayMs, poll.maxDelayMs);
      if (waited + delay > poll.maxWaitMs) throw new Stop(transient(`Instagram is still processing the ${what}; the app will try again later. Nothing was posted yet.`));
      waited += delay;
      if (!(await sleep(delay, request.signal))) throw new Stop(transient('The app was closing while Instagram processed the post; nothing was posted yet.'));
    }
  };

  /** The public URL Meta fetches a picture from: its own, or the licence server's staged copy (recorded, released later). */
  const imageUrl = async (item: MediaItem, steps: PublishSteps, index: number): Promise<string> => {
    if ('url' in item.source) return item.source.url;
    const key = `instagram.staged.${index}`;
    const recorded = readStaged(steps.get(key));
    // A staged copy that will still be there while Meta fetches it is used again.
    if (recorded !== null && recorded.expiresAt > options.clock.now() + 10 * 60_000) return recorded.url;
    if (options.staging === null) throw new Stop(invalid('Pictures cannot be put online for Instagram in this setup.'));
    try {
      const staged = await options.staging.stage(item.source.path);
      await steps.record(key, JSON.stringify(staged));
      return staged.url;
    } catch (error) {
      if (!(error instanceof MediaStagingError)) throw error;
      throw new Stop(error.retryable ? transient(error.message) : invalid(error.message));
    }
  };

  /** Sends a video's bytes to Meta's upload host for a resumable container (no public effect; may be repeated). */
  const uploadVideo = async (request: PublishRequest, item: MediaItem, containerId: string) => {
    if (!('path' in item.source)) throw new Stop(invalid('The video has no file to upload.'));
    // Streamed from disk (the HTTP port reads it as the connection takes it): a Reel never sits in memory.
    const size = item.byteLength;
    const result = await send(request, {
      method: 'POST',
      url: `${options.uploadUrl}/ig-api-upload/${containerId}`,
      headers: { offset: '0', file_size: String(size), 'content-type': 'application/octet-stream' },
      body: { parts: [{ file: item.source.path, start: 0, length: size }] },
      onBodyProgress: (sentBytes) => request.onProgress?.({ sentBytes, totalBytes: size }),
      authScheme: 'OAuth',
      timeoutMs: Math.max(options.timeoutMs ?? 0, 10 * 60_000),
    });
    if (result.kind !== 'response') throw new Stop(notPublicYet(unansweredOutcome('instagram', result)));
    const json = parseJsonBody(result.body);
    if (result.status >= 200 && result.status < 300 && uploadSchema.safeParse(json).success) {
      return;
    }
    if (result.status === 401) throw new Stop({ outcome: { kind: 'auth', message: "Instagram no longer accepts this account's sign-in (HTTP 401)." }, httpStatus: 401, platformErrorCode: null });
    const failure = uploadErrorSchema.safeParse(json);
    const words = failure.success ? platformWords(failure.data.debug_info.message ?? `HTTP ${result.status}`) : `HTTP ${result.status}`;
    const retriable = result.status >= 500 || (failure.success && failure.data.debug_info.retriable === true);
    throw new Stop(retriable ? transient(`Uploading the video to Instagram failed for now (${words}); nothing was posted.`) : invalid(`Instagram refused the video: ${words}`));
  };

  /** Makes (or finds recorded) the container for one item; the id is recorded as soon as Meta gives it. */
  const container = async (request: PublishRequest, steps: PublishSteps, item: MediaItem, index: number, inCarousel: boolean): Promise<string> => {
    const key = `instagram.container.${index}`;
    const uploadedKey = `instagram.uploaded.${index}`;
    const recorded = steps.get(key);
    if (recorded) {
      if (item.kind === 'video' && !steps.get(uploadedKey)) {
        await uploadVideo(request, item, recorded);
        await steps.record(uploadedKey, '1');
      }
      return recorded;
    }
    const form: Record<string, string> = {};
    if (inCarousel) form.is_carousel_item = 'true';
    else form.caption = request.text;
    if (item.kind === 'image') {
      form.image_url = await imageUrl(item, steps, index);
      // Alt text is taken on image posts (not Reels, not carousel children: Content Publishing, March 2025).
      if (!inCarousel && item.altText) form.alt_text = item.altText;
    } else {
      form.media_type = inCarousel ? 'VIDEO' : 'REELS';
      form.upload_type = 'resumable';
    }
    const created = idSchema.safeParse(await graph(request, 'POST', `/${encodeURIComponent(request.accountId)}/media`, form));
    if (!created.success) throw new Stop(transient("Instagram's answer had no container id; nothing was posted."));
    await steps.record(key, created.data.id);
    if (item.kind === 'video') {
      await uploadVideo(request, item, created.data.id);
      await steps.record(uploadedKey, '1');
    }
    return created.data.id;
  };

  const releaseStaged = async (steps: PublishSteps, count: number) => {
    if (options.staging === null) return;
    for (let index = 0; index < count; index++) {
      const staged = readStaged(steps.get(`instagram.staged.${index}`));
      if (staged === null) continue;
      try {
        await options.staging.release(staged.url);
        await steps.record(`instagram.staged.${index}`, '');
      } catch (error) {
        // It expires on the server anyway; the post is what matters.
        options.logger?.warn('A staged Instagram picture could not be released; it expires on its own', { error: error instanceof Error ? error.message : String(error) });
      }
    }
  };

  return {
    platform: 'instagram',
    // Containers and their polling have no public effect: only media_publish is the claimed send.
    marksPublicStep: true,
    async publish(request: PublishRequest): Promise<PublishResult> {
      const plan = planInstagramPost(request.media);
      if ('refused' in plan) return invalid(plan.refused);
      const steps = request.steps ?? memorySteps();
      const account = encodeURIComponent(request.accountId);
      const items = plan.kind === 'carousel' ? plan.items : [plan.item];
      let creationId: string;
      try {
        const limit = limitSchema.safeParse(await graph(request, 'GET', `/${account}/content_publishing_limit?fields=quota_usage,config`));
        const usage = limit.success ? limit.data.data[0] : undefined;
        if (usage?.config !== undefined && usage.quota_usage >= usage.config.quota_total) {
          const retryAt = options.clock.now() + INSTAGRAM_LIMIT_WAIT_MS;
          return {
            outcome: { kind: 'rate_limited', retryAt, message: `This Instagram account has published its ${usage.config.quota_total} posts allowed in 24 hours; the app will try again later.` },
            httpStatus: 200,
            platformErrorCode: null,
          };
        }
        if (plan.kind === 'carousel') {
          const children: string[] = [];
          for (const [index, item] of plan.items.entries()) children.push(await container(request, steps, item, index, true));
          for (const [index, id] of children.entries()) await waitUntilFinished(request, steps, `instagram.container.${index}`, id, `item ${index + 1} of the carousel`);
          creationId = steps.get('instagram.container.carousel') || '';
          if (!creationId) {
            const made = idSchema.safeParse(
              await graph(request, 'POST', `/${account}/media`, { media_type: 'CAROUSEL', children: children.join(','), caption: request.text }),
            );
            if (!made.success) throw new Stop(transient("Instagram's answer had no carousel id; nothing was posted."));
            creationId = made.data.id;
            await steps.record('instagram.container.carousel', creationId);
          }
          await waitUntilFinished(request, steps, 'instagram.container.carousel', creationId, 'carousel');
        } else {
          creationId = await container(request, steps, plan.item, 0, false);
          await waitUntilFinished(request, steps, 'instagram.container.0', creationId, plan.kind === 'reel' ? 'Reel' : 'picture');
        }
      } catch (error) {
        if (!(error instanceof Stop)) throw error;
        if (error.result.outcome.kind === 'invalid') await releaseStaged(steps, items.length);
        return error.result;
      }

      // The public step: its lost answer is an unknown outcome, never retried by itself.
      await request.beforePublicStep?.();
      const published = await send(request, {
        method: 'POST',
        url: `${options.baseUrl}/${account}/media_publish`,
        headers: { accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ creation_id: creationId }).toString(),
      });
      if (published.kind !== 'response') return unansweredOutcome('instagram', published);
      const json = parseJsonBody(published.body);
      if (published.status < 200 || published.status >= 300) {
        const refusal = graphErrorSchema.safeParse(json);
        if (refusal.success && refusal.data.error.code === NOT_READY.code) {
          return { outcome: { kind: 'transient', message: 'Instagram was not ready to publish the post yet; the app will try again.' }, httpStatus: published.status, platformErrorCode: `${NOT_READY.code}/${refusal.data.error.error_subcode ?? NOT_READY.subcode}` };
        }
        return graphRefusal(published.status, published.headers, json, options.clock.now());
      }
      const media = idSchema.safeParse(json);
      if (!media.success) return unreadableSuccess('instagram', published.status, 'post id');
      await releaseStaged(steps, items.length);
      return { outcome: { kind: 'published', platformPostId: media.data.id, url: await permalink(request, media.data.id) }, httpStatus: published.status, platformErrorCode: null };
    },
  };

  /** The post's link; null when Meta does not give one (it is published either way). */
  async function permalink(request: PublishRequest, mediaId: string): Promise<string | null> {
    const result = await send(request, { method: 'GET', url: `${options.baseUrl}/${mediaId}?fields=permalink`, headers: { accept: 'application/json' } });
    if (result.kind !== 'response' || result.status !== 200) return null;
    const parsed = permalinkSchema.safeParse(parseJsonBody(result.body));
    return parsed.success ? parsed.data.permalink : null;
  }
}

/** A Graph refusal in Instagram's words; the media fetch failure says what it means for the owner. */
function graphRefusal(status: number, headers: Record<string, string>, json: unknown, now: number): PublishResult {
  const parsed = graphErrorSchema.safeParse(json);
  if (!parsed.success) return unclassifiedStatus(status, headers, now, WHO);
  const error = parsed.data.error;
  if (error.error_subcode === FETCH_FAILED_SUBCODE) {
    const words = platformWords(error.error_user_msg ?? error.message ?? 'media could not be fetched');
    return {
      outcome: { kind: 'invalid', message: `Instagram could not fetch the picture from its public address (${words}). The address was not reachable from the internet.` },
      httpStatus: status,
      platformErrorCode: `${error.code}/${error.error_subcode}`,
    };
  }
  return classifyGraphError(error, status, headers, now, WHO);
}

/** Before media_publish nothing is public: an unknown outcome there is safe to try again. */
function notPublicYet(result: PublishResult): PublishResult {
  if (result.outcome.kind !== 'unknown') return result;
  return { ...result, outcome: { kind: 'transient', message: `${result.outcome.message.replace(/; it may or may not have been published\.$/, '')}; nothing was posted yet.` } };
}

const transient = (message: string): PublishResult => ({ outcome: { kind: 'transient', message }, httpStatus: null, platformErrorCode: null });
const invalid = (message: string): PublishResult => ({ outcome: { kind: 'invalid', message }, httpStatus: null, platformErrorCode: null });

const stagedSchema = z.object({ url: z.string(), expiresAt: z.number() });
function readStaged(value: string | null): { url: string; expiresAt: number } | null {
  if (!value) return null;
  const parsed = stagedSchema.safeParse(parseJsonBody(value));
  return parsed.success ? parsed.data : null;
}

/** Steps for one attempt when the engine gives none (nothing survives a restart then). */
function memorySteps(): PublishSteps {
  const values = new Map<string, string>();
  return {
    get: (key) => values.get(key) ?? null,
    record: async (key, value) => {
      values.set(key, value);
    },
  };
}
