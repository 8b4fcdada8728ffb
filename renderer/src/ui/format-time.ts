const clock = new Intl.DateTimeFormat('en-AU', { hour: 'numeric', minute: '2-digit' });
const dayMonth = new Intl.DateTimeFormat('en-AU', { day: 'numeric', month: 'short', year: 'numeric' });

/** "2:31 pm" in the computer's own time zone. */
export function formatClockTime(ms: number): string {
  return clock.format(ms);
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** "edited just now", "edited 5 min ago", "edited 3 hours ago", "edited 2 days ago", "edited 4 Mar 2026". */
export function formatEditedAgo(ms: number, now: number): string {
  const elapsed = Math.max(0, now - ms);
  if (elapsed < MINUTE) return 'edited just now';
  if (elapsed < HOUR) return `edited ${Math.floor(elapsed / MINUTE)} min ago`;
  if (elapsed < DAY) {
    const hours = Math.floor(elapsed / HOUR);
    return `edited ${hours} ${hours === 1 ? 'hour' : 'hours'} ago`;
  }
  if (elapsed < 7 * DAY) {
    const days = Math.floor(elapsed / DAY);
    return days === 1 ? 'edited yesterday' : `edited ${days} days ago`;
  }
  return `edited ${dayMonth.format(ms)}`;
}
