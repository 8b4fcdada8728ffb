import type { AppInfo } from '@shared/ipc/app-channels';
import type { Preferences } from '@shared/ipc/preferences-channels';

/** Remembered on this computer once the owner closes the notice; it is never shown again. */
const KEY = 'agencyiq.first-run-notice.dismissed';

/**
 * The one sentence a first run of the installed app says about its defaults, or null: nothing in
 * the browser (it cannot start with the computer), nothing once dismissed, and nothing that would
 * be untrue (the owner already turned starting at login off).
 */
export function firstRunSentence(host: AppInfo['host'], preferences: Preferences, dismissed: boolean): string | null {
  if (host !== 'electron' || dismissed || !preferences.startAtLogin) return null;
  const tells = preferences.notificationsEnabled ? ', waits in the tray and tells you how each post went' : ' and waits in the tray';
  return `AgencyIQ starts when you log in${tells}, so scheduled posts go out on time — you can change this in Settings.`;
}

export function firstRunNoticeDismissed(): boolean {
  try {
    return localStorage.getItem(KEY) === 'yes';
  } catch {
    return false;
  }
}

export function dismissFirstRunNotice(): void {
  try {
    localStorage.setItem(KEY, 'yes');
  } catch {
    // Storage refused: the notice comes back next time, which is harmless.
  }
}
