import { PLATFORM_MEDIA_LIMITS } from '@shared/platforms/media-limits';
import type { MediaItem } from './platform-adapter';

/** What an Instagram post is made of, from its media (Content Publishing API). */
export type InstagramPlan =
  | { kind: 'image'; item: MediaItem }
  | { kind: 'reel'; item: MediaItem }
  | { kind: 'carousel'; items: readonly MediaItem[] };

const LIMITS = PLATFORM_MEDIA_LIMITS.instagram.items;

/**
 * One picture is an image post, one video a Reel, 2–10 items a carousel; anything else is refused
 * in the owner's words (an Instagram post cannot exist without media). Pictures must already be
 * JPEG (media/prepare-image.ts makes them so), as Instagram takes nothing else.
 */
export function planInstagramPost(media: readonly MediaItem[]): InstagramPlan | { refused: string } {
  if (media.length < LIMITS.min) return { refused: 'An Instagram post needs a picture or a video. Add one, or remove Instagram.' };
  if (media.length > LIMITS.max) return { refused: `Instagram takes at most ${LIMITS.max} pictures or videos in one post; this one has ${media.length}.` };
  const notJpeg = media.find((item) => item.kind === 'image' && item.mimeType !== 'image/jpeg');
  if (notJpeg) return { refused: `Instagram takes JPEG pictures only, and one picture is ${notJpeg.mimeType}.` };
  const first = media[0]!;
  if (media.length > 1) return { kind: 'carousel', items: media };
  return first.kind === 'video' ? { kind: 'reel', item: first } : { kind: 'image', item: first };
}

/** A container's `status_code` (IG Container reference), and what the adapter does about it. */
export type ContainerVerdict = 'ready' | 'wait' | 'failed' | 'expired' | 'already_published';

export function containerVerdict(statusCode: string): ContainerVerdict {
  switch (statusCode) {
    case 'FINISHED':
      return 'ready';
    case 'IN_PROGRESS':
      return 'wait';
    case 'ERROR':
      return 'failed';
    case 'EXPIRED':
      return 'expired';
    case 'PUBLISHED':
      return 'already_published';
    default:
      // A status this version does not know: never publish on it; look again.
      return 'wait';
  }
}

/** The polling waits are shared by every adapter that waits for processing (media-wait.ts). */
export { pollDelay } from './media-wait';
