import { DEFAULT_YOUTUBE_SETTINGS, type YouTubePrivacy } from '@shared/platforms/youtube-settings';
import type { Clock } from '../ports/clock';
import type { HttpClient, HttpRequest, HttpResult } from '../ports/http-client';
import { filePath, readMediaStep, writeMediaStep, type MediaStep } from './media-step';
import { DEFAULT_POST_WEB_URLS, type MediaItem, type PlatformAdapter, type PublishRequest, type PublishResult } from './platform-adapter';
import { parseJsonBody, unansweredUpload, unreadableSuccess } from './publish-http';
import { classifyYouTubeRefusal, receivedBytes, videoSchema } from './youtube-answers';

/** Google asks for chunks in multiples of 256 KiB (all but the last). */
export const YOUTUBE_CHUNK_UNIT = 256 * 1024;
/** 8 MiB per PUT: few requests, and a drop costs at most 8 MiB again. */
export const YOUTUBE_CHUNK_BYTES = 32 * YOUTUBE_CHUNK_UNIT;
/** The journal key of the upload session (`url`: the session URI; `phase`: `uploading`). */
export const YOUTUBE_SESSION_STEP = 'youtube.session';
/** Google keeps a resumable session about a week; the app starts a new one after six days. */
const SESSION_LIFE_MS = 6 * 24 * 60 * 60_000;
/** Resumes after a drop or a 5xx within one try before leaving it to the engine's retries. */
const RESUMES_PER_TRY = 5;
const TITLE_MAX = 100;
const DESCRIPTION_MAX = 5000;

export type { YouTubePrivacy };

export interface YouTubeAdapterOptions {
  /** `API_URLS.youtube.api` in production (the upload service lives under it, `/upload/youtube/v3`). */
  baseUrl: string;
  /** Where videos are seen (default `https://www.youtube.com`). */
  webUrl?: string;
  http: HttpClient;
  clock: Clock;
  timeoutMs?: number;
  /** Bytes per PUT; rounded down to a multiple of 256 KiB (default 8 MiB). */
  chunkBytes?: number;
  /**
   * For a post that carries no settings of its own (`PublishRequest.youtube`, chosen in Compose).
   * Default `private`: a video is public only when the owner says so (unaudited projects are forced private anyway).
   */
  privacy?: YouTubePrivacy;
  /** Default false: the subscribers are not told unless the owner asks. */
  notifySubscribers?: boolean;
}

type Answered = Extract<HttpResult, { kind: 'response' }>;
type Offset = { offset: number } | { done: PublishResult };

/**
 * Publishes one video through the Data API's resumable upload: `POST
 * {base}/upload/youtube/v3/videos?uploadType=resumable&part=snippet,status` (the snippet and
 * status as JSON, `X-Upload-Content-Length/Type`) → the session URI in `Location`, recorded at once
 * under `youtube.session`; then `PUT` chunks streamed from disk with `Content-Range`, each answered
 * 308 + `Range` (what YouTube holds) until the last one's 200/201 carries the video. After a drop
 * or a restart the session is probed (`Content-Range: bytes *\/N`) and the upload continues from
 * YouTube's last byte. Completing the upload creates the video, so the last chunk is the public
 * step: it leaves only after the engine's mark, and if its answer never comes the outcome is
 * unknown (never uploaded again by itself). A session gone (404/410) before that created nothing:
 * a new one starts.
 */
