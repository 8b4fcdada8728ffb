import { expect, it } from 'vitest';
import type { Attachment } from '@shared/ipc/media-channels';
import type { ScheduleProblem } from '@shared/ipc/scheduling-channels';
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

it("shows a picture's problem on the picture and not on the platform's card", () => {
  const [onTile] = forAttachment(mediaProblems([tall], ['instagram'], undefined), tall.id);
  expect(onTile?.reason).toMatch(/^Instagram takes pictures from 4:5/);
  // What the core's scheduling.check answers for the same post (tests/unit/validate-schedule-media.test.ts).
  const check: ScheduleProblem[] = [
    { platform: 'instagram', message: onTile!.reason, attachmentId: tall.id },
    { platform: 'instagram', message: 'Instagram is not connected. Connect it on the Connections page first.', about: 'connection' },
  ];
  expect(platformCardProblems(check)).toEqual([]);
});

it("leaves the post's own problems beside the platform", () => {
  const check: ScheduleProblem[] = [
    { platform: 'instagram', message: 'The Instagram post has no text. Write something for Instagram, or remove it.' },
    { platform: 'instagram', message: 'Instagram needs at least 1 picture or video.' },
  ];
  expect(platformCardProblems(check)).toEqual(check);
});
