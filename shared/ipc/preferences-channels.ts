import { z } from 'zod';
import { event, invoke } from './define';
import { usualSleepSchema } from './scheduling-channels';

/**
 * The owner's switches in Settings. Stored in SQLite (so they travel with backups and work in
 * the browser host); every domain that honours one listens to `preferences.changed`.
 */
export const preferencesSchema = z.strictObject({
  /** Desktop notifications for published, failed, needs-reconnect and missed posts. */
  notificationsEnabled: z.boolean(),
  /** Download updates by themselves; off means "tell me, I will download". */
  autoDownloadUpdates: z.boolean(),
  /** Start AgencyIQ (in the tray) when the owner logs in to the computer. */
  startAtLogin: z.boolean(),
  /**
   * A scheduled post whose time passed more than this many minutes ago (the computer was off or
   * asleep) is not sent late: it is listed as missed and waits for the owner's choice.
   */
  missedAfterMinutes: z.number().int().min(1).max(24 * 60),
  /**
   * Read the numbers of X posts for Results. Off until the owner turns it on: X charges for
   * every read (pay-per-use), so the switch says so beside it.
   */
  collectXResults: z.boolean(),
  /**
   * "Add to next free slot" takes a queue time in one of the suggested best hours of the post's
   * networks when one is free within a week of the soonest free time (Results → Best times).
   */
  nextSlotPrefersBestTimes: z.boolean(),
  /**
   * "This computer usually sleeps between …": posts due then are marked as likely to be missed.
   * Null until the owner says (the app's own record of when it ran still warns).
   */
  usualSleep: usualSleepSchema.nullable(),
});
export type Preferences = z.infer<typeof preferencesSchema>;

/**
 * The installed app's defaults. Scheduled posts go out only while AgencyIQ runs on this computer,
 * so it starts at login (in the tray) and tells the owner what happened, unless they say otherwise.
 */
export const DEFAULT_PREFERENCES: Preferences = {
  notificationsEnabled: true,
  autoDownloadUpdates: true,
  startAtLogin: true,
  missedAfterMinutes: 15,
  collectXResults: false,
  nextSlotPrefersBestTimes: false,
  usualSleep: null,
};

/** The defaults for a host: the browser host cannot start with the computer, so it does not claim to. */
export function defaultPreferences(host: 'electron' | 'browser'): Preferences {
  return host === 'electron' ? DEFAULT_PREFERENCES : { ...DEFAULT_PREFERENCES, startAtLogin: false };
}

export const preferencesChannels = {
  'preferences.get': invoke(z.strictObject({}), preferencesSchema),
  /** Changes only the switches given; answers with all of them. */
  'preferences.update': invoke(preferencesSchema.partial(), preferencesSchema),
};

export const preferencesEvents = {
  'preferences.changed': event(preferencesSchema),
};
