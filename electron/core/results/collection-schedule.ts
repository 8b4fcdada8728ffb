/**
 * When a published post's numbers are read again (issue 17): about 1 hour, 24 hours, 3 days and
 * 7 days after publishing, then weekly until 90 days. Pure, so the schedule is one table.
 */
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const WEEK = 7 * DAY;
export const COLLECTION_HORIZON_MS = 90 * DAY;

/** The offsets after publishing, in order: 1 h, 24 h, 3 d, 7 d, 14 d, 21 d, … ≤ 90 d. */
export const COLLECTION_OFFSETS_MS: readonly number[] = (() => {
  const offsets = [HOUR, DAY, 3 * DAY, WEEK];
  for (let at = 2 * WEEK; at <= COLLECTION_HORIZON_MS; at += WEEK) offsets.push(at);
  return offsets;
})();

/** How many scheduled instants lie at or before `now`. */
export function collectionsDueBy(publishedAt: number, now: number): number {
  return COLLECTION_OFFSETS_MS.filter((offset) => publishedAt + offset <= now).length;
}

/**
 * When a target read at `now` is next due; null once its 90 days are over. A target read late
 * (the app was closed) skips the instants already past, so a post published long ago is read
 * once now, not once per missed instant.
 */
export function nextCollectionAt(publishedAt: number, now: number): number | null {
  const offset = COLLECTION_OFFSETS_MS[collectionsDueBy(publishedAt, now)];
  return offset === undefined ? null : publishedAt + offset;
}

/** Follower counts: once a day per connection. */
export const FOLLOWER_INTERVAL_MS = DAY;
