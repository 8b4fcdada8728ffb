/**
 * When the owner takes a scheduled post back to edit it, the time it had is kept for this
 * session, so Compose can offer "Schedule again for Tue 3 Dec, 3:00 pm".
 */
const KEY = 'agencyiq.previous-schedule.';

export interface WallTime {
  date: string;
  time: string;
}

export function rememberPreviousSchedule(postId: string, when: WallTime): void {
  try {
    sessionStorage.setItem(KEY + postId, JSON.stringify(when));
  } catch {
    // Storage full or refused: the owner simply picks the time again.
  }
}

export function previousSchedule(postId: string): WallTime | null {
  try {
    const raw = sessionStorage.getItem(KEY + postId);
    if (raw === null) return null;
    const value = JSON.parse(raw) as Partial<WallTime>;
    return typeof value.date === 'string' && typeof value.time === 'string' ? { date: value.date, time: value.time } : null;
  } catch {
    return null;
  }
}

export function forgetPreviousSchedule(postId: string): void {
  try {
    sessionStorage.removeItem(KEY + postId);
  } catch {
    // Nothing to forget.
  }
}
