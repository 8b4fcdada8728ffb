import type { Platform } from '../domain/platform';

/**
 * The platforms this release publishes to: Facebook, LinkedIn and X (text and link posts) and
 * Instagram (pictures, carousels and Reels; scheduling checks it has media). YouTube needs video
 * uploads, which arrive in a later update; until then scheduling refuses it in plain words.
 */
export const PUBLISHABLE_PLATFORMS: readonly Platform[] = ['facebook', 'instagram', 'linkedin', 'x'];

/** True when this release can publish to `platform`. */
export function canPublishTo(platform: Platform): boolean {
  return PUBLISHABLE_PLATFORMS.includes(platform);
}
