import { wallClock } from '../scheduling/zoned-time';

/**
 * Every date and time the renderer shows, formatted with Intl in one locale, so all pages read
 * alike ("Tue 3 Dec, 3:00 pm", "24 December 2026"). Two kinds of input:
 * - instants (ms since the epoch), shown in the computer's own zone or a named one;
 * - wall-clock values of the contract ("YYYY-MM-DD", "HH:MM", already in the business's zone),
 *   formatted as that same reading in UTC so no daylight-saving rule can move them.
 */
export const LOCALE = 'en-AU';

const inUtc = (options: Intl.DateTimeFormatOptions) => new Intl.DateTimeFormat(LOCALE, { ...options, timeZone: 'UTC' });
const local = (options: Intl.DateTimeFormatOptions) => new Intl.DateTimeFormat(LOCALE, options);

const FORMATS = {
  clock: local({ hour: 'numeric', minute: '2-digit' }),
  shortDate: local({ day: 'numeric', month: 'short', year: 'numeric' }),
  longDate: local({ day: 'numeric', month: 'long', year: 'numeric' }),
  dateAndTime: local({ day: 'numeric', month: 'long', hour: 'numeric', minute: '2-digit' }),
  fullDateTime: local({ weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', hour: 'numeric', minute: '2-digit' }),
  wallTime: inUtc({ hour: 'numeric', minute: '2-digit' }),
  wallDay: inUtc({ weekday: 'short', day: 'numeric', month: 'short' }),
  wallLongDay: inUtc({ weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }),
  wallMonth: inUtc({ month: 'long', year: 'numeric' }),
  wallRange: inUtc({ day: 'numeric', month: 'long', year: 'numeric' }),
  weekdayLong: inUtc({ weekday: 'long' }),
  weekdayShort: inUtc({ weekday: 'short' }),
};

/** A contract day ("2026-12-03") and time ("15:00") as the UTC instant with that reading. */
function wallInstant(date: string, time = '00:00'): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const [h, min] = time.split(':').map(Number) as [number, number];
  return Date.UTC(y, m - 1, d, h, min);
}

// ── Instants in the computer's own zone ──

/** "2:31 pm". */
export function formatClockTime(ms: number): string {
  return FORMATS.clock.format(ms);
}

/** "24 December 2026". */
export function formatLongDate(ms: number): string {
  return FORMATS.longDate.format(ms);
}

/** "24 December at 3:00 pm". */
export function formatDateAndTime(ms: number): string {
  return FORMATS.dateAndTime.format(ms);
}

/** "Thu, 26 Nov 2026, 9:20 am". */
export function formatFullDateTime(ms: number): string {
  return FORMATS.fullDateTime.format(ms);
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
  return `edited ${FORMATS.shortDate.format(ms)}`;
}

// ── Wall-clock values in the business's zone ──

/** "3:00 pm", "12:30 am". */
export function formatTime(time: string): string {
  return FORMATS.wallTime.format(wallInstant('2000-01-01', time));
}

/** "Tue 3 Dec": the locale's names and order, without the comma Intl puts after the weekday. */
export function formatDay(date: string): string {
  return FORMATS.wallDay
    .formatToParts(wallInstant(date))
    .filter((part) => part.type !== 'literal')
    .map((part) => part.value)
    .join(' ');
}

/** "Tuesday 3 December 2026". */
export function formatLongDay(date: string): string {
  return FORMATS.wallLongDay.format(wallInstant(date));
}

/** "December 2026" for the month containing `date`. */
export function formatMonth(date: string): string {
  return FORMATS.wallMonth.format(wallInstant(date));
}

/** "Tue 3 Dec, 3:00 pm". */
export function formatWallClock(date: string, time: string): string {
  return `${formatDay(date)}, ${formatTime(time)}`;
}

/** "Tue 3 Dec, 3:00 pm" — an instant as the owner reads it in the business's zone. */
export function formatWhen(ms: number, zone: string): string {
  const wall = wallClock(ms, zone);
  return formatWallClock(wall.date, wall.time);
}

/**
 * "10:00 am Sun" — the time first, as the owner keeps an appointment; the day's date is added
 * ("10:00 am Sun 20 Dec") once it is a week or more after `now`, where the weekday alone is unclear.
 */
export function formatAppointment(ms: number, zone: string, now: number): string {
  const wall = wallClock(ms, zone);
  const weekday = FORMATS.weekdayShort.format(wallInstant(wall.date));
  const day = ms - now >= 6 * DAY ? formatDay(wall.date) : weekday;
  return `${formatTime(wall.time)} ${day}`;
}

/** "1–7 December 2026", "29 December 2026 – 4 January 2027". */
export function weekDaysLabel(first: string, last: string): string {
  return FORMATS.wallRange.formatRange(wallInstant(first), wallInstant(last));
}

/** "Monday", or "Mon", for an ISO weekday 1 (Monday) … 7 (Sunday). */
export function weekdayName(weekday: number, style: 'short' | 'long' = 'long'): string {
  // 2024-01-01 was a Monday.
  const day = wallInstant(`2024-01-0${weekday}`);
  return (style === 'short' ? FORMATS.weekdayShort : FORMATS.weekdayLong).format(day);
}

/** "Brisbane time", "New York time", "UTC". */
export function zoneName(zone: string): string {
  if (zone === 'UTC' || zone === 'Etc/UTC') return 'UTC';
  const place = zone.split('/').at(-1) ?? zone;
  return `${place.replaceAll('_', ' ')} time`;
}
