import type { Platform } from '../domain/platform';

/**
 * The platforms this release publishes to: text, link and media posts on Facebook, LinkedIn and
 * X, pictures, carousels and Reels on Instagram (scheduling checks it has media), videos on
 * YouTube (scheduling checks its title).
 */
export const PUBLISHABLE_PLATFORMS: readonly Platform[] = ['facebook', 'instagram', 'linkedin', 'x', 'youtube'];

/** True when this release can publish to `platform`. */
export function canPublishTo(platform: Platform): boolean {
  return PUBLISHABLE_PLATFORMS.includes(platform);
}
