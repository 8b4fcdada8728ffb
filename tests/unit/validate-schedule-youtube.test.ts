import { describe, expect, it } from 'vitest';
import { contentProblems } from '../../electron/core/scheduling/validate-schedule';

// YouTube publishes now: scheduling accepts it, and a video without a title is refused before
// scheduling (the adapter would refuse it at publish time, later and less visibly).

const connected = () => ({ id: 'c1', state: 'connected' as const });

describe('scheduling a YouTube post', () => {
  it('is accepted with a title', () => {
    expect(contentProblems({ body: 'How we shape a loaf', targets: [{ platform: 'youtube', text_override: null, title: 'Shaping a loaf' }] }, connected)).toEqual([]);
  });

  it('without a title says so, beside YouTube', () => {
    expect(contentProblems({ body: 'How we shape a loaf', targets: [{ platform: 'youtube', text_override: null, title: '  ' }] }, connected)).toEqual([
      { platform: 'youtube', message: 'The YouTube video has no title. Give it a title (up to 100 characters), or remove YouTube.' },
    ]);
  });

  it('with its video attached, says a missing or too long title once', () => {
    const video = { id: '6f1d2c1e-8a4b-4c2d-9e3f-0a1b2c3d4e5f', kind: 'video' as const, format: 'mp4' as const, bytes: 2_000_000, width: 1920, height: 1080, durationSeconds: 30 };
    const check = (title: string) =>
      contentProblems({ body: 'How we shape a loaf', targets: [{ platform: 'youtube', text_override: null, title }], media: [video] }, connected).map((p) => p.message);
    expect(check('')).toEqual(['The YouTube video has no title. Give it a title (up to 100 characters), or remove YouTube.']);
    expect(check('a'.repeat(101))).toEqual(['The YouTube title is 101 characters; YouTube allows 100. Shorten it by 1.']);
  });
});
