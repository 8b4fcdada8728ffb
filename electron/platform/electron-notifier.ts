import { Notification } from 'electron';
import type { AppRoute } from '@shared/ipc/app-channels';
import type { Logger } from '../core/ports/logger';
import type { Notifier } from '../core/ports/notifier';

/**
 * The Notifier port over Electron's Notification. Clicking one calls `onClick` with its route
 * (main.ts brings the window forward and tells the renderer to go there). Notifications are
 * kept referenced until closed or clicked: a collected one loses its click handler.
 */
export function createElectronNotifier(options: { onClick: (route: AppRoute) => void; logger: Logger }): Notifier {
  const shown = new Set<Notification>();
  return {
    show: ({ title, body, route }) => {
      if (!Notification.isSupported()) {
        options.logger.info('Notifications are not supported here; one was not shown', { title });
        return;
      }
      const notification = new Notification({ title, body });
      shown.add(notification);
      notification.on('click', () => {
        shown.delete(notification);
        options.onClick(route);
      });
      notification.on('close', () => shown.delete(notification));
      notification.show();
    },
  };
}
