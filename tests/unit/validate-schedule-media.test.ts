import { describe, expect, it } from 'vitest';
import { contentProblems } from '../../electron/core/scheduling/validate-schedule';

// The scheduling check names the attachment a media problem belongs to, so Compose can say it on
// that attachment alone; a problem of the post as a whole names none.

const tall = { id: '6f1d2c1e-8a4b-4c2d-9e3f-0a1b2c3d4e5f', kind: 'image' as const, format: 'png' as const, bytes: 120_000, width: 800, height: 1200, durationSeconds: null };
const instagram = [{ platform: 'instagram' as const, text_override: null, title: null }];
const connected = () => ({ id: 'c1', state: 'connected' as const });

describe('media problems in the scheduling check', () => {
  it("name the attachment of a picture's problem", () => {
    const problems = contentProblems({ body: 'Fresh lamingtons', targets: instagram, media: [tall] }, connected);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ platform: 'instagram', attachmentId: tall.id });
    expect(problems[0]!.message).toMatch(/^Instagram takes pictures from 4:5/);
  });

  it("name none for the post's own problem", () => {
    expect(contentProblems({ body: 'Fresh lamingtons', targets: instagram, media: [] }, connected)).toEqual([
      { platform: 'instagram', message: 'Instagram needs at least 1 picture or video.' },
    ]);
  });
});
