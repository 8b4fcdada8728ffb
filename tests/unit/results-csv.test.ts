import { describe, expect, it } from 'vitest';
import type { ResultsOverview } from '@shared/ipc/results-channels';
import { resultsCsv } from '@shared/results/results-csv';

// The owner's export: every number the page shows, "not available" where a network gave none
// (never 0), and post text that cannot run as a spreadsheet formula or break a row.

const overview: ResultsOverview = {
  from: 0,
  to: 1,
  timeZone: 'Australia/Brisbane',
  networks: [
    { platform: 'x', postsPublished: 3, postsWithNumbers: 3, impressions: 1200, engagements: 48, engagementRate: 0.04, unavailable: [] },
    { platform: 'linkedin', postsPublished: 2, postsWithNumbers: 0, impressions: null, engagements: null, engagementRate: null, unavailable: [{ reason: 'not_permitted', posts: 2 }] },
  ],
  topPosts: [{ targetId: 't1', platform: 'x', excerpt: '=HYPERLINK("http://evil")', url: 'https://x.com/i/web/status/1', publishedAt: 5, impressions: 600, engagements: 30 }],
  bestTimes: [],
  followers: [],
};

describe('results CSV', () => {
  it('has a row per network with "not available" for missing numbers, and defuses formulas in post text', () => {
    const lines = resultsCsv(overview, () => 'Tue 3 Dec, 9:00 am').split('\r\n');
    expect(lines[0]).toBe('network,posts published,posts with numbers,impressions,engagements,engagement rate %');
    expect(lines[1]).toBe('X,3,3,1200,48,4');
    expect(lines[2]).toBe('LinkedIn,2,0,not available,not available,not available');
    expect(lines[5]).toBe(`"'=HYPERLINK(""http://evil"")",X,"Tue 3 Dec, 9:00 am",600,30,https://x.com/i/web/status/1`);
  });
});
