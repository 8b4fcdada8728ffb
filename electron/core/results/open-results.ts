import { createResultsHandlers } from './results-handlers';
import type { Database } from '../db/schema';
import type { EventHub } from '../events/event-hub';
import { readPublishConfig } from '../platforms/platform-adapters';
import type { Clock } from '../ports/clock';
import type { HttpClient } from '../ports/http-client';
import type { Logger } from '../ports/logger';
import type { PublishingActivity } from '../ports/publishing-activity';
import type { Timers } from '../ports/timers';
import type { PublishingTokens } from '../publishing/publishing-engine';
import { MetricsCollector } from './metrics-collector';
import { readFacebookFollowers, readFacebookInsights } from './facebook-insights-reader';
import { readInstagramFollowers, readInstagramInsights } from './instagram-insights-reader';
import { LINKEDIN_IDS_PER_REQUEST, linkedInGroupOf, readLinkedInFollowers, readLinkedInStatistics } from './linkedin-stats-reader';
import { readXFollowers, readXMetrics, X_IDS_PER_REQUEST } from './x-metrics-reader';
import { readYouTubeStatistics, readYouTubeSubscribers, YOUTUBE_IDS_PER_REQUEST } from './youtube-stats-reader';

export interface ResultsDomain {
  handlers: ReturnType<typeof createResultsHandlers>;
  collector: MetricsCollector;
  start(): void;
  close(): Promise<void>;
}

/**
 * Wires the Results collector: one reader per network on the API hosts publishing uses
 * (`AGENCYIQ_PUBLISH_<NETWORK>_URL`; Instagram and YouTube have their own keys as nothing
 * publishes there yet), the connections' tokens, publishing's activity, and the owner's X
 * switch. A published post or a changed switch wakes it.
 */
export function openResults(deps: {
  db: Database;
  clock: Clock;
  timers: Timers;
  logger: Logger;
  http: HttpClient;
  env: Readonly<Record<string, string | undefined>>;
  allowDevOverrides: boolean;
  events: EventHub;
  tokens: PublishingTokens;
  publishing: PublishingActivity;
  collectX(): Promise<boolean>;
  /** The business's IANA zone, in which the Results page groups by weekday and hour. */
  timeZone(): Promise<string>;
}): ResultsDomain {
  const config = readPublishConfig(deps);
  const { http, clock } = deps;
  const xUrl = config.AGENCYIQ_PUBLISH_X_URL;
  const graphUrl = config.AGENCYIQ_PUBLISH_FACEBOOK_URL;
  const instagramUrl = config.AGENCYIQ_PUBLISH_INSTAGRAM_URL;
  const linkedInUrl = config.AGENCYIQ_PUBLISH_LINKEDIN_URL;
  const youTubeUrl = config.AGENCYIQ_PUBLISH_YOUTUBE_URL;
  const collector = new MetricsCollector({
    database: deps.db,
    clock: deps.clock,
    timers: deps.timers,
    logger: deps.logger,
    readers: {
      x: { idsPerRequest: X_IDS_PER_REQUEST, read: (token, ids) => readXMetrics(http, xUrl, token, ids), followers: (token) => readXFollowers(http, xUrl, token) },
      facebook: {
        idsPerRequest: 1,
        read: (token, ids) => readFacebookInsights(http, graphUrl, clock, token, ids),
        followers: (token, account) => readFacebookFollowers(http, graphUrl, clock, token, account.accountId),
      },
      instagram: {
        idsPerRequest: 1,
        read: (token, ids) => readInstagramInsights(http, instagramUrl, clock, token, ids),
        followers: (token, account) => readInstagramFollowers(http, instagramUrl, clock, token, account.accountId),
      },
      linkedin: {
        idsPerRequest: LINKEDIN_IDS_PER_REQUEST,
        groupOf: linkedInGroupOf,
        read: (token, ids, context) => readLinkedInStatistics(http, linkedInUrl, clock, token, ids, context),
        followers: (token, account) => readLinkedInFollowers(http, linkedInUrl, clock, token, account),
      },
      youtube: {
        idsPerRequest: YOUTUBE_IDS_PER_REQUEST,
        read: (token, ids) => readYouTubeStatistics(http, youTubeUrl, clock, token, ids),
        followers: (token) => readYouTubeSubscribers(http, youTubeUrl, clock, token),
      },
    },
    tokens: deps.tokens,
    publishing: deps.publishing,
    collectX: deps.collectX,
  });
  const unsubscribe = deps.events.subscribe(({ event }) => {
    if (event === 'publishing.target-changed' || event === 'preferences.changed') collector.wake();
  });
  return {
    handlers: createResultsHandlers({ db: deps.db, timeZone: deps.timeZone, collectX: deps.collectX }),
    collector,
    start: () => collector.start(),
    close: async () => {
      unsubscribe();
      await collector.stop();
    },
  };
}
