import Holidays from 'date-holidays';
import { describe, expect, it } from 'vitest';
import { SCHOOL_TERMS_AU } from '@shared/calendar/school-terms-au';
import { localCalendar, placeForProfile, placeForZone, placeLabel, schoolTermsStatus } from '../../electron/core/assistant/local-calendar';
import { countryOptions, placeProblem, regionOptions } from '../../electron/core/profile/places';

// The assistant's local calendar: the place is the profile's country and state (or the state its
// time zone names), public holidays are date-holidays' for that place, school terms come from the
// shipped file, and a few retail dates are added.

function publicHolidays(region: string, year: number): Array<{ date: string; name: string }> {
  return new Holidays('AU', region)
    .getHolidays(year)
    .filter((holiday) => holiday.type === 'public')
    .map((holiday) => ({ date: holiday.date.slice(0, 10), name: holiday.name }));
}

describe('local calendar', () => {
  it("Queensland and New South Wales public holidays in 2027 are date-holidays', from the profile's place", () => {
    for (const region of ['QLD', 'NSW']) {
      // The profile names the state; the time zone (Perth) says otherwise and is not used.
      const place = placeForProfile({ country: 'AU', region, timeZone: 'Australia/Perth' })!;
      expect(place).toEqual({ country: 'AU', region });
      const days = localCalendar(place, '2027-01-01', 364).filter((day) => day.kind === 'public_holiday');
      expect(days.map(({ date, name }) => ({ date, name }))).toEqual(publicHolidays(region, 2027));
    }
    // The states differ where they should: QLD's King's Birthday is in October, NSW's in June.
    const kings = (region: string) => localCalendar({ country: 'AU', region }, '2027-01-01', 364).find((day) => day.name.startsWith("King's Birthday"))?.date;
    expect(kings('QLD')).toBe('2027-10-04');
    expect(kings('NSW')).toBe('2027-06-14');
    expect(placeLabel({ country: 'AU', region: 'NSW' })).toBe('New South Wales, Australia');
  });

  it('without a place in the profile, the time zone names the state', () => {
    expect(placeForProfile({ country: '', region: '', timeZone: 'Australia/Brisbane' })).toEqual({ country: 'AU', region: 'QLD' });
    expect(placeForZone('Australia/Sydney')).toEqual({ country: 'AU', region: 'NSW' });
    expect(placeForProfile({ country: '', region: '', timeZone: 'Pacific/Auckland' })).toBeNull();
  });

  it("Queensland's school terms come from the shipped file, with the holidays between them", () => {
    const school = localCalendar({ country: 'AU', region: 'QLD' }, '2026-01-01', 364).filter((day) => day.kind === 'school');
    const expected = [
      ['2026-01-27', 'Term 1 begins'], ['2026-04-02', 'Last day of Term 1'],
      ['2026-04-20', 'Term 2 begins'], ['2026-06-26', 'Last day of Term 2'],
      ['2026-07-13', 'Term 3 begins'], ['2026-09-18', 'Last day of Term 3'],
      ['2026-10-06', 'Term 4 begins'], ['2026-12-11', 'Last day of Term 4'],
    ];
    expect(school.map((day) => [day.date, day.name.replace(/ \(.*$|:.*$/, '')])).toEqual(expected);
    // A day inside the Easter break says so, with the day the holidays end.
    const easter = localCalendar({ country: 'AU', region: 'QLD' }, '2026-04-08', 14).filter((day) => day.kind === 'school');
    expect(easter[0]).toEqual({ date: '2026-04-08', name: 'Queensland school holidays (until Sunday 19 April 2026)', kind: 'school' });
    // Every date in the ideas window is from the file, which names its source.
    const qld = SCHOOL_TERMS_AU.states.find((state) => state.region === 'QLD')!;
    expect(qld.source.url).toMatch(/^https:\/\/education\.qld\.gov\.au\//);
    // States the file does not cover get no school dates at all, rather than guessed ones.
    expect(localCalendar({ country: 'AU', region: 'NSW' }, '2026-01-01', 364).filter((day) => day.kind === 'school')).toEqual([]);
    expect(schoolTermsStatus({ country: 'AU', region: 'NSW' }, '2026-06-01')?.status).toBe('not_included');
  });

  it('says plainly when today is past the last date the school terms cover', () => {
    const place = { country: 'AU', region: 'QLD' };
    expect(schoolTermsStatus(place, SCHOOL_TERMS_AU.lastDate)).toMatchObject({ status: 'current', notice: null });
    const past = schoolTermsStatus(place, '2027-01-05')!;
    expect(past.status).toBe('past_last_date');
    expect(past.notice).toContain('end on Thursday 31 December 2026, and today is past that');
    expect(past.notice).toContain('https://education.qld.gov.au/');
    expect(schoolTermsStatus({ country: 'NZ', region: 'AUK' }, '2027-01-05')).toBeNull();
  });

  it('adds the retail dates in Australia and spans a new year', () => {
    const days = localCalendar(placeForZone('Australia/Melbourne')!, '2027-12-20', 14);
    expect(days.map((day) => day.name)).toEqual(expect.arrayContaining(['Christmas Day', 'Boxing Day', "New Year's Day"]));
    expect(days.every((day) => day.date >= '2027-12-20' && day.date <= '2028-01-03')).toBe(true);
    const may = localCalendar(placeForZone('Australia/Perth')!, '2027-05-01', 30).filter((day) => day.kind === 'season');
    expect(may).toEqual([{ date: '2027-05-09', name: "Mother's Day", kind: 'season' }]);
    const september = localCalendar(placeForZone('Australia/Perth')!, '2027-09-01', 10).filter((day) => day.kind === 'season');
    expect(september).toEqual([{ date: '2027-09-05', name: "Father's Day", kind: 'season' }]);
    expect(localCalendar(placeForZone('Australia/Adelaide')!, '2027-06-25', 10).map((day) => day.name)).toContain('End of financial year (EOFY)');
    expect(localCalendar({ country: 'AU', region: 'QLD' }, '2027-11-25', 10).map((day) => day.name)).toContain('Christmas trading begins');
    // Elsewhere, only that place's public holidays (EOFY is Australian).
    expect(localCalendar({ country: 'NZ', region: '' }, '2027-06-25', 10).some((day) => day.kind === 'season')).toBe(false);
  });

  it('offers Australia and its states first, and refuses a place it has no holidays for', () => {
    expect(countryOptions()[0]).toEqual({ code: 'AU', name: 'Australia' });
    expect(regionOptions('AU').map((one) => one.code)).toEqual(['ACT', 'NSW', 'NT', 'QLD', 'SA', 'TAS', 'VIC', 'WA']);
    expect(placeProblem('AU', 'QLD')).toBeNull();
    expect(placeProblem('', '')).toBeNull();
    expect(placeProblem('AU', 'XX')).toBe('"XX" is not a state or region of Australia.');
    expect(placeProblem('ZZ', '')).toMatch(/not a country/);
    expect(placeProblem('', 'QLD')).toMatch(/country before/);
  });
});
