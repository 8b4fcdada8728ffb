import { describe, expect, it } from 'vitest';
import { MB } from '@shared/platforms/media-limits';
import { validatePostMedia, type MediaFacts } from '@shared/platforms/validate-media';

// Before a post is scheduled, each chosen network's media rules are checked and every reason is
// shown on the attachment (or the post) and the network it concerns, in plain words.

const image = (id: string, over: Partial<MediaFacts> = {}): MediaFacts => ({
  id, kind: 'image', format: 'jpeg', bytes: 2 * MB, width: 1080, height: 1080, durationSeconds: null, ...over,
});
const video = (id: string, seconds: number, over: Partial<MediaFacts> = {}): MediaFacts => ({
  id, kind: 'video', format: 'mp4', bytes: 40 * MB, width: 1080, height: 1920, durationSeconds: seconds, ...over,
});
const pdf = (id: string, over: Partial<MediaFacts> = {}): MediaFacts => ({
  id, kind: 'document', format: 'pdf', bytes: 3 * MB, width: null, height: null, durationSeconds: null, ...over,
});
const reasons = (problems: { attachmentId: string | null; reason: string }[]) =>
  problems.map((p) => [p.attachmentId, p.reason] as const);

describe('Instagram media', () => {
  it('needs at least one item, and at most ten', () => {
    expect(reasons(validatePostMedia('instagram', []))).toEqual([[null, 'Instagram needs at least 1 picture or video.']]);
    const eleven = Array.from({ length: 11 }, (_, i) => image(`i${i}`));
    expect(reasons(validatePostMedia('instagram', eleven))).toEqual([
      [null, 'Instagram takes at most 10 attachments; this post has 11.'],
    ]);
    expect(validatePostMedia('instagram', eleven.slice(0, 10))).toEqual([]);
  });

  it('takes pictures from 4:5 to 1.91:1 and flags the one outside, on that picture', () => {
    expect(validatePostMedia('instagram', [image('a', { width: 1080, height: 1350 })])).toEqual([]);
    expect(validatePostMedia('instagram', [image('a', { width: 1910, height: 1000 })])).toEqual([]);
    const tall = validatePostMedia('instagram', [image('ok'), image('tall', { width: 1080, height: 1920 })]);
    expect(reasons(tall)).toEqual([
      ['tall', 'Instagram takes pictures from 4:5 (tall) to 1.91:1 (wide); this one is 1080×1920. Crop it to fit.'],
    ]);
    const wide = validatePostMedia('instagram', [image('wide', { width: 2000, height: 1000 })]);
    expect(wide[0]?.attachmentId).toBe('wide');
  });

  it('takes pictures up to 8 MB', () => {
    expect(validatePostMedia('instagram', [image('a', { bytes: 8 * MB })])).toEqual([]);
    expect(reasons(validatePostMedia('instagram', [image('big', { bytes: 9 * MB })]))).toEqual([
      ['big', 'Instagram takes pictures up to 8 MB; this one is 9 MB.'],
    ]);
  });

  it('treats a single video as a Reel of 3 to 90 seconds', () => {
    expect(validatePostMedia('instagram', [video('v', 90)])).toEqual([]);
    expect(reasons(validatePostMedia('instagram', [video('v', 91)]))).toEqual([
      ['v', 'On Instagram a Reel must be 3 seconds to 90 seconds long; this one is 91 seconds.'],
    ]);
    expect(reasons(validatePostMedia('instagram', [video('v', 2)]))[0]?.[0]).toBe('v');
  });
});

describe('YouTube media', () => {
  it('needs exactly one video and a title of at most 100 characters', () => {
    expect(validatePostMedia('youtube', [video('v', 600)], { title: 'Our new cake' })).toEqual([]);
    expect(reasons(validatePostMedia('youtube', [], { title: 'x' }))).toEqual([[null, 'YouTube needs a video.']]);
    expect(reasons(validatePostMedia('youtube', [image('p')], { title: 'x' }))).toEqual([
      [null, 'YouTube needs a video.'],
      [null, 'YouTube takes a video only, not pictures.'],
    ]);
    expect(reasons(validatePostMedia('youtube', [video('a', 10), video('b', 10)], { title: 'x' }))).toContainEqual([
      null, 'YouTube takes at most 1 attachments; this post has 2.',
    ]);
    expect(reasons(validatePostMedia('youtube', [video('v', 10)], { title: 'a'.repeat(101) }))).toEqual([
      [null, 'YouTube titles are at most 100 characters; this one has 101.'],
    ]);
    expect(reasons(validatePostMedia('youtube', [video('v', 10)], { title: '  ' }))).toEqual([[null, 'YouTube needs a title.']]);
  });
});

