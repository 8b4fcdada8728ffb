/** What the publish bench's seeding child and the bench agree on. */

/** The key the bench's data folder is sealed with (bench data only; never a real secret). */
export const BENCH_SECRET_KEY = Buffer.alloc(32, 11);
/** The platforms the due targets go to, round-robin. */
export const PUBLISH_BENCH_PLATFORMS = ['facebook', 'linkedin', 'x'] as const;
