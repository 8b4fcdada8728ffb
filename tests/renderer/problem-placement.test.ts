import { describe, expect, it } from 'vitest';
import type { Platform } from '@shared/domain/platform';
import type { Attachment } from '@shared/ipc/media-channels';
import type { ScheduleProblem } from '@shared/ipc/scheduling-channels';
import { validatePostMedia } from '@shared/platforms/validate-media';
import { forAttachment, forPost, mediaProblems } from '../../renderer/src/compose/attachments/media-problems';
import { platformCardProblems } from '../../renderer/src/compose/problem-placement';

// Each problem is said once in Compose, where the owner can act on it: a file's on that file, the
// post's files as a whole under the attachments, a connection at "Post to", the rest on the
// platform's card.

const attachment = (id: string, facts: Partial<Attachment>): Attachment => ({
  id,
  postId: '0b0b0b0b-1c1c-4d2d-8e3e-4f4f4f4f4f4f',
  hash: 'a'.repeat(64),
  kind: 'image',
  format: 'png',
  bytes: 120_000,
  width: 800,
  height: 1200,
  durationSeconds: null,
  codec: null,
  position: 0,
  altText: '',
  thumbnail: null,
  poster: 'image',
  missing: false,
  ...facts,
});
const tall = attachment('6f1d2c1e-8a4b-4c2d-9e3f-0a1b2c3d4e5f', {});
const menu = attachment('7a2e3d2f-9b5c-4d3e-8f4a-1b2c3d4e5f60', { kind: 'document', format: 'pdf', width: null, height: null, poster: 'placeholder' });

/** What the core's scheduling.check answers for these media (as `contentProblems` builds them), with the given problems of its own. */
function check(platform: Platform, media: readonly Attachment[], own: ScheduleProblem[], title?: string): ScheduleProblem[] {
  const rules = validatePostMedia(platform, media, { title: title ?? '' }).map((problem) => ({
    platform,
    message: problem.reason,
    ...(problem.attachmentId !== null ? { attachmentId: problem.attachmentId } : {}),
  }));
  return [...own, ...rules];
}

/** Every place Compose says a problem, by its words: the attachments (tiles and the post's list) and the platform's card. */
function said(platform: Platform, media: readonly Attachment[], answer: ScheduleProblem[], title?: string): string[] {
  const atFiles = mediaProblems(media, [platform]);
  const onTiles = media.flatMap((a) => forAttachment(atFiles, a.id).map((p) => p.reason));
  const underAttachments = forPost(atFiles).map((p) => p.reason);
  const onCard = platformCardProblems(answer, mediaProblems(media, [platform], title)).map((p) => p.message);
  return [...onTiles, ...underAttachments, ...onCard];
}

const once = (words: readonly string[], pattern: RegExp): number => words.filter((w) => pattern.test(w)).length;

describe('where Compose says each problem', () => {
  it("says a picture's problem on the picture and not on the platform's card", () => {
    const [onTile] = forAttachment(mediaProblems([tall], ['instagram']), tall.id);
    expect(onTile?.reason).toMatch(/^Instagram takes pictures from 4:5/);
    const answer = check('instagram', [tall], [
      { platform: 'instagram', message: 'Instagram is not connected. Connect it on the Connections page first.', about: 'connection' },
    ]);
    expect(platformCardProblems(answer, mediaProblems([tall], ['instagram']))).toEqual([]);
  });

  it('says "YouTube needs a video" once, under the attachments, when no video is attached', () => {
    const answer = check('youtube', [tall], [], 'Behind the counter');
    const words = said('youtube', [tall], answer, 'Behind the counter');
    expect(once(words, /^YouTube needs a video\.$/)).toBe(1);
    expect(forPost(mediaProblems([tall], ['youtube'])).map((p) => p.reason)).toContain('YouTube needs a video.');
    expect(platformCardProblems(answer, mediaProblems([tall], ['youtube'], 'Behind the counter'))).toEqual([]);
  });

  it('says "X takes no documents (PDF)" once, under the attachments', () => {
    const words = said('x', [menu], check('x', [menu], []));
    expect(once(words, /^X takes no documents \(PDF\)/)).toBe(1);
    expect(forPost(mediaProblems([menu], ['x'])).map((p) => p.reason)).toEqual(['X takes no documents (PDF); remove the PDF to post there.']);
  });

  it("says a missing YouTube title once, on YouTube's card beside its title field, not under the attachments", () => {
    const video = attachment('8b3f4e30-0c6d-4e4f-9a5b-2c3d4e5f6071', { kind: 'video', format: 'mp4', width: 1920, height: 1080, durationSeconds: 30 });
    const answer = check('youtube', [video], [
      { platform: 'youtube', message: 'The YouTube video has no title. Give it a title (up to 100 characters), or remove YouTube.' },
    ]);
    const words = said('youtube', [video], answer, '');
    expect(once(words, /title/i)).toBe(1);
    expect(platformCardProblems(answer, mediaProblems([video], ['youtube'], '')).map((p) => p.message)).toEqual([
      'The YouTube video has no title. Give it a title (up to 100 characters), or remove YouTube.',
    ]);
  });

  it("leaves the post's own problems beside the platform, and its files' under the attachments", () => {
    const text: ScheduleProblem = { platform: 'instagram', message: 'The Instagram post has no text. Write something for Instagram, or remove it.' };
    const answer = check('instagram', [], [text]);
    expect(answer.map((p) => p.message)).toContain('Instagram needs at least 1 picture or video.');
    expect(platformCardProblems(answer, mediaProblems([], ['instagram']))).toEqual([text]);
    expect(once(said('instagram', [], answer), /^Instagram needs at least 1 picture or video\.$/)).toBe(1);
  });

  it("keeps a problem that is not about the post's platform, and one the media rules do not say", () => {
    const general: ScheduleProblem = { platform: null, message: 'Choose at least one platform to publish to.' };
    const long: ScheduleProblem = { platform: 'x', message: 'The X post is 300 characters; X allows 280. Shorten it by 20.' };
    expect(platformCardProblems([general, long], mediaProblems([menu], ['x']))).toEqual([general, long]);
  });
});
