import fs from 'node:fs/promises';
import { licenceErrorSchema } from '@shared/licence/licence-api';
import { MAX_STAGED_BYTES, STAGED_NAME, STAGING_API, stageResponseSchema } from '@shared/licence/staging-api';
import type { RelayDeviceSession } from '../connections/relay-flow';
import type { HttpClient, HttpResult } from '../ports/http-client';

/** A picture on a public URL until `expiresAt`, or until it is released. */
export interface StagedMedia {
  url: string;
  expiresAt: number;
}

/**
 * The port the Instagram adapter puts pictures through: Meta fetches them from a public URL, so
 * the licence server holds them for a while (shared/licence/staging-api.ts).
 */
export interface MediaStaging {
  /** Puts a prepared JPEG where Meta can fetch it. Throws MediaStagingError. */
  stage(file: string): Promise<StagedMedia>;
  /** The post is published: the server deletes the file now rather than at expiry. Never throws for a file already gone. */
  release(url: string): Promise<void>;
}

/**
 * Staging did not work. `retryable`: nothing is wrong with the picture (the server could not be
 * reached, or this computer has too much staged right now), so a later attempt may work.
 */
export class MediaStagingError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
    this.name = 'MediaStagingError';
  }
}

/** Uploading 8 MB over a slow line takes a while; a stalled one is given up after this. */
const STAGE_TIMEOUT_MS = 120_000;
const RELEASE_TIMEOUT_MS = 20_000;
const RETRYABLE_CODES = new Set(['staging_full', 'rate_limited']);

/**
 * MediaStaging over the core's HttpClient, signed in with the licence domain's device session
 * (the same bearer token the OAuth relay uses; a refused token is renewed once). The name a
 * file is released by is the last segment of its URL's path, so a release after a restart needs
 * only the URL the publishing steps recorded.
 */
export function createMediaStaging(session: RelayDeviceSession, http: HttpClient): MediaStaging {
  const send = async (method: 'POST' | 'DELETE', path: string, body: Uint8Array | undefined, timeoutMs: number): Promise<Extract<HttpResult, { kind: 'response' }>> => {
    for (let attempt = 0; ; attempt++) {
      let token: string | null;
      try {
        token = await session.bearerToken(attempt > 0);
      } catch {
        throw new MediaStagingError("AgencyIQ could not sign in to its server to put the picture online for Instagram; it will try again.", true);
      }
      if (token === null) throw new MediaStagingError('This computer has no AgencyIQ plan, so pictures cannot be put online for Instagram.', false);
      const result = await http.send({
        method,
        url: `${session.serverUrl}${path}`,
        headers: { accept: 'application/json', ...(body !== undefined ? { 'content-type': 'image/jpeg' } : {}) },
        ...(body !== undefined ? { body } : {}),
        bearerToken: token,
        timeoutMs,
      });
      if (result.kind !== 'response' || (result.status >= 300 && result.status < 400)) {
        throw new MediaStagingError("AgencyIQ's server could not be reached to put the picture online for Instagram; it will try again.", true);
      }
      if (result.status === 401 && attempt === 0) continue;
      return result;
    }
  };

  const refusal = (result: Extract<HttpResult, { kind: 'response' }>): MediaStagingError => {
    if (result.status >= 500) return new MediaStagingError("AgencyIQ's server had a problem putting the picture online for Instagram; it will try again.", true);
    const parsed = licenceErrorSchema.safeParse(parseJson(result.body));
    if (!parsed.success) return new MediaStagingError(`AgencyIQ's server refused the picture (HTTP ${result.status}).`, false);
    return new MediaStagingError(parsed.data.message, RETRYABLE_CODES.has(parsed.data.code));
  };

  return {
    async stage(file) {
      const { size } = await fs.stat(file);
      if (size > MAX_STAGED_BYTES) {
        throw new MediaStagingError(`Instagram takes pictures up to ${MAX_STAGED_BYTES / (1024 * 1024)} MB; this one is ${(size / (1024 * 1024)).toFixed(1)} MB.`, false);
      }
      const bytes = await fs.readFile(file);
      const result = await send('POST', STAGING_API.media, bytes, STAGE_TIMEOUT_MS);
      if (result.status !== 201) throw refusal(result);
      const parsed = stageResponseSchema.safeParse(parseJson(result.body));
      if (!parsed.success) throw new MediaStagingError("AgencyIQ's server gave an answer this version does not understand while putting a picture online.", true);
      return { url: parsed.data.url, expiresAt: parsed.data.expiresAt };
    },
    async release(url) {
      const name = stagedName(url);
      if (name === null) return;
      const result = await send('DELETE', `${STAGING_API.media}/${name}`, undefined, RELEASE_TIMEOUT_MS);
      // 404: released already, or its time ran out; either way it is gone.
      if (result.status === 204 || result.status === 404) return;
      throw refusal(result);
    },
  };
}

/** The staged file's name: the last path segment of its URL (disk `/media/<name>`, S3 `/<bucket>/<prefix><name>`). */
export function stagedName(url: string): string | null {
  if (!URL.canParse(url)) return null;
  const last = new URL(url).pathname.split('/').at(-1) ?? '';
  return STAGED_NAME.test(last) ? last : null;
}

function parseJson(text: string | null): unknown {
  if (text === null || text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
