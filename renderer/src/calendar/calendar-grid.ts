import type { PostView } from '@shared/ipc/scheduling-channels';
import { addDays, daysBetween, instantAfter, instantBefore, shiftMonth, startOfMonth, startOfWeek, wallClock } from '../scheduling/zoned-time';

export type CalendarView = 'month' | 'week' | 'list';

/** The weeks (Monday first) a month view shows for the month containing `anchor`. */
export function monthWeeks(anchor: string): string[][] {
  const first = startOfMonth(anchor);
  const last = addDays(shiftMonth(first, 1), -1);
  const start = startOfWeek(first);
  const weeks = Math.ceil((daysBetween(start, last) + 1) / 7);
  return Array.from({ length: weeks }, (_, w) => Array.from({ length: 7 }, (_, d) => addDays(start, w * 7 + d)));
}

/** The seven days of the week containing `anchor`. */
export function weekDays(anchor: string): string[] {
  const start = startOfWeek(anchor);
  return Array.from({ length: 7 }, (_, d) => addDays(start, d));
}

/**
 * The instants to ask `scheduling.calendar` for so every post shown on `days` is included,
 * whatever the zone; posts are then placed by their wall-clock day.
 */
export function rangeFor(days: readonly string[]): { from: number; to: number } {
  return { from: instantBefore(days[0]!), to: instantAfter(days.at(-1)!) };
}

/** Where a post sits on the calendar: its wall-clock day and time in the business's zone. */
export interface Placed {
  post: PostView;
  date: string;
  time: string;
  minuteOfDay: number;
}

/** Posts with a time, placed in `zone`, soonest first; `moved` overrides a post being dragged. */
export function placePosts(posts: readonly PostView[], zone: string, moved: ReadonlyMap<string, { date: string; time: string }>): Placed[] {
  const placed: Placed[] = [];
  for (const post of posts) {
    if (post.scheduledAt === null) continue;
    const wall = moved.get(post.postId) ?? wallClock(post.scheduledAt, zone);
    const [h, m] = wall.time.split(':').map(Number) as [number, number];
    placed.push({ post, date: wall.date, time: wall.time, minuteOfDay: h * 60 + m });
  }
  return placed.sort((a, b) => a.date.localeCompare(b.date) || a.minuteOfDay - b.minuteOfDay);
}

/** Where the week view opens when the week has no post and no weekly posting time: the working morning. */
export const DEFAULT_OPENING_HOUR = 8;

/**
 * The hour the week view scrolls to: the week's earliest post, else the earliest weekly posting
 * time, else 8 am — so the first thing the owner sees is the first thing that goes out.
 */
export function openingHour(placed: readonly Placed[], slotTimes: readonly string[]): number {
  const minutes = placed.length > 0 ? placed.map((entry) => entry.minuteOfDay) : slotTimes.map((time) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5)));
  return minutes.length === 0 ? DEFAULT_OPENING_HOUR : Math.floor(Math.min(...minutes) / 60);
}
