import { describe, expect, it } from 'vitest';
import {
  addDays,
  describeInstant,
  offsetAt,
  parseLocalDate,
  wallPartsAt,
  wallToInstant,
  wallToInstantForward,
  type LocalDate,
} from '@shared/time/zoned-time';

// Sydney in 2026: daylight saving ends on Sunday 5 April (03:00 AEDT → 02:00 AEST) and starts on
// Sunday 4 October (02:00 AEST → 03:00 AEDT). Brisbane stays at UTC+10 all year.
const day = (text: string): LocalDate => parseLocalDate(text)!;
const nine = 9 * 60;
const instantOf = (date: string, minute: number, zone: string): number => {
  const resolved = wallToInstant(day(date), minute, zone);
  if (resolved.kind === 'gap') throw new Error(`${date} ${minute} is in a gap`);
  return resolved.instant;
};
const iso = (instant: number) => new Date(instant).toISOString();

describe('wall time in a zone → UTC instant', () => {
  it('maps 09:00 in Brisbane to 23:00 UTC the day before, all year', () => {
    for (const date of ['2026-01-15', '2026-04-04', '2026-04-05', '2026-07-01', '2026-10-03', '2026-10-04', '2026-12-31']) {
      const expected = new Date(`${addDaysText(date, -1)}T23:00:00.000Z`).getTime();
      expect(iso(instantOf(date, nine, 'Australia/Brisbane')), date).toBe(iso(expected));
    }
  });

  it('maps 09:00 in Sydney on the days either side of the April change (AEDT +11, then AEST +10)', () => {
    expect(iso(instantOf('2026-04-04', nine, 'Australia/Sydney'))).toBe('2026-04-03T22:00:00.000Z');
    expect(iso(instantOf('2026-04-05', nine, 'Australia/Sydney'))).toBe('2026-04-04T23:00:00.000Z');
    expect(iso(instantOf('2026-04-06', nine, 'Australia/Sydney'))).toBe('2026-04-05T23:00:00.000Z');
  });

  it('maps 09:00 in Sydney on the days either side of the October change (AEST +10, then AEDT +11)', () => {
    expect(iso(instantOf('2026-10-03', nine, 'Australia/Sydney'))).toBe('2026-10-02T23:00:00.000Z');
    expect(iso(instantOf('2026-10-04', nine, 'Australia/Sydney'))).toBe('2026-10-03T22:00:00.000Z');
    expect(iso(instantOf('2026-10-05', nine, 'Australia/Sydney'))).toBe('2026-10-04T22:00:00.000Z');
  });

  it('refuses a time the clocks skip (02:30 on 4 October in Sydney), naming 03:00 as the first valid time', () => {
    const resolved = wallToInstant(day('2026-10-04'), 2 * 60 + 30, 'Australia/Sydney');
    expect(resolved).toEqual({
      kind: 'gap',
      firstValid: { date: '2026-10-04', time: '03:00' },
      firstValidInstant: Date.parse('2026-10-03T16:00:00.000Z'),
    });
    // 02:00 itself is skipped too; 01:59 and 03:00 exist.
    expect(wallToInstant(day('2026-10-04'), 2 * 60, 'Australia/Sydney').kind).toBe('gap');
    expect(iso(instantOf('2026-10-04', 1 * 60 + 59, 'Australia/Sydney'))).toBe('2026-10-03T15:59:00.000Z');
    expect(iso(instantOf('2026-10-04', 3 * 60, 'Australia/Sydney'))).toBe('2026-10-03T16:00:00.000Z');
    expect(iso(wallToInstantForward(day('2026-10-04'), 2 * 60 + 30, 'Australia/Sydney'))).toBe('2026-10-03T16:00:00.000Z');
  });

  it('takes the first occurrence of a time that happens twice (02:30 on 5 April in Sydney)', () => {
    const resolved = wallToInstant(day('2026-04-05'), 2 * 60 + 30, 'Australia/Sydney');
    expect(resolved).toEqual({
      kind: 'ambiguous',
      instant: Date.parse('2026-04-04T15:30:00.000Z'), // 02:30 AEDT
      later: Date.parse('2026-04-04T16:30:00.000Z'), // 02:30 AEST, an hour later
    });
    expect(wallToInstantForward(day('2026-04-05'), 2 * 60 + 30, 'Australia/Sydney')).toBe(Date.parse('2026-04-04T15:30:00.000Z'));
  });

  it('handles zones west of UTC (New York springs forward at 02:00 on 8 March 2026)', () => {
    expect(iso(instantOf('2026-03-07', nine, 'America/New_York'))).toBe('2026-03-07T14:00:00.000Z');
    expect(iso(instantOf('2026-03-08', nine, 'America/New_York'))).toBe('2026-03-08T13:00:00.000Z');
    expect(wallToInstant(day('2026-03-08'), 2 * 60 + 15, 'America/New_York')).toMatchObject({
      kind: 'gap',
      firstValid: { date: '2026-03-08', time: '03:00' },
    });
  });
});

