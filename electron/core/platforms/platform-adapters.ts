import { z } from 'zod';
import type { Platform } from '@shared/domain/platform';
import { applyDevOverridePolicy } from '../config/dev-overrides';
import { API_URLS } from '@shared/platforms/api-versions';
import { serviceUrlSchema } from '../config/service-url-schema';
import { DEFAULT_HTTP_TIMEOUT_MS } from '../http/node-http-client';
import type { Clock } from '../ports/clock';
import type { HttpClient } from '../ports/http-client';
import type { Logger } from '../ports/logger';
import type { MediaStaging } from '../media/media-staging';
import { systemTimers, type Timers } from '../ports/timers';
import { createFacebookAdapter } from './facebook';
import { createInstagramAdapter } from './instagram';
import { createLinkedInAdapter } from './linkedin';
import { DEFAULT_POST_WEB_URLS, type PlatformAdapter } from './platform-adapter';
import { createXAdapter } from './x';
import { createYouTubeAdapter } from './youtube';

/** Where the platforms publish in production (Graph's base carries its API version; shared/platforms/api-versions.ts). */
export const DEFAULT_PUBLISH_URLS = {
  facebook: API_URLS.facebook.api,
  instagram: API_URLS.instagram.api,
  instagramUpload: API_URLS.instagram.upload,
  linkedin: API_URLS.linkedin.api,
  x: API_URLS.x.api,
  youtube: API_URLS.youtube.api,
} as const;

/** The env keys the publishing adapters own. */
const publishEnvSchema = z.object({
  AGENCYIQ_PUBLISH_FACEBOOK_URL: serviceUrlSchema.default(DEFAULT_PUBLISH_URLS.facebook),
  AGENCYIQ_PUBLISH_INSTAGRAM_URL: serviceUrlSchema.default(DEFAULT_PUBLISH_URLS.instagram),
  /** Meta's upload host for Reel bytes (rupload.facebook.com). */
  AGENCYIQ_PUBLISH_INSTAGRAM_UPLOAD_URL: serviceUrlSchema.default(DEFAULT_PUBLISH_URLS.instagramUpload),
  AGENCYIQ_PUBLISH_LINKEDIN_URL: serviceUrlSchema.default(DEFAULT_PUBLISH_URLS.linkedin),
  AGENCYIQ_PUBLISH_X_URL: serviceUrlSchema.default(DEFAULT_PUBLISH_URLS.x),
  AGENCYIQ_PUBLISH_YOUTUBE_URL: serviceUrlSchema.default(DEFAULT_PUBLISH_URLS.youtube),
  /** Where published posts are seen: the base of the links the app keeps ("View on X"). */
  AGENCYIQ_PUBLISH_FACEBOOK_WEB_URL: serviceUrlSchema.default(DEFAULT_POST_WEB_URLS.facebook),
  AGENCYIQ_PUBLISH_LINKEDIN_WEB_URL: serviceUrlSchema.default(DEFAULT_POST_WEB_URLS.linkedin),
  AGENCYIQ_PUBLISH_X_WEB_URL: serviceUrlSchema.default(DEFAULT_POST_WEB_URLS.x),
  AGENCYIQ_PUBLISH_YOUTUBE_WEB_URL: serviceUrlSchema.default(DEFAULT_POST_WEB_URLS.youtube),
  /** How long one publish request may wait for its answer before it counts as unknown. */
  AGENCYIQ_PUBLISH_TIMEOUT_MS: z.coerce.number().int().min(100).max(10 * 60 * 1000).default(DEFAULT_HTTP_TIMEOUT_MS),
});

/**
 * The publishing configuration (`AGENCYIQ_PUBLISH_*`, overrides honoured only when allowed). The
 * Results collector reads the same API hosts, so it reads them here too. Throws PublishConfigError.
 */
export function readPublishConfig(deps: Pick<PlatformAdaptersDeps, 'env' | 'allowDevOverrides' | 'logger'>): z.infer<typeof publishEnvSchema> {
  const parsed = publishEnvSchema.safeParse(applyDevOverridePolicy(deps.env, deps));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new PublishConfigError(`${String(issue?.path[0] ?? 'Publishing configuration')} ${issue?.message ?? 'is invalid'}.`);
  }
  const data = parsed.data;
  return {
    ...data,
    AGENCYIQ_PUBLISH_FACEBOOK_URL: trim(data.AGENCYIQ_PUBLISH_FACEBOOK_URL),
    AGENCYIQ_PUBLISH_INSTAGRAM_URL: trim(data.AGENCYIQ_PUBLISH_INSTAGRAM_URL),
    AGENCYIQ_PUBLISH_INSTAGRAM_UPLOAD_URL: trim(data.AGENCYIQ_PUBLISH_INSTAGRAM_UPLOAD_URL),
    AGENCYIQ_PUBLISH_LINKEDIN_URL: trim(data.AGENCYIQ_PUBLISH_LINKEDIN_URL),
    AGENCYIQ_PUBLISH_X_URL: trim(data.AGENCYIQ_PUBLISH_X_URL),
    AGENCYIQ_PUBLISH_YOUTUBE_URL: trim(data.AGENCYIQ_PUBLISH_YOUTUBE_URL),
  };
}

