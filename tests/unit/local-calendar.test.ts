import Holidays from 'date-holidays';
import { describe, expect, it } from 'vitest';
import { localCalendar, placeForZone } from '../../electron/core/assistant/local-calendar';

// The assistant's local calendar: the state comes from the business's time zone, public holidays
// are date-holidays' for that state, and a few retail dates are added.

function publicHolidays(region: string, year: number): Array<{ date: string; name: string }> {
  return new Holidays('AU', region)
    .getHolidays(year)
    .filter((holiday) => holiday.type === 'public')
    .map((holiday) => ({ date: holiday.date.slice(0, 10), name: holiday.name }));
}

describe('local calendar', () => {
  it('Queensland (Brisbane) and New South Wales (Sydney) public holidays in 2027 are date-holidays\'', () => {
    for (const [zone, region] of [['Australia/Brisbane', 'QLD'], ['Australia/Sydney', 'NSW']] as const) {
      const place = placeForZone(zone)!;
      expect(place).toEqual({ country: 'AU', region });
      const days = localCalendar(place, '2027-01-01', 364).filter((day) => day.kind === 'public_holiday');
      expect(days.map(({ date, name }) => ({ date, name }))).toEqual(publicHolidays(region, 2027));
    }
    // The states differ where they should: QLD's King's Birthday is in October, NSW's in June.
    const kings = (zone: string) => localCalendar(placeForZone(zone)!, '2027-01-01', 364).find((day) => day.name.startsWith("King's Birthday"))?.date;
    expect(kings('Australia/Brisbane')).toBe('2027-10-04');
    expect(kings('Australia/Sydney')).toBe('2027-06-14');
  });

  it('adds the retail dates and spans a new year', () => {
    const days = localCalendar(placeForZone('Australia/Melbourne')!, '2027-12-20', 14);
    expect(days.map((day) => day.name)).toEqual(expect.arrayContaining(['Christmas Day', 'Boxing Day', "New Year's Day"]));
    expect(days.every((day) => day.date >= '2027-12-20' && day.date <= '2028-01-03')).toBe(true);
    const may = localCalendar(placeForZone('Australia/Perth')!, '2027-05-01', 30).filter((day) => day.kind === 'season');
    expect(may).toEqual([{ date: '2027-05-09', name: "Mother's Day", kind: 'season' }]);
    const september = localCalendar(placeForZone('Australia/Perth')!, '2027-09-01', 10).filter((day) => day.kind === 'season');
    expect(september).toEqual([{ date: '2027-09-05', name: "Father's Day", kind: 'season' }]);
    expect(localCalendar(placeForZone('Australia/Adelaide')!, '2027-06-25', 10).map((day) => day.name)).toContain('End of financial year (EOFY)');
  });

  it('has no place for a zone outside Australia yet', () => {
    expect(placeForZone('Pacific/Auckland')).toBeNull();
  });
});
