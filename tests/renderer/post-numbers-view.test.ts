import { describe, expect, it } from 'vitest';
import { chartedMetric, numberColumns, timeAfterPublishing } from '../../renderer/src/results/post-numbers-view';

describe("a post's numbers over time: layout", () => {
  it('shows every number the network gives, even one it has not given yet, and any it gave besides', () => {
    expect(numberColumns({ platform: 'x', snapshots: [{ collectedAt: 1, values: { likes: 2 } }] })).toEqual(['impressions', 'engagements', 'likes', 'comments', 'shares', 'saves']);
    expect(numberColumns({ platform: 'youtube', snapshots: [{ collectedAt: 1, values: { views: 40, likes: 3 } }] })).toEqual(['likes', 'views']);
  });

  it('charts impressions when two reads have them, otherwise engagements, otherwise the first number given twice; one point is no chart', () => {
    const read = (collectedAt: number, values: Record<string, number>) => ({ collectedAt, values });
    expect(chartedMetric({ snapshots: [read(1, { impressions: 4, engagements: 3 }), read(2, { impressions: 9 })] }, ['likes'])).toBe('impressions');
    expect(chartedMetric({ snapshots: [read(1, { likes: 2, engagements: 3 }), read(2, { impressions: 9, engagements: 5 })] }, ['likes'])).toBe('engagements');
    expect(chartedMetric({ snapshots: [read(1, { views: 40 }), read(2, { views: 60 })] }, ['likes', 'views'])).toBe('views');
    expect(chartedMetric({ snapshots: [read(1, { impressions: 4 })] }, ['likes'])).toBeNull();
    expect(chartedMetric({ snapshots: [] }, ['likes'])).toBeNull();
  });

  it('names each read by its time after publishing', () => {
    const hour = 3_600_000;
    expect([hour, 5 * hour, 26 * hour, 7 * 24 * hour].map((at) => timeAfterPublishing(0, at))).toEqual(['1 hour after', '5 hours after', '1 day after', '7 days after']);
  });
});
