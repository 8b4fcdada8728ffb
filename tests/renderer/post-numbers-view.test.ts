import { describe, expect, it } from 'vitest';
import { chartedMetric, numberColumns, timeAfterPublishing } from '../../renderer/src/results/post-numbers-view';

describe("a post's numbers over time: layout", () => {
  it('shows every number the network gives, even one it has not given yet, and any it gave besides', () => {
    expect(numberColumns({ platform: 'x', snapshots: [{ collectedAt: 1, values: { likes: 2 } }] })).toEqual(['impressions', 'engagements', 'likes', 'comments', 'shares', 'saves']);
    expect(numberColumns({ platform: 'youtube', snapshots: [{ collectedAt: 1, values: { views: 40, likes: 3 } }] })).toEqual(['likes', 'views']);
  });

  it('charts impressions when a read has them, otherwise engagements, otherwise the first number given', () => {
    expect(chartedMetric({ snapshots: [{ collectedAt: 1, values: { likes: 2, engagements: 3 } }, { collectedAt: 2, values: { impressions: 9 } }] }, ['likes'])).toBe('impressions');
    expect(chartedMetric({ snapshots: [{ collectedAt: 1, values: { likes: 2, engagements: 3 } }] }, ['likes'])).toBe('engagements');
    expect(chartedMetric({ snapshots: [{ collectedAt: 1, values: { views: 40 } }] }, ['likes', 'views'])).toBe('views');
    expect(chartedMetric({ snapshots: [] }, ['likes'])).toBeNull();
  });

  it('names each read by its time after publishing', () => {
    const hour = 3_600_000;
    expect([hour, 5 * hour, 26 * hour, 7 * 24 * hour].map((at) => timeAfterPublishing(0, at))).toEqual(['1 hour after', '5 hours after', '1 day after', '7 days after']);
  });
});
