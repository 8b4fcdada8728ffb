import { PLATFORM_LABELS } from '@shared/domain/platform';
import type { AppNotification, AppRoute } from '@shared/ipc/app-channels';
import type { Logger } from '../ports/logger';
import type { Notifier } from '../ports/notifier';
import type { Happening } from './happening';

/** The screens notifications open: what happened to a post is on the Publishing page. */
export const NOTIFICATION_ROUTES = {
  publishing: '#/publishing' as AppRoute,
  connections: '#/connections' as AppRoute,
};

const MAX_REASON = 300;

/** The words and the screen for one happening. Pure, so every case is tested without a notifier. */
export function describeHappening(happening: Happening): AppNotification {
  switch (happening.kind) {
    case 'published': {
      const where = PLATFORM_LABELS[happening.platform];
      return {
        title: `Posted to ${where}`,
        body: happening.postUrl ? `Your post is live on ${where}: ${happening.postUrl}` : `Your post is live on ${where}.`,
        route: NOTIFICATION_ROUTES.publishing,
      };
    }
    case 'failed': {
      const reason = happening.reason.length > MAX_REASON ? `${happening.reason.slice(0, MAX_REASON - 1)}…` : happening.reason;
      return {
        title: `Not posted to ${PLATFORM_LABELS[happening.platform]}`,
        body: reason,
        route: NOTIFICATION_ROUTES.publishing,
      };
    }
    case 'needs-check': {
      const where = PLATFORM_LABELS[happening.platform];
      return {
        title: `Check your post on ${where}`,
        body: `${where} did not answer, so AgencyIQ cannot tell whether the post went out. It will not send it again by itself: check ${where}, then tell AgencyIQ what happened.`,
        route: NOTIFICATION_ROUTES.publishing,
      };
    }
    case 'needs-reconnect':
      return {
        title: `Reconnect ${PLATFORM_LABELS[happening.platform]}`,
        body: `AgencyIQ can no longer post as ${happening.accountName}. Connect the account again to keep posting.`,
        route: NOTIFICATION_ROUTES.connections,
      };
    case 'missed':
      return {
        title: happening.count === 1 ? 'A post was missed' : `${happening.count} posts were missed`,
        body:
          happening.count === 1
            ? 'Its time passed while AgencyIQ was not running, so it was not sent. Choose what to do with it.'
            : 'Their time passed while AgencyIQ was not running, so they were not sent. Choose what to do with them.',
        route: NOTIFICATION_ROUTES.publishing,
      };
  }
}

/**
 * Turns the domains' happenings into notifications, when the owner has them switched on
 * (read at each happening, so a change in Settings applies at once). Never throws: a
 * notification that cannot be shown is logged, and publishing carries on.
 */
export function createNotificationRouter(options: {
  notifier: Notifier;
  notificationsEnabled: () => Promise<boolean>;
  logger: Logger;
}): (happening: Happening) => Promise<void> {
  return async (happening) => {
    try {
      if (!(await options.notificationsEnabled())) return;
      options.notifier.show(describeHappening(happening));
    } catch (error) {
      options.logger.warn('A notification could not be shown', {
        kind: happening.kind,
        error: error instanceof Error ? error.message : String(error),
      });
    }
  };
}