describe('UTC instant → wall parts in a zone', () => {
  it('reads the calendar day, time and ISO weekday in the zone, not in UTC', () => {
    // 22:00 UTC on Saturday 3 October is 09:00 Sunday 4 October in Sydney (AEDT) and 08:00 in Brisbane.
    const at = Date.parse('2026-10-03T22:00:00.000Z');
    expect(wallPartsAt(at, 'Australia/Sydney')).toEqual({ year: 2026, month: 10, day: 4, hour: 9, minute: 0, second: 0, weekday: 7 });
    expect(wallPartsAt(at, 'Australia/Brisbane')).toEqual({ year: 2026, month: 10, day: 4, hour: 8, minute: 0, second: 0, weekday: 7 });
    expect(wallPartsAt(at, 'UTC')).toMatchObject({ day: 3, hour: 22, weekday: 6 });
  });

  it('round-trips every hour of a year in Sydney (outside the skipped hour)', () => {
    let checked = 0;
    for (let at = Date.parse('2026-01-01T00:00:00Z'); at < Date.parse('2027-01-01T00:00:00Z'); at += 60 * 60 * 1000) {
      const wall = wallPartsAt(at, 'Australia/Sydney');
      const back = wallToInstant(wall, wall.hour * 60 + wall.minute, 'Australia/Sydney');
      expect(back.kind).not.toBe('gap');
      if (back.kind === 'exact') expect(back.instant).toBe(at);
      else if (back.kind === 'ambiguous') expect([back.instant, back.later]).toContain(at);
      checked++;
    }
    expect(checked).toBe(8760);
  });

  it('gives the offset in force', () => {
    expect(offsetAt(Date.parse('2026-07-01T00:00:00Z'), 'Australia/Sydney')).toBe(10 * 3600_000);
    expect(offsetAt(Date.parse('2026-12-01T00:00:00Z'), 'Australia/Sydney')).toBe(11 * 3600_000);
    expect(offsetAt(Date.parse('2026-12-01T00:00:00Z'), 'Australia/Brisbane')).toBe(10 * 3600_000);
  });

  it('names an instant in plain words in the zone', () => {
    expect(describeInstant(Date.parse('2026-10-03T22:00:00.000Z'), 'Australia/Sydney')).toBe('Sunday 4 October 2026, 9:00 am');
    expect(describeInstant(Date.parse('2026-10-04T04:30:00.000Z'), 'Australia/Brisbane')).toBe('Sunday 4 October 2026, 2:30 pm');
  });

  it('refuses days that are not in the calendar', () => {
    expect(parseLocalDate('2026-02-29')).toBeNull();
    expect(parseLocalDate('2028-02-29')).toEqual({ year: 2028, month: 2, day: 29 });
    expect(parseLocalDate('2026-13-01')).toBeNull();
  });
});

function addDaysText(date: string, days: number): string {
  const moved = addDays(day(date), days);
  return `${moved.year}-${String(moved.month).padStart(2, '0')}-${String(moved.day).padStart(2, '0')}`;
}
