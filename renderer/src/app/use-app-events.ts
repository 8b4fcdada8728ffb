import { useCallback, useEffect, useRef, useState } from 'react';
import type { AppNotification } from '@shared/ipc/app-channels';
import { call, subscribe } from '../ipc/client';
import type { ToastContent } from '../ui/Toast';

/**
 * The app-wide events: go to the screen a notification or a deep link asks for, reload every
 * screen's data after a restore, and (browser host) show notifications as toasts.
 */
export function useAppEvents(): { toast: ToastContent | null; closeToast: () => void } {
  const [toast, setToast] = useState<ToastContent | null>(null);
  const count = useRef(0);

  useEffect(() => {
    const go = (route: string) => {
      window.location.hash = route;
    };
    const show = (notification: AppNotification) => {
      // The screen it would open is the one on show: its card is already there (kept current by
      // the contract's events), so the toast would only say it twice.
      if (window.location.hash === notification.route) return;
      setToast({
        id: ++count.current,
        message: `${notification.title}. ${notification.body}`,
        action: { label: 'Open', run: () => go(notification.route) },
      });
    };
    const stops = [
      subscribe('app.navigate', ({ route }) => go(route)),
      subscribe('app.notification', show),
      // The database under every screen was replaced; the simplest true picture is a fresh load.
      subscribe('backups.restored', () => window.location.reload()),
    ];
    // Only now can a deep link's screen change be heard: the app holds links until this arrives.
    call('app.rendererReady', {}).catch(() => {
      // Not answered (the app is closing): the links it holds are for a page that is going away.
    });
    return () => stops.forEach((stop) => stop());
  }, []);

  const closeToast = useCallback(() => setToast(null), []);
  return { toast, closeToast };
}
