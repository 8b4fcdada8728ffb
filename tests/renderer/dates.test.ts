import { describe, expect, it } from 'vitest';
import {
  formatDay,
  formatEditedAgo,
  formatLongDay,
  formatMonth,
  formatTime,
  formatWallClock,
  formatWhen,
  weekDaysLabel,
  weekdayName,
  zoneName,
} from '../../renderer/src/format/dates';

describe('the renderer’s one date format (Intl, en-AU)', () => {
  it('shows the business’s wall-clock days and times as an Australian reader expects', () => {
    expect(formatTime('15:00')).toBe('3:00 pm');
    expect(formatTime('00:30')).toBe('12:30 am');
    expect(formatDay('2026-12-01')).toBe('Tue 1 Dec');
    expect(formatLongDay('2026-12-01')).toBe('Tuesday 1 December 2026');
    expect(formatMonth('2026-12-17')).toBe('December 2026');
    expect(formatWallClock('2026-12-01', '15:00')).toBe('Tue 1 Dec, 3:00 pm');
  });

  it('a wall-clock time on a daylight-saving change day is shown as chosen, never shifted', () => {
    // 02:30 on 4 October 2026 does not exist in Sydney; as a contract value it still reads as given.
    expect(formatWallClock('2026-10-04', '02:30')).toBe('Sun 4 Oct, 2:30 am');
  });

  it('an instant reads in the business’s zone, whatever the computer’s zone', () => {
    expect(formatWhen(Date.UTC(2026, 11, 1, 5, 0), 'Australia/Brisbane')).toBe('Tue 1 Dec, 3:00 pm');
    expect(formatWhen(Date.UTC(2026, 11, 1, 5, 0), 'Australia/Sydney')).toBe('Tue 1 Dec, 4:00 pm');
  });

  it('names weeks, weekdays and zones', () => {
    expect(weekDaysLabel('2026-12-07', '2026-12-13')).toBe('7–13 December 2026');
    // Intl sets a range's dash between thin spaces (U+2009) when both sides have spaces.
    expect(weekDaysLabel('2026-11-30', '2026-12-06')).toBe('30 November\u2009–\u20096 December 2026');
    expect(weekDaysLabel('2026-12-28', '2027-01-03')).toBe('28 December 2026\u2009–\u20093 January 2027');
    expect([1, 2, 3, 4, 5, 6, 7].map((d) => weekdayName(d))).toEqual(['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday']);
    expect(weekdayName(3, 'short')).toBe('Wed');
    expect(zoneName('Australia/Brisbane')).toBe('Brisbane time');
    expect(zoneName('America/New_York')).toBe('New York time');
    expect(zoneName('Etc/UTC')).toBe('UTC');
  });

  it('says how long ago a draft was edited in plain words', () => {
    const now = Date.UTC(2026, 11, 3, 12);
    expect(formatEditedAgo(now - 10_000, now)).toBe('edited just now');
    expect(formatEditedAgo(now - 5 * 60_000, now)).toBe('edited 5 min ago');
    expect(formatEditedAgo(now - 3 * 3_600_000, now)).toBe('edited 3 hours ago');
    expect(formatEditedAgo(now - 26 * 3_600_000, now)).toBe('edited yesterday');
    expect(formatEditedAgo(now - 20 * 86_400_000, now)).toMatch(/^edited 13 Nov 2026$/);
  });
});
