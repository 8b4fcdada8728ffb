import { describe, expect, it } from 'vitest';
import { stagedName } from '../../electron/core/media/media-staging';

const NAME = 'aUq93B56NtV-JZnyusudmWtXojgq7x60.jpg';

describe('the name a staged picture is released by', () => {
  it('is the last path segment of its URL, from the server (disk) or a presigned bucket URL', () => {
    expect(stagedName(`https://licence.agencyiq.example/media/${NAME}`)).toBe(NAME);
    expect(stagedName(`https://bucket.s3.ap-southeast-2.amazonaws.com/staged/${NAME}?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Signature=abc`)).toBe(NAME);
  });

  it('is nothing for a URL that names no staged file (nothing is released)', () => {
    expect(stagedName('https://pictures.example/cake.jpg')).toBeNull();
    expect(stagedName(`https://x.example/media/${NAME}/..`)).toBeNull();
    expect(stagedName('not a url')).toBeNull();
  });
});
