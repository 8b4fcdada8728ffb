import { describe, expect, it } from 'vitest';
import { targetStateLabel } from '../../renderer/src/scheduling/post-wording';

// A private YouTube video is "published" to YouTube, yet nobody but the owner can watch it: the
// publishing page must not let it read as live.
describe('targetStateLabel', () => {
  it('says who can watch a published YouTube video unless it is public', () => {
    expect(targetStateLabel({ state: 'published', audience: 'private' })).toBe('Published (private: only you can watch it)');
    expect(targetStateLabel({ state: 'published', audience: 'unlisted' })).toBe('Published (unlisted: anyone with the link can watch it)');
    expect(targetStateLabel({ state: 'published', audience: 'public' })).toBe('Published');
  });

  it('keeps the plain state for other networks and before publishing', () => {
    expect(targetStateLabel({ state: 'published', audience: null })).toBe('Published');
    expect(targetStateLabel({ state: 'scheduled', audience: 'private' })).toBe('Scheduled');
    expect(targetStateLabel({ state: 'publishing', audience: 'private' })).toBe('Publishing now…');
  });
});
