import { initialSchema } from './001-initial-schema';
import { deviceIdentityAndLicenceSync } from './002-device-identity-and-licence-sync';
import { connectionTargets } from './003-connection-targets';
import { licenceSeatsExceeded } from './004-licence-seats-exceeded';
import { publishingOutbox } from './005-publishing-outbox';
import { quotaCycles } from './006-quota-cycles';
import { outboxDueIndex } from './007-outbox-due-index';
import { draftListIndex } from './008-draft-list-index';
import { outboxLeavingMark } from './009-outbox-leaving-mark';
import { licenceIntegrity } from './010-licence-integrity';
import { mediaLibrary } from './011-media-library';
import { resultsMetrics } from './012-results-metrics';
import { publishMediaSteps } from './013-publish-media-steps';
import { metricScheduleLatestNumbers } from './014-metric-schedule-latest-numbers';
import { mediaDocuments } from './015-media-documents';
import { youtubePostSettings } from './016-youtube-post-settings';
import { dropPublishedTimeIndex } from './017-drop-published-time-index';
import type { Migration } from './migration';

/** Every migration, in order. Append only: a shipped migration is never edited. */
export const MIGRATIONS: readonly Migration[] = [
  initialSchema,
  deviceIdentityAndLicenceSync,
  connectionTargets,
  licenceSeatsExceeded,
  publishingOutbox,
  quotaCycles,
  outboxDueIndex,
  draftListIndex,
  outboxLeavingMark,
  licenceIntegrity,
  mediaLibrary,
  resultsMetrics,
  publishMediaSteps,
  metricScheduleLatestNumbers,
  mediaDocuments,
  youtubePostSettings,
  dropPublishedTimeIndex,
];
