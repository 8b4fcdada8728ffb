import { z } from 'zod';
import { event, invoke } from './define';

export const appInfoSchema = z.strictObject({
  version: z.string(),
  schemaVersion: z.number().int(),
  host: z.enum(['electron', 'browser']),
  /** Started by `npm run sandbox`: every remote service is a local stand-in; the window says so. */
  sandbox: z.boolean(),
});
export type AppInfo = z.infer<typeof appInfoSchema>;

/**
 * A screen of the app as a hash route (`#/compose`, `#/compose/<id>`, `#/settings`). Narrow on
 * purpose: whatever sends one (a notification, a deep link) can only pick a screen, never a URL.
 */
export const appRouteSchema = z.string().regex(/^#\/[a-z0-9/-]{0,120}$/);
export type AppRoute = z.infer<typeof appRouteSchema>;

/** One notification, as the Notifier port and the browser host's in-window toast show it. */
export const appNotificationSchema = z.strictObject({
  title: z.string().max(200),
  body: z.string().max(1000),
  /** The screen clicking it opens. */
  route: appRouteSchema,
});
export type AppNotification = z.infer<typeof appNotificationSchema>;

export const appChannels = {
  'app.info': invoke(z.strictObject({}), appInfoSchema),
  /**
   * The page says it is listening: sent once its app-wide subscriptions (`app.navigate`, …) exist,
   * after every load. Deep links that reach a window still loading wait for it.
   */
  'app.rendererReady': invoke(z.strictObject({}), z.strictObject({})),
};

export const appEvents = {
  /** Show this screen (a clicked notification, an `agencyiq://compose` or `…/drafts/<id>` link). */
  'app.navigate': event(z.strictObject({ route: appRouteSchema })),
  /** A notification for hosts without OS notifications (browser host): shown as a toast. */
  'app.notification': event(appNotificationSchema),
};
