import { describe, expect, it } from 'vitest';
import { linkedInMediaVerdict } from '../../electron/core/platforms/linkedin-rest';
import { mediaTitle } from '../../electron/core/platforms/linkedin-media';

describe('LinkedIn media status', () => {
  it('posts only on AVAILABLE; PROCESSING_FAILED fails; anything else (documented or new) waits', () => {
    expect(['AVAILABLE', 'PROCESSING_FAILED', 'PROCESSING', 'WAITING_UPLOAD', 'SOMETHING_NEW'].map(linkedInMediaVerdict)).toEqual(['ready', 'failed', 'wait', 'wait', 'wait']);
  });
});

describe('the title LinkedIn shows with a video or document', () => {
  it("is the post's title, else its first non-empty line, clipped to 100 characters", () => {
    expect(mediaTitle({ title: 'Our new oven', text: 'ignored' })).toBe('Our new oven');
    expect(mediaTitle({ title: null, text: '\n  Bread at dawn  \nmore text' })).toBe('Bread at dawn');
    expect(mediaTitle({ title: null, text: 'x'.repeat(150) })).toBe(`${'x'.repeat(99)}…`);
    expect(mediaTitle({ title: null, text: '  ' })).toBe('Video');
  });
});
