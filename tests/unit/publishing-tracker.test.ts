import { describe, expect, it } from 'vitest';
import { PublishingTracker } from '../../electron/core/publishing/publishing-tracker';

describe('PublishingTracker', () => {
  it('is idle until the engine begins a publish', () => {
    expect(new PublishingTracker().isPublishing()).toBe(false);
  });

  it('stays publishing until every overlapping publish ended, announcing only the edges', () => {
    const tracker = new PublishingTracker();
    const changes: boolean[] = [];
    tracker.onChange((publishing) => changes.push(publishing));
    const first = tracker.begin();
    const second = tracker.begin();
    first();
    expect(tracker.isPublishing()).toBe(true);
    second();
    expect(tracker.isPublishing()).toBe(false);
    expect(changes).toEqual([true, false]);
  });

  it('ignores ending the same publish twice', () => {
    const tracker = new PublishingTracker();
    const first = tracker.begin();
    const second = tracker.begin();
    first();
    first();
    expect(tracker.isPublishing()).toBe(true);
    second();
    expect(tracker.isPublishing()).toBe(false);
  });

  it('lets a listener unsubscribe, even from inside its own call', () => {
    const tracker = new PublishingTracker();
    const seen: boolean[] = [];
    const unsubscribe = tracker.onChange((publishing) => {
      seen.push(publishing);
      unsubscribe();
    });
    tracker.begin()();
    expect(seen).toEqual([true]);
  });
});
