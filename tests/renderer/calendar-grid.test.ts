import { describe, expect, it } from 'vitest';
import type { PostView } from '@shared/ipc/scheduling-channels';
import { monthWeeks, openingHour, placePosts, rangeFor, weekDays, type Placed } from '../../renderer/src/calendar/calendar-grid';

describe('the calendar grid', () => {
  it('a month view shows whole weeks, Monday first, covering every day of the month', () => {
    const weeks = monthWeeks('2026-12-17');
    expect(weeks[0]![0]).toBe('2026-11-30'); // Monday before 1 December
    expect(weeks.at(-1)!.at(-1)).toBe('2027-01-03');
    expect(weeks).toHaveLength(5);
    for (const week of weeks) expect(week).toHaveLength(7);
    const days = weeks.flat();
    for (let d = 1; d <= 31; d++) expect(days).toContain(`2026-12-${String(d).padStart(2, '0')}`);
    // February 2027 starts on a Monday and fills exactly four weeks.
    expect(monthWeeks('2027-02-10')).toHaveLength(4);
    expect(monthWeeks('2027-02-10')[0]![0]).toBe('2027-02-01');
  });

  it('a week runs Monday to Sunday across a month and a year end', () => {
    expect(weekDays('2026-12-31')).toEqual(['2026-12-28', '2026-12-29', '2026-12-30', '2026-12-31', '2027-01-01', '2027-01-02', '2027-01-03']);
  });

  it('asks for a range wide enough to hold every post shown, in any zone', () => {
    const days = weekDays('2026-12-31');
    const { from, to } = rangeFor(days);
    // Kiritimati (UTC+14) on the first day and Pago Pago (UTC−11) on the last both fall inside.
    expect(from).toBeLessThanOrEqual(Date.UTC(2026, 11, 27, 10));
    expect(to).toBeGreaterThanOrEqual(Date.UTC(2027, 0, 4, 11));
  });

  it('places posts by their wall-clock day and time in the business’s zone, soonest first; a dragged post shows where it was dropped', () => {
    const post = (postId: string, scheduledAt: number | null) => ({ postId, scheduledAt }) as PostView;
    const posts = [
      post('late', Date.UTC(2026, 11, 1, 23, 30)), // 09:30 on 2 Dec in Brisbane
      post('early', Date.UTC(2026, 11, 1, 22, 0)), // 08:00 on 2 Dec in Brisbane
      post('unscheduled', null),
      post('dragged', Date.UTC(2026, 11, 1, 0, 0)),
    ];
    const placed = placePosts(posts, 'Australia/Brisbane', new Map([['dragged', { date: '2026-12-03', time: '07:15' }]]));
    expect(placed.map((p) => [p.post.postId, p.date, p.time])).toEqual([
      ['early', '2026-12-02', '08:00'],
      ['late', '2026-12-02', '09:30'],
      ['dragged', '2026-12-03', '07:15'],
    ]);
  });
});

describe('where the week view opens', () => {
  const at = (minuteOfDay: number) => ({ minuteOfDay }) as Placed;
  it('at the week’s first post, else the first weekly posting time, else 8 am', () => {
    expect(openingHour([at(14 * 60 + 30), at(6 * 60 + 45)], ['09:00'])).toBe(6);
    expect(openingHour([], ['17:00', '07:30'])).toBe(7);
    expect(openingHour([], [])).toBe(8);
  });
});
