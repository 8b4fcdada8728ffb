import type { AppInfo } from '@shared/ipc/app-channels';

/**
 * The sentence beside every scheduling confirmation. A desktop scheduler posts only while it
 * runs, so the owner is told plainly when it must be running — and, truthfully for this
 * computer, what will make that so.
 */
export function runningReminder({ host, startAtLogin, at }: { host: AppInfo['host']; startAtLogin: boolean; at: string }): string {
  const needs = `AgencyIQ needs to be running on this computer at ${at}`;
  if (host === 'browser') return `${needs} — keep it running until then; nothing goes out while it is stopped.`;
  if (startAtLogin) return `${needs} — it starts with your computer and waits in the tray.`;
  return `${needs} — leave it open in the tray, or turn on “Start AgencyIQ when I log in” in Settings.`;
}