export function createYouTubeAdapter(options: YouTubeAdapterOptions): PlatformAdapter {
  const chunkBytes = Math.max(1, Math.floor((options.chunkBytes ?? YOUTUBE_CHUNK_BYTES) / YOUTUBE_CHUNK_UNIT)) * YOUTUBE_CHUNK_UNIT;
  const webUrl = options.webUrl ?? DEFAULT_POST_WEB_URLS.youtube;
  return {
    platform: 'youtube',
    marksPublicStep: true,
    async publish(request: PublishRequest): Promise<PublishResult> {
      const checked = checkVideoPost(request);
      if ('refused' in checked) return checked.refused;
      const { item, title } = checked;
      const call = (http: Omit<HttpRequest, 'bearerToken' | 'timeoutMs'>) =>
        options.http.send({ ...http, bearerToken: request.accessToken, ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}) });
      const total = item.byteLength;
      const report = (sent: number) => request.onProgress?.({ sentBytes: Math.min(sent, total), totalBytes: total });
      const created = (answer: Answered): PublishResult => {
        const video = videoSchema.safeParse(parseJsonBody(answer.body));
        if (!video.success) return unreadableSuccess('youtube', answer.status, 'video id');
        report(total);
        return { outcome: { kind: 'published', platformPostId: video.data.id, url: `${webUrl}/watch?v=${video.data.id}` }, httpStatus: answer.status, platformErrorCode: null };
      };

      /** Asks the session how much it holds: 308 → the offset; 200/201 → the video exists; 404/410 → gone (null offset). */
      const probe = async (session: string): Promise<Offset | { gone: true }> => {
        const answer = await call({ method: 'PUT', url: session, headers: { 'content-range': `bytes */${total}` }, body: '', ...(request.signal ? { signal: request.signal } : {}) });
        if (answer.kind !== 'response') return { done: unansweredUpload('youtube', answer) };
        return afterChunk(answer);
      };
      const afterChunk = (answer: Answered): Offset | { gone: true } => {
        if (answer.status === 308) {
          const held = receivedBytes(answer.headers);
          if (held === null || held > total) return { done: { outcome: { kind: 'transient', message: `YouTube's upload answer could not be read (Range ${answer.headers.range ?? ''}); nothing was posted.` }, httpStatus: 308, platformErrorCode: null } };
          return { offset: held };
        }
        if (answer.status === 200 || answer.status === 201) return { done: created(answer) };
        if (answer.status === 404 || answer.status === 410) return { gone: true };
        return { done: classifyYouTubeRefusal(answer, options.clock.now()) };
      };

      let step = readMediaStep(request.steps, YOUTUBE_SESSION_STEP, item, options.clock.now(), 0);
      let position: Offset | { gone: true } = step?.url !== undefined ? await probe(step.url) : { gone: true };
      let sessionsStarted = 0;
      let resumes = 0;
      for (;;) {
        if ('done' in position) return position.done;
        if ('gone' in position) {
          // No session, or YouTube forgot it before the last byte: nothing public happened, start again (once per try).
          if (sessionsStarted > 0) return { outcome: { kind: 'transient', message: 'YouTube dropped the upload session twice; nothing was posted, and the app tries again later.' }, httpStatus: null, platformErrorCode: null };
          sessionsStarted++;
          const opened = await openSession(options, call, request, item, title);
          if ('done' in opened) return opened.done;
          step = { file: filePath(item), bytes: total, id: 'session', url: opened.session, expiresAt: options.clock.now() + SESSION_LIFE_MS, phase: 'uploading' } satisfies MediaStep;
          await writeMediaStep(request.steps, YOUTUBE_SESSION_STEP, step);
          position = { offset: 0 };
          continue;
        }
        const session = step!.url!;
        const start = position.offset;
        if (start >= total) {
          // Every byte is there but no video came back: only a probe can tell, and it said 308. Leave it to a later try.
          return { outcome: { kind: 'transient', message: 'YouTube holds the whole video but has not finished it; the app asks again later.' }, httpStatus: 308, platformErrorCode: null };
        }
        const length = Math.min(chunkBytes, total - start);
        const last = start + length === total;
        report(start);
        // The last chunk completes the upload and so creates the video: the engine's mark first.
        if (last) await request.beforePublicStep?.();
        const answer = await call({
          method: 'PUT',
          url: session,
          headers: { 'content-type': item.mimeType, 'content-range': `bytes ${start}-${start + length - 1}/${total}` },
          body: { parts: [{ file: filePath(item), start, length }] },
          onBodyProgress: (sent) => report(start + Math.min(sent, length)),
          // Quitting aborts every chunk (the contract's `signal`); an aborted last chunk is unknown (needs_check).
          ...(request.signal ? { signal: request.signal } : {}),
        });
        if (answer.kind === 'response') {
          const next = afterChunk(answer);
          // A 308 that holds no more than before: count it, so a stuck session cannot loop forever.
          if ('offset' in next && next.offset <= start && ++resumes > RESUMES_PER_TRY) {
            return { outcome: { kind: 'transient', message: 'YouTube keeps not taking the next part of the video; nothing was posted, and the app tries again later.' }, httpStatus: 308, platformErrorCode: null };
          }
          if (!('done' in next) || next.done.outcome.kind !== 'transient' || ++resumes > RESUMES_PER_TRY) {
            position = next;
            continue;
          }
        } else if (last && answer.kind === 'no_answer') {
          return {
            outcome: { kind: 'unknown', message: 'The whole video was sent to YouTube, but no answer came; it may or may not have been created. Look on YouTube Studio, then tell AgencyIQ what happened.' },
            httpStatus: null,
            platformErrorCode: null,
          };
        } else if (answer.kind === 'not_sent' && answer.reason === 'aborted') {
          return unansweredUpload('youtube', answer);
        } else if (++resumes > RESUMES_PER_TRY) {
          return unansweredUpload('youtube', answer);
        }
        // A drop or a 5xx mid-upload: ask YouTube what it holds and carry on from there.
        position = await probe(session);
      }
    },
  };
}

