// Plain Node: no Electron here, so the tray's words are tested under Node.
import type { BackgroundStatus } from '../core/open-core';

const DAY_MS = 24 * 60 * 60 * 1000;

function calendarDay(ms: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-AU', { timeZone, year: 'numeric', month: 'numeric', day: 'numeric' }).formatToParts(ms);
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return Date.UTC(part('year'), part('month') - 1, part('day')) / DAY_MS;
}

/**
 * The tray's one line: "Publishing…", "No posts scheduled", or when the next post goes out in
 * the business's time zone — "Next post 3:00 pm" (today), "Next post tomorrow 9:30 am",
 * "Next post Tue 3:00 pm" (this week), "Next post 4 Dec, 3:00 pm" (later). A post already due
 * but not yet started says so rather than showing a time in the past.
 */
export function trayStatusText(status: BackgroundStatus, now: number): string {
  if (status.publishing) return 'Publishing…';
  const at = status.nextScheduledAt;
  if (at === null) return 'No posts scheduled';
  if (at <= now) return 'Next post is due now';
  const zone = status.timeZone;
  const time = new Intl.DateTimeFormat('en-AU', { timeZone: zone, hour: 'numeric', minute: '2-digit' }).format(at);
  const days = calendarDay(at, zone) - calendarDay(now, zone);
  if (days === 0) return `Next post ${time}`;
  if (days === 1) return `Next post tomorrow ${time}`;
  if (days < 7) return `Next post ${new Intl.DateTimeFormat('en-AU', { timeZone: zone, weekday: 'short' }).format(at)} ${time}`;
  return `Next post ${new Intl.DateTimeFormat('en-AU', { timeZone: zone, day: 'numeric', month: 'short' }).format(at)}, ${time}`;
}

/** "1 post needs you", "3 posts need you", or null when nothing does. */
export function trayAttentionText(count: number): string | null {
  if (count <= 0) return null;
  return count === 1 ? '1 post needs you' : `${count} posts need you`;
}

/** The count beside the icon (macOS menu bar title; the taskbar/dock badge elsewhere): '' for none. */
export function trayBadge(count: number): string {
  if (count <= 0) return '';
  return count > 99 ? '99+' : String(count);
}

/** One entry of the tray's menu; the glue maps `action` to what it does. */
export type TrayMenuItem =
  | { kind: 'action'; label: string; action: 'open' | 'quit' }
  | { kind: 'status'; label: string }
  | { kind: 'separator' };

/** Open AgencyIQ, what needs the owner (opens the window too), the status line (not clickable), Quit. */
export function trayMenuModel(statusText: string, attentionText: string | null = null): TrayMenuItem[] {
  return [
    { kind: 'action', label: 'Open AgencyIQ', action: 'open' },
    ...(attentionText === null ? [] : [{ kind: 'action', label: attentionText, action: 'open' } as const]),
    { kind: 'status', label: statusText },
    { kind: 'separator' },
    { kind: 'action', label: 'Quit AgencyIQ', action: 'quit' },
  ];
}

/** The tray icon's tooltip. */
export function trayTooltip(statusText: string, attentionText: string | null = null): string {
  return attentionText === null ? `AgencyIQ — ${statusText}` : `AgencyIQ — ${attentionText} · ${statusText}`;
}
