import type { Platform } from '../domain/platform';

/** The numbers the Results page knows (the core's `MetricName`); each network maps its own onto these. */
export const METRIC_NAMES = ['impressions', 'reach', 'engagements', 'likes', 'comments', 'shares', 'clicks', 'saves', 'views'] as const;
export type Metric = (typeof METRIC_NAMES)[number];

export const METRIC_LABELS: Record<Metric, string> = {
  impressions: 'Impressions',
  reach: 'Reach',
  engagements: 'Engagements',
  likes: 'Likes',
  comments: 'Comments',
  shares: 'Shares',
  clicks: 'Clicks',
  saves: 'Saves',
  views: 'Views',
};

export interface MetricSource {
  /** Where the numbers come from, in the owner's words. */
  summary: string;
  /** Which of the network's own figures each of our numbers is; a number absent here is one the network does not give. */
  fields: Partial<Record<Metric, string>>;
}

/**
 * Where each network's numbers come from (docs/platform-apis.md, "Results"), shown beside a
 * post's numbers so the owner can tell what a figure means. X and Facebook are the readers that
 * exist (`electron/core/results/x-metrics-reader.ts`, `facebook-insights-reader.ts`); the others
 * name their endpoint until their readers say which figure is which.
 */
export const METRIC_SOURCES: Record<Platform, MetricSource> = {
  x: {
    summary: 'X’s public post metrics (public_metrics), read with your X sign-in.',
    fields: {
      impressions: 'impression_count',
      likes: 'like_count',
      comments: 'reply_count',
      shares: 'retweet_count + quote_count',
      saves: 'bookmark_count',
      engagements: 'likes + replies + reposts + quotes + bookmarks',
    },
  },
  facebook: {
    summary: 'Facebook Page post insights, read with your Page’s sign-in; Facebook updates them about once a day.',
    fields: {
      impressions: 'post_media_view (views)',
      reach: 'post_total_media_view_unique',
      likes: 'post_reactions_by_type_total (all reactions)',
      clicks: 'post_clicks',
      engagements: 'reactions + clicks',
    },
  },
  instagram: { summary: 'Instagram media insights, read with your Instagram business sign-in.', fields: {} },
  linkedin: { summary: 'LinkedIn post statistics (organisation posts) or social actions (member posts); member posts have no impressions.', fields: {} },
  youtube: { summary: 'YouTube video statistics.', fields: {} },
};
