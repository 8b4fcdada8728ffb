import type { Platform } from '../domain/platform';

/**
 * The platforms this release publishes to (text and link posts). Instagram and YouTube need
 * media, which arrives in a later update; until then scheduling refuses them in plain words.
 */
export const PUBLISHABLE_PLATFORMS: readonly Platform[] = ['facebook', 'linkedin', 'x'];

/** True when this release can publish to `platform`. */
export function canPublishTo(platform: Platform): boolean {
  return PUBLISHABLE_PLATFORMS.includes(platform);
}