/** Exactly one video and a title of 1–100 characters; the description within 5,000. */
function checkVideoPost(request: PublishRequest): { item: MediaItem; title: string } | { refused: PublishResult } {
  const refuse = (message: string) => ({ refused: { outcome: { kind: 'invalid' as const, message }, httpStatus: null, platformErrorCode: null } });
  const item = request.media[0];
  if (request.media.length !== 1 || item === undefined || item.kind !== 'video' || !('path' in item.source)) return refuse('A YouTube post needs exactly one video (and no pictures). Nothing was sent.');
  const title = (request.title ?? '').trim();
  if (title === '') return refuse('A YouTube video needs a title. Add one, then publish again. Nothing was sent.');
  if ([...title].length > TITLE_MAX) return refuse(`The YouTube title is ${[...title].length} characters; YouTube allows ${TITLE_MAX}. Nothing was sent.`);
  if (/[<>]/.test(title)) return refuse('YouTube does not accept < or > in a title. Nothing was sent.');
  if (Buffer.byteLength(request.text) > DESCRIPTION_MAX) return refuse(`The YouTube description is longer than YouTube's ${DESCRIPTION_MAX.toLocaleString('en-AU')} bytes. Nothing was sent.`);
  return { item, title };
}

/** Starts a resumable session; its URI must stay on the upload host (the token goes with every PUT). */
async function openSession(
  options: YouTubeAdapterOptions,
  call: (http: Omit<HttpRequest, 'bearerToken' | 'timeoutMs'>) => Promise<HttpResult>,
  request: PublishRequest,
  item: MediaItem,
  title: string,
): Promise<{ session: string } | { done: PublishResult }> {
  // The post's own choice first, then the adapter's defaults.
  const notify = request.youtube?.notifySubscribers ?? options.notifySubscribers ?? DEFAULT_YOUTUBE_SETTINGS.notifySubscribers;
  const privacy = request.youtube?.privacy ?? options.privacy ?? DEFAULT_YOUTUBE_SETTINGS.privacy;
  const answer = await call({
    method: 'POST',
    url: `${options.baseUrl}/upload/youtube/v3/videos?uploadType=resumable&part=snippet,status&notifySubscribers=${String(notify)}`,
    headers: {
      'content-type': 'application/json; charset=UTF-8',
      'x-upload-content-length': String(item.byteLength),
      'x-upload-content-type': item.mimeType,
    },
    body: JSON.stringify({ snippet: { title, description: request.text }, status: { privacyStatus: privacy } }),
    ...(request.signal ? { signal: request.signal } : {}),
  });
  if (answer.kind !== 'response') return { done: unansweredUpload('youtube', answer) };
  if (answer.status !== 200 && answer.status !== 201) return { done: classifyYouTubeRefusal(answer, options.clock.now()) };
  const location = answer.headers.location;
  if (location === undefined || !URL.canParse(location) || new URL(location).origin !== new URL(options.baseUrl).origin) {
    return { done: { outcome: { kind: 'transient', message: 'YouTube did not give a usable upload address; nothing was posted.' }, httpStatus: answer.status, platformErrorCode: null } };
  }
  return { session: location };
}
