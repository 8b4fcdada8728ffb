import { describe, expect, it } from 'vitest';
import { PLATFORMS, type Platform } from '@shared/domain/platform';
import { countPlatformText, PLATFORM_TEXT_LIMITS } from '@shared/platforms/limits';

// The compose screen shows one counter per platform field and flags it when over. These are
// the documented limits the owner's text is checked against before anything is published.

function field(platform: Platform, name: 'text' | 'title', fields: { text: string; title: string }) {
  const found = countPlatformText(platform, fields).find((count) => count.field === name);
  if (!found) throw new Error(`${platform} has no ${name} limit`);
  return found;
}

describe('platform text limits', () => {
  it('declares limits for every platform', () => {
    for (const platform of PLATFORMS) {
      expect(PLATFORM_TEXT_LIMITS[platform].length).toBeGreaterThan(0);
    }
  });

  it.each([
    ['linkedin', 3_000],
    ['instagram', 2_200],
    ['facebook', 63_206],
    ['x', 280],
  ] as const)('%s allows exactly %i characters and flags one more', (platform, max) => {
    const atLimit = field(platform, 'text', { text: 'a'.repeat(max), title: '' });
    expect(atLimit).toMatchObject({ used: max, max, over: false });
    const overLimit = field(platform, 'text', { text: 'a'.repeat(max + 1), title: '' });
    expect(overLimit).toMatchObject({ used: max + 1, max, over: true });
  });

  it('checks a YouTube title against 100 and its description against 5,000, separately', () => {
    const ok = countPlatformText('youtube', { title: 't'.repeat(100), text: 'd'.repeat(5_000) });
    expect(ok).toEqual([
      { field: 'title', label: 'Title', used: 100, max: 100, over: false },
      { field: 'text', label: 'Description', used: 5_000, max: 5_000, over: false },
    ]);
    expect(field('youtube', 'title', { title: 't'.repeat(101), text: '' }).over).toBe(true);
    expect(field('youtube', 'text', { title: 't'.repeat(101), text: '' }).over).toBe(false);
    expect(field('youtube', 'text', { title: '', text: 'd'.repeat(5_001) }).over).toBe(true);
    expect(field('youtube', 'title', { title: '', text: 'd'.repeat(5_001) }).over).toBe(false);
  });

  it('ignores the title on platforms without one', () => {
    for (const platform of ['facebook', 'instagram', 'linkedin', 'x'] as const) {
      const counts = countPlatformText(platform, { text: 'hi', title: 't'.repeat(10_000) });
      expect(counts.map((c) => c.field)).toEqual(['text']);
      expect(counts[0]?.over).toBe(false);
    }
  });

  it('counts characters, not UTF-16 units, outside X', () => {
    // U+1F600 is two UTF-16 code units but one character.
    const emoji = '😀'.repeat(2_200);
    expect(emoji.length).toBe(4_400);
    expect(field('instagram', 'text', { text: emoji, title: '' })).toMatchObject({ used: 2_200, over: false });
    expect(field('linkedin', 'text', { text: '𝒜'.repeat(3_000), title: '' })).toMatchObject({ used: 3_000, over: false });
  });

  it('does not count a URL as 23 outside X', () => {
    const url = `https://example.com/${'a'.repeat(100)}`;
    expect(field('linkedin', 'text', { text: url, title: '' }).used).toBe(url.length);
    expect(field('x', 'text', { text: url, title: '' }).used).toBe(23);
  });

  it('counts empty text as zero and never over', () => {
    for (const platform of PLATFORMS) {
      for (const count of countPlatformText(platform, { text: '', title: '' })) {
        expect(count).toMatchObject({ used: 0, over: false });
      }
    }
  });
});