const trim = (url: string) => url.replace(/\/+$/, '');

/** The configuration cannot be used; the message names the variable and what is wrong. */
export class PublishConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PublishConfigError';
  }
}

export interface PlatformAdaptersDeps {
  env: Readonly<Record<string, string | undefined>>;
  clock: Clock;
  http: HttpClient;
  /** Honour the base URL overrides (browser host, unpackaged Electron); a packaged app ignores them. */
  allowDevOverrides: boolean;
  logger: Logger;
  /** Waits between checks of media a platform is processing (X, Instagram, LinkedIn; default Node's timers). */
  timers?: Timers;
  /** Where Instagram's pictures are put online (the licence server); null or absent: only already-public URLs. */
  staging?: MediaStaging | null;
}

/**
 * One adapter per platform (Facebook Pages, Instagram, LinkedIn, X, YouTube). Reads
 * `AGENCYIQ_PUBLISH_<FACEBOOK|INSTAGRAM|LINKEDIN|X|YOUTUBE>_URL` (and Instagram's upload host,
 * `AGENCYIQ_PUBLISH_INSTAGRAM_UPLOAD_URL`)
 * and `…_WEB_URL` (where posts are seen; production defaults) and `AGENCYIQ_PUBLISH_TIMEOUT_MS`; a
 * key that is set but malformed throws `PublishConfigError` (a typo must not send tokens somewhere
 * else). A packaged app ignores the URL overrides (config/dev-overrides.ts): they would send
 * tokens and posts elsewhere.
 */
export function createPlatformAdapters(deps: PlatformAdaptersDeps): Partial<Record<Platform, PlatformAdapter>> {
  const parsed = { data: readPublishConfig(deps) };
  const common = { http: deps.http, clock: deps.clock, timeoutMs: parsed.data.AGENCYIQ_PUBLISH_TIMEOUT_MS };
  return {
    facebook: createFacebookAdapter({
      ...common,
      baseUrl: parsed.data.AGENCYIQ_PUBLISH_FACEBOOK_URL,
      // Videos go to Meta's video host in production; an overridden Graph URL (a stand-in) takes them too.
      videoUrl: parsed.data.AGENCYIQ_PUBLISH_FACEBOOK_URL === DEFAULT_PUBLISH_URLS.facebook ? API_URLS.facebook.video : parsed.data.AGENCYIQ_PUBLISH_FACEBOOK_URL,
      webUrl: trim(parsed.data.AGENCYIQ_PUBLISH_FACEBOOK_WEB_URL),
    }),
    instagram: createInstagramAdapter({
      ...common,
      baseUrl: parsed.data.AGENCYIQ_PUBLISH_INSTAGRAM_URL,
      uploadUrl: parsed.data.AGENCYIQ_PUBLISH_INSTAGRAM_UPLOAD_URL,
      timers: deps.timers ?? systemTimers,
      staging: deps.staging ?? null,
      logger: deps.logger,
    }),
    linkedin: createLinkedInAdapter({ ...common, ...(deps.timers ? { timers: deps.timers } : {}), baseUrl: trim(parsed.data.AGENCYIQ_PUBLISH_LINKEDIN_URL), webUrl: trim(parsed.data.AGENCYIQ_PUBLISH_LINKEDIN_WEB_URL) }),
    x: createXAdapter({ ...common, ...(deps.timers ? { timers: deps.timers } : {}), baseUrl: trim(parsed.data.AGENCYIQ_PUBLISH_X_URL), webUrl: trim(parsed.data.AGENCYIQ_PUBLISH_X_WEB_URL) }),
    youtube: createYouTubeAdapter({ ...common, baseUrl: trim(parsed.data.AGENCYIQ_PUBLISH_YOUTUBE_URL), webUrl: trim(parsed.data.AGENCYIQ_PUBLISH_YOUTUBE_WEB_URL) }),
  };
}
