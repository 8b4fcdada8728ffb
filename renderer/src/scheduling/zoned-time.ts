import {
  addDays as addLocalDays,
  formatLocalDate,
  formatLocalTime,
  isoWeekday,
  parseLocalDate,
  parseLocalTime,
  wallPartsAt,
  type LocalDate,
} from '@shared/time/zoned-time';

/**
 * The calendar's and the schedule forms' view of days and times in the business's zone, on top
 * of the shared zoned-time module (the scheduler's own): days and times are the contract's
 * "YYYY-MM-DD" and "HH:MM" strings. The renderer only ever turns instants into wall-clock
 * values; a day and time becomes an instant in the main process.
 */

/** A wall-clock reading: "2026-12-03", "15:00", ISO weekday 1 (Monday) … 7 (Sunday). */
export interface WallClock {
  date: string;
  time: string;
  weekday: number;
  minuteOfDay: number;
}

/** What a clock on the wall in `zone` showed at instant `ms`. */
export function wallClock(ms: number, zone: string): WallClock {
  const wall = wallPartsAt(ms, zone);
  const minuteOfDay = wall.hour * 60 + wall.minute;
  return { date: formatLocalDate(wall), time: formatLocalTime(minuteOfDay), weekday: wall.weekday, minuteOfDay };
}

function local(date: string): LocalDate {
  const parsed = parseLocalDate(date);
  if (parsed === null) throw new RangeError(`Not a calendar day: ${date}`);
  return parsed;
}

/** Midnight UTC of a "YYYY-MM-DD", in days: day arithmetic without any zone getting in the way. */
function dayNumber(date: string): number {
  const { year, month, day } = local(date);
  return Date.UTC(year, month - 1, day) / 86_400_000;
}

/** "2026-12-03" plus `days` (may be negative). */
export function addDays(date: string, days: number): string {
  return formatLocalDate(addLocalDays(local(date), days));
}

/** ISO weekday of a "YYYY-MM-DD": 1 Monday … 7 Sunday. */
export function weekdayOf(date: string): number {
  return isoWeekday(local(date));
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

/** Minutes of the day of an "HH:MM" (0 for anything else). */
export function minutesOf(time: string): number {
  return parseLocalTime(time) ?? 0;
}

/** "HH:MM" from minutes of the day. */
export function timeOf(minuteOfDay: number): string {
  return formatLocalTime(minuteOfDay);
}

/** The first day of the month containing `date`. */
export function startOfMonth(date: string): string {
  return `${date.slice(0, 8)}01`;
}

/** The first day of the next (`delta` = 1) or previous (−1) month. */
export function shiftMonth(date: string, delta: number): string {
  const { year, month } = local(date);
  const index = year * 12 + (month - 1) + delta;
  return formatLocalDate({ year: Math.floor(index / 12), month: (index % 12) + 1, day: 1 });
}

/** The proposal "Schedule" starts from: tomorrow at the next round hour. */
export function defaultWhen(now: number, zone: string): { date: string; time: string } {
  const wall = wallClock(now, zone);
  const nextHour = Math.floor(wall.minuteOfDay / 60) + 1;
  const date = addDays(wall.date, nextHour === 24 ? 2 : 1);
  return { date, time: timeOf((nextHour % 24) * 60) };
}

