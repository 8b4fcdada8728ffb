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
import { readFacebookInsights } from './facebook-insights-reader';
import { readXMetrics, X_IDS_PER_REQUEST } from './x-metrics-reader';

export interface ResultsDomain {
  handlers: ReturnType<typeof createResultsHandlers>;
  collector: MetricsCollector;
  start(): void;
  close(): Promise<void>;
}

/**
 * Wires the Results collector: X's and Facebook's readers on the API hosts publishing uses
 * (`AGENCYIQ_PUBLISH_X_URL`, `AGENCYIQ_PUBLISH_FACEBOOK_URL`), the connections' tokens, publishing's activity, and the owner's
 * X switch. A published post or a changed switch wakes it.
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
  const xUrl = config.AGENCYIQ_PUBLISH_X_URL;
  const graphUrl = config.AGENCYIQ_PUBLISH_FACEBOOK_URL;
  const collector = new MetricsCollector({
    database: deps.db,
    clock: deps.clock,
    timers: deps.timers,
    logger: deps.logger,
    readers: {
      x: { idsPerRequest: X_IDS_PER_REQUEST, read: (token, ids) => readXMetrics(deps.http, xUrl, token, ids) },
      facebook: { idsPerRequest: 1, read: (token, ids) => readFacebookInsights(deps.http, graphUrl, deps.clock, token, ids) },
    },
    tokens: deps.tokens,
    publishing: deps.publishing,
    collectX: deps.collectX,
  });
  const unsubscribe = deps.events.subscribe(({ event }) => {
    if (event === 'publishing.target-changed' || event === 'preferences.changed') collector.wake();
  });
  return {
    handlers: createResultsHandlers({ db: deps.db, timeZone: deps.timeZone }),
    collector,
    start: () => collector.start(),
    close: async () => {
      unsubscribe();
      await collector.stop();
    },
  };
}
