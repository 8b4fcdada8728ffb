import { describe, expect, it } from 'vitest';
import { containerVerdict, planInstagramPost, pollDelay } from '../../electron/core/platforms/instagram-plan';
import type { MediaItem } from '../../electron/core/platforms/platform-adapter';

const picture = (mimeType = 'image/jpeg'): MediaItem => ({ kind: 'image', source: { path: '/p.jpg' }, mimeType, byteLength: 1, altText: null });
const clip: MediaItem = { kind: 'video', source: { path: '/v.mp4' }, mimeType: 'video/mp4', byteLength: 1, altText: null };

describe('what an Instagram post is made of', () => {
  it('one picture is an image post, one video a Reel, 2 to 10 items a carousel', () => {
    expect(planInstagramPost([picture()])).toMatchObject({ kind: 'image' });
    expect(planInstagramPost([clip])).toMatchObject({ kind: 'reel' });
    expect(planInstagramPost([picture(), clip])).toMatchObject({ kind: 'carousel', items: [picture(), clip] });
    expect(planInstagramPost(Array.from({ length: 10 }, () => picture()))).toMatchObject({ kind: 'carousel' });
  });

  it('refuses no media, more than 10 items, and pictures that are not JPEG, in words', () => {
    expect(planInstagramPost([])).toEqual({ refused: 'An Instagram post needs a picture or a video. Add one, or remove Instagram.' });
    expect(planInstagramPost(Array.from({ length: 11 }, () => picture()))).toEqual({ refused: 'Instagram takes at most 10 pictures or videos in one post; this one has 11.' });
    expect(planInstagramPost([picture('image/png')])).toEqual({ refused: 'Instagram takes JPEG pictures only, and one picture is image/png.' });
  });
});

describe("a container's status", () => {
  it.each([
    ['FINISHED', 'ready'],
    ['IN_PROGRESS', 'wait'],
    ['ERROR', 'failed'],
    ['EXPIRED', 'expired'],
    ['PUBLISHED', 'already_published'],
    // Never publish on a status this version does not know.
    ['SOMETHING_NEW', 'wait'],
  ])('%s → %s', (status, verdict) => expect(containerVerdict(status)).toBe(verdict));

  it('is looked at again after doubling waits, capped', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 50].map((attempt) => pollDelay(attempt, 1_000, 30_000))).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000]);
  });
});
