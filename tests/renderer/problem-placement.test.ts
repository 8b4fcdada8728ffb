import { describe, expect, it } from 'vitest';
import type { Attachment } from '@shared/ipc/media-channels';
import { contentProblems } from '../../electron/core/scheduling/validate-schedule';
import { forAttachment, mediaProblems } from '../../renderer/src/compose/attachments/media-problems';
import { platformCardProblems } from '../../renderer/src/compose/problem-placement';

// A picture Instagram cannot take is said once in Compose: on the picture (which names Instagram),
// not again on Instagram's card with what stands in the way of scheduling.

const tall: Attachment = {
  id: '6f1d2c1e-8a4b-4c2d-9e3f-0a1b2c3d4e5f',
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
};
const post = {
  body: 'Fresh lamingtons today',
  targets: [{ platform: 'instagram' as const, text_override: null, title: null }],
  media: [tall],
};

describe("a picture's network problem", () => {
  it('is named by its attachment in the core’s scheduling check', () => {
    const problems = contentProblems(post, () => ({ id: 'c1', state: 'connected' }));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ platform: 'instagram', attachmentId: tall.id });
    expect(problems[0]!.message).toMatch(/^Instagram takes pictures from 4:5/);
  });

  it('is shown on the picture and not on the platform card', () => {
    const check = contentProblems(post, () => ({ id: 'c1', state: 'connected' }));
    const onTile = forAttachment(mediaProblems([tall], ['instagram'], undefined), tall.id).map((p) => p.reason);
    const onCard = platformCardProblems(check).map((p) => p.message);
    expect(onTile).toEqual([check[0]!.message]);
    expect(onCard).toEqual([]);
  });

  it('leaves the post’s own problems and text problems beside the platform, connections at "Post to"', () => {
    const check = contentProblems({ ...post, body: '', media: [] }, () => null);
    expect(platformCardProblems(check).map((p) => p.message)).toEqual([
      'The Instagram post has no text. Write something for Instagram, or remove it.',
      'Instagram needs at least 1 picture or video.',
    ]);
  });
});