describe('X media', () => {
  it('takes up to four pictures or one video, never both', () => {
    const four = ['a', 'b', 'c', 'd'].map((id) => image(id));
    expect(validatePostMedia('x', four)).toEqual([]);
    expect(reasons(validatePostMedia('x', [...four, image('e')]))).toEqual([
      [null, 'X takes at most 4 attachments; this post has 5.'],
    ]);
    expect(reasons(validatePostMedia('x', [image('a'), video('v', 30)]))).toEqual([
      [null, 'X takes pictures or one video, not both in the same post.'],
    ]);
    expect(validatePostMedia('x', [])).toEqual([]);
  });

  it('holds pictures to 5 MB and videos to 140 seconds, 512 MB, 1:3 to 3:1', () => {
    expect(reasons(validatePostMedia('x', [image('p', { bytes: 6 * MB })]))).toEqual([
      ['p', 'X takes pictures up to 5 MB; this one is 6 MB.'],
    ]);
    expect(validatePostMedia('x', [video('v', 140)])).toEqual([]);
    expect(reasons(validatePostMedia('x', [video('v', 141, { bytes: 600 * MB, width: 400, height: 1300 })]))).toEqual([
      ['v', 'X takes videos up to 512 MB; this one is 600 MB.'],
      ['v', 'On X a video must be 0.5 seconds to 140 seconds long; this one is 141 seconds.'],
      ['v', 'X takes videos from 1:3 to 3:1; this one is 400×1300.'],
    ]);
  });
});

describe('LinkedIn and Facebook media', () => {
  it('LinkedIn: up to 20 pictures under 36,152,320 pixels, or one video of 3 s to 30 min', () => {
    expect(validatePostMedia('linkedin', Array.from({ length: 20 }, (_, i) => image(`i${i}`)))).toEqual([]);
    expect(reasons(validatePostMedia('linkedin', [image('huge', { width: 8000, height: 5000 })]))).toEqual([
      ['huge', 'LinkedIn takes pictures under 36,152,320 pixels; this one is 8000×5000.'],
    ]);
    expect(reasons(validatePostMedia('linkedin', [video('v', 31 * 60)]))).toEqual([
      ['v', 'On LinkedIn a video must be 3 seconds to 30 minutes long; this one is 31 minutes.'],
    ]);
  });

  it('LinkedIn: one PDF document on its own, up to 100 MB', () => {
    expect(validatePostMedia('linkedin', [pdf('d')])).toEqual([]);
    expect(validatePostMedia('linkedin', [pdf('d', { bytes: 100 * MB })])).toEqual([]);
    expect(reasons(validatePostMedia('linkedin', [pdf('big', { bytes: 101 * MB })]))).toEqual([
      ['big', 'LinkedIn takes documents up to 100 MB; this one is 101 MB.'],
    ]);
    expect(reasons(validatePostMedia('linkedin', [pdf('a'), pdf('b')]))).toEqual([
      [null, 'LinkedIn takes one document per post; this post has 2.'],
    ]);
    expect(reasons(validatePostMedia('linkedin', [pdf('d'), image('p')]))).toEqual([
      [null, 'LinkedIn takes a document on its own, with no pictures or video beside it.'],
    ]);
    expect(reasons(validatePostMedia('linkedin', [video('v', 10), pdf('d')]))).toEqual([
      [null, 'LinkedIn takes a document on its own, with no pictures or video beside it.'],
    ]);
  });

  it('every other network says in plain words that it takes no documents', () => {
    for (const [platform, name] of [['facebook', 'Facebook'], ['instagram', 'Instagram'], ['x', 'X'], ['youtube', 'YouTube']] as const) {
      expect(reasons(validatePostMedia(platform, [pdf('d')]))).toContainEqual([null, `${name} takes no documents (PDF); remove the PDF to post there.`]);
    }
    expect(reasons(validatePostMedia('x', [image('p'), pdf('d')]))).toEqual([[null, 'X takes no documents (PDF); remove the PDF to post there.']]);
  });

  it('Facebook: photos up to 4 MB, up to 10, or one video; text alone is fine', () => {
    expect(validatePostMedia('facebook', [])).toEqual([]);
    expect(reasons(validatePostMedia('facebook', [image('p', { bytes: 5 * MB })]))).toEqual([
      ['p', 'Facebook takes pictures up to 4 MB; this one is 5 MB.'],
    ]);
    expect(reasons(validatePostMedia('facebook', [video('a', 5), video('b', 5)]))).toEqual([
      [null, 'Facebook takes one video per post; this post has 2.'],
    ]);
  });

  it('says when a video length could not be read rather than passing it', () => {
    expect(reasons(validatePostMedia('facebook', [video('v', 0, { durationSeconds: null })]))).toEqual([
      ['v', 'The length of this video could not be read, so it cannot be checked for Facebook.'],
    ]);
  });
});
