import { z } from 'zod';
import { platformSchema } from '../domain/platform';
import { invoke } from './define';

const count = z.number().int().nonnegative();

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
});
export type ResultsOverview = z.infer<typeof resultsOverviewSchema>;

export const resultsChannels = {
  /** The Results page: one period [from, to) in ms; at most a year. */
  'results.overview': invoke(
    z
      .strictObject({ from: z.number().int().nonnegative(), to: z.number().int().nonnegative() })
      .refine((period) => period.to > period.from && period.to - period.from <= 366 * 86_400_000, { message: 'The period must end after it starts and last at most a year' }),
    resultsOverviewSchema,
  ),
};
