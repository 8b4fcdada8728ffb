import { z } from 'zod';
import { platformSchema } from '../domain/platform';
import { METRIC_NAMES } from '../results/metric-sources';
import { invoke } from './define';

const count = z.number().int().nonnegative();

/**
 * Why a network gave no number: no permission for the app (the owner may reconnect to grant it),
 * too few viewers yet (Instagram's privacy threshold), no data yet, the post is gone, or the
 * network gives no impressions for such posts at all (a LinkedIn member's own posts).
 */
export const unavailableReasonSchema = z.enum(['not_permitted', 'too_few_viewers', 'no_data_yet', 'not_found', 'impressions_not_given']);
export type UnavailableReason = z.infer<typeof unavailableReasonSchema>;

/** One network over the period: what was published and what the network reported for it. */
export const networkResultsSchema = z.strictObject({
  platform: platformSchema,
  postsPublished: count,
  /** Posts the network has given numbers for; the totals below cover only these. */
  postsWithNumbers: count,
  /** Null: the network gave no such number for any post of the period (not available, never 0). */
  impressions: count.nullable(),
  engagements: count.nullable(),
  /** Engagements ÷ impressions over posts with both; null without both. */
  engagementRate: z.number().nonnegative().nullable(),
  /** Why some of the period's posts have no numbers (or no impressions), with how many: said, never shown as 0. */
  unavailable: z.array(z.strictObject({ reason: unavailableReasonSchema, posts: count })),
});

/** One connected account's follower count by day (UTC), oldest first, over the period. */
export const followersSeriesSchema = z.strictObject({
  connectionId: z.string(),
  platform: platformSchema,
  accountName: z.string(),
  points: z.array(z.strictObject({ day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/), followers: count })),
});

export const topPostSchema = z.strictObject({
  targetId: z.string(),
  platform: platformSchema,
  excerpt: z.string(),
  url: z.string().nullable(),
  publishedAt: z.number().int(),
  impressions: count.nullable(),
  engagements: count.nullable(),
});

const bestTimeCellSchema = z.strictObject({
  weekday: z.number().int().min(1).max(7),
  hour: z.number().int().min(0).max(23),
  posts: count,
  meanRate: z.number(),
  lowestRate: z.number(),
  highestRate: z.number(),
});

export const bestTimesSchema = z.discriminatedUnion('kind', [
  z.strictObject({ platform: platformSchema, kind: z.literal('needs_more_posts'), postsWithNumbers: count, needed: count }),
  z.strictObject({ platform: platformSchema, kind: z.literal('ready'), postsWithNumbers: count, cells: z.array(bestTimeCellSchema), suggestions: z.array(bestTimeCellSchema) }),
]);

export const resultsOverviewSchema = z.strictObject({
  from: z.number().int(),
  to: z.number().int(),
  timeZone: z.string(),
  networks: z.array(networkResultsSchema),
  topPosts: z.array(topPostSchema),
  bestTimes: z.array(bestTimesSchema),
  /** Followers over time per connected account (collected once a day where the network gives them). */
  followers: z.array(followersSeriesSchema),
});
export type ResultsOverview = z.infer<typeof resultsOverviewSchema>;

/** One read of a post's numbers: what the network gave at that moment (absent: not given). */
export const numbersSnapshotSchema = z.strictObject({
  collectedAt: z.number().int(),
  values: z.partialRecord(z.enum(METRIC_NAMES), count),
});

/**
 * Where collection of one published target stands: `collecting` (more reads to come), `done` (its
 * 90 days are over), `off` (X reads are off in Settings), `not_permitted` (the sign-in may not read
 * them), `gone` (the network no longer has the post), `waiting` (not read yet).
 */
export const postNumbersSchema = z.strictObject({
  targetId: z.string(),
  platform: platformSchema,
  publishedAt: z.number().int(),
  url: z.string().nullable(),
  status: z.enum(['waiting', 'collecting', 'done', 'off', 'not_permitted', 'gone']),
  nextReadAt: z.number().int().nullable(),
  /** Oldest first. */
  snapshots: z.array(numbersSnapshotSchema).max(200),
});
export type PostNumbers = z.infer<typeof postNumbersSchema>;

export const resultsChannels = {
  /** One published target's numbers over time (its Publishing entry); not_found for a target that was never published. */
  'results.post': invoke(z.strictObject({ targetId: z.string().min(1).max(64) }), postNumbersSchema),
  /** The Results page: one period [from, to) in ms; at most a year. */
  'results.overview': invoke(
    z
      .strictObject({ from: z.number().int().nonnegative(), to: z.number().int().nonnegative() })
      .refine((period) => period.to > period.from && period.to - period.from <= 366 * 86_400_000, { message: 'The period must end after it starts and last at most a year' }),
    resultsOverviewSchema,
  ),
};
