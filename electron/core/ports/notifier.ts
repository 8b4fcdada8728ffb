import type { AppNotification } from '@shared/ipc/app-channels';

/**
 * Shows the owner a notification. Electron backs it with the OS's notifications (clicking one
 * brings the window forward on `route`); the browser host, which has none, shows a toast in
 * the window instead (`createInWindowNotifier`).
 */
export interface Notifier {
  show(notification: AppNotification): void;
}
