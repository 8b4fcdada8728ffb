import type { EventSink } from '../events/event-hub';
import type { Notifier } from '../ports/notifier';

/**
 * For hosts without OS notifications (the browser host): every open window shows the
 * notification as a toast, with a button to its screen.
 */
export function createInWindowNotifier(events: EventSink): Notifier {
  return { show: (notification) => events.emit('app.notification', notification) };
}
