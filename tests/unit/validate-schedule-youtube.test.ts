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
});
