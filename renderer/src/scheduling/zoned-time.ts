/**
 * Wall-clock days and times in the business's zone. The renderer only ever turns instants into
 * wall-clock values (Intl does the zone rules, daylight saving included); the way back, a day
 * and time into an instant, is the scheduler's job in the main process.
 */

/** A wall-clock reading: "2026-12-03", "15:00", ISO weekday 1 (Monday) … 7 (Sunday). */
export interface WallClock {
  date: string;
  time: string;
  weekday: number;
  minuteOfDay: number;
}

const partsCache = new Map<string, Intl.DateTimeFormat>();

function partsFormat(zone: string): Intl.DateTimeFormat {
  let format = partsCache.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', {
      timeZone: zone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    partsCache.set(zone, format);
  }
  return format;
}

/** What a clock on the wall in `zone` showed at instant `ms`. */
export function wallClock(ms: number, zone: string): WallClock {
  const parts = Object.fromEntries(partsFormat(zone).formatToParts(ms).map((part) => [part.type, part.value]));
  const date = `${parts['year']}-${parts['month']}-${parts['day']}`;
  const hour = Number(parts['hour']) % 24;
  const minute = Number(parts['minute']);
  return { date, time: `${pad(hour)}:${pad(minute)}`, weekday: weekdayOf(date), minuteOfDay: hour * 60 + minute };
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** Midnight UTC of a "YYYY-MM-DD": day arithmetic without any zone getting in the way. */
function dayNumber(date: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return Date.UTC(y, m - 1, d) / 86_400_000;
}

function fromDayNumber(day: number): string {
  return new Date(day * 86_400_000).toISOString().slice(0, 10);
}

/** "2026-12-03" plus `days` (may be negative). */
export function addDays(date: string, days: number): string {
  return fromDayNumber(dayNumber(date) + days);
}

/** ISO weekday of a "YYYY-MM-DD": 1 Monday … 7 Sunday. */
export function weekdayOf(date: string): number {
  const day = new Date(dayNumber(date) * 86_400_000).getUTCDay();
  return day === 0 ? 7 : day;
}

/** The Monday on or before `date` (weeks start on Monday in Australia). */
export function startOfWeek(date: string): string {
  return addDays(date, 1 - weekdayOf(date));
}

/** Days from `a` to `b`. */
export function daysBetween(a: string, b: string): number {
  return dayNumber(b) - dayNumber(a);
}

/** A UTC instant safely before the start of `date` anywhere on Earth (zones span −12…+14 h). */
export function instantBefore(date: string): number {
  return (dayNumber(date) - 1) * 86_400_000;
}

/** A UTC instant safely after the end of `date` anywhere on Earth. */
export function instantAfter(date: string): number {
  return (dayNumber(date) + 2) * 86_400_000;
}

export function minutesOf(time: string): number {
  const [h, m] = time.split(':').map(Number) as [number, number];
  return h * 60 + m;
}

export function timeOf(minuteOfDay: number): string {
  return `${pad(Math.floor(minuteOfDay / 60))}:${pad(minuteOfDay % 60)}`;
}

const WEEKDAYS_SHORT = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const WEEKDAYS_LONG = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const MONTHS_SHORT = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const MONTHS_LONG = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

export function weekdayName(weekday: number, style: 'short' | 'long' = 'long'): string {
  return (style === 'short' ? WEEKDAYS_SHORT : WEEKDAYS_LONG)[weekday - 1] ?? '';
}

/** "3:00 pm", "12:30 am". */
export function formatTime(time: string): string {
  const minutes = minutesOf(time);
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  const hour12 = h % 12 === 0 ? 12 : h % 12;
  return `${hour12}:${pad(m)} ${h < 12 ? 'am' : 'pm'}`;
}

/** "Tue 3 Dec". */
export function formatDay(date: string): string {
  const [, m, d] = date.split('-').map(Number) as [number, number, number];
  return `${weekdayName(weekdayOf(date), 'short')} ${d} ${MONTHS_SHORT[m - 1]}`;
}

/** "Tuesday 3 December 2026". */
export function formatLongDay(date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return `${weekdayName(weekdayOf(date))} ${d} ${MONTHS_LONG[m - 1]} ${y}`;
}

/** "December 2026" for the month containing `date`. */
export function formatMonth(date: string): string {
  const [y, m] = date.split('-').map(Number) as [number, number];
  return `${MONTHS_LONG[m - 1]} ${y}`;
}

/** "Tue 3 Dec, 3:00 pm" — an instant as the owner reads it in the business's zone. */
export function formatWhen(ms: number, zone: string): string {
  const wall = wallClock(ms, zone);
  return formatWallClock(wall.date, wall.time);
}

export function formatWallClock(date: string, time: string): string {
  return `${formatDay(date)}, ${formatTime(time)}`;
}

/** "Brisbane time", "New York time", "UTC". */
export function zoneName(zone: string): string {
  if (zone === 'UTC' || zone === 'Etc/UTC') return 'UTC';
  const place = zone.split('/').at(-1) ?? zone;
  return `${place.replaceAll('_', ' ')} time`;
}

/** The first day of the month containing `date`. */
export function startOfMonth(date: string): string {
  return `${date.slice(0, 8)}01`;
}

/** The first day of the next (`delta` = 1) or previous (−1) month. */
export function shiftMonth(date: string, delta: number): string {
  const [y, m] = date.split('-').map(Number) as [number, number];
  const index = y * 12 + (m - 1) + delta;
  return `${Math.floor(index / 12)}-${pad((index % 12) + 1)}-01`;
}

/** The proposal "Schedule" starts from: tomorrow at the next round hour. */
export function defaultWhen(now: number, zone: string): { date: string; time: string } {
  const wall = wallClock(now, zone);
  const nextHour = Math.floor(wall.minuteOfDay / 60) + 1;
  const date = addDays(wall.date, nextHour === 24 ? 2 : 1);
  return { date, time: timeOf((nextHour % 24) * 60) };
}

/** "1 – 7 December 2026", "29 December 2026 – 4 January 2027". */
export function weekDaysLabel(first: string, last: string): string {
  const [y1, m1, d1] = first.split('-').map(Number) as [number, number, number];
  const [y2, m2, d2] = last.split('-').map(Number) as [number, number, number];
  if (y1 === y2 && m1 === m2) return `${d1} – ${d2} ${MONTHS_LONG[m2 - 1]} ${y2}`;
  if (y1 === y2) return `${d1} ${MONTHS_LONG[m1 - 1]} – ${d2} ${MONTHS_LONG[m2 - 1]} ${y2}`;
  return `${d1} ${MONTHS_LONG[m1 - 1]} ${y1} – ${d2} ${MONTHS_LONG[m2 - 1]} ${y2}`;
}
