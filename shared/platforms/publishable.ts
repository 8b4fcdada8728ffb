import type { Platform } from '../domain/platform';

/**
 * The platforms this release publishes to: text, link and media posts on Facebook, LinkedIn and
 * X, videos on YouTube. Instagram needs its media staging, which arrives in a later update; until
 * then scheduling refuses it in plain words.
 */
export const PUBLISHABLE_PLATFORMS: readonly Platform[] = ['facebook', 'linkedin', 'x', 'youtube'];

/** True when this release can publish to `platform`. */
export function canPublishTo(platform: Platform): boolean {
  return PUBLISHABLE_PLATFORMS.includes(platform);
}
