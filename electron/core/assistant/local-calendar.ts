import Holidays from 'date-holidays';

/**
 * What is coming up where the business is: public holidays from `date-holidays` and a few
 * seasonal hooks retailers plan around. The business's place is taken from its time zone, which
 * names the Australian state for every zone but Sydney's (New South Wales; the ACT shares the
 * zone, so a Canberra business sees NSW's holidays until the profile records a region).
 */
const AU_ZONE_STATES: Readonly<Record<string, string>> = {
  'Australia/Brisbane': 'QLD',
  'Australia/Lindeman': 'QLD',
  'Australia/Sydney': 'NSW',
  'Australia/Broken_Hill': 'NSW',
  'Australia/Canberra': 'ACT',
  'Australia/Melbourne': 'VIC',
  'Australia/Hobart': 'TAS',
  'Australia/Adelaide': 'SA',
  'Australia/Darwin': 'NT',
  'Australia/Perth': 'WA',
};

export interface CalendarDay {
  /** YYYY-MM-DD, a wall-clock date where the business is. */
  date: string;
  name: string;
  kind: 'public_holiday' | 'season';
}

export interface Place {
  country: 'AU';
  region: string;
}

export function placeForZone(timeZone: string): Place | null {
  const region = AU_ZONE_STATES[timeZone];
  return region === undefined ? null : { country: 'AU', region };
}

/** The public holidays and seasonal hooks from `from` (YYYY-MM-DD) for `days` days, in date order. */
export function localCalendar(place: Place, from: string, days: number): CalendarDay[] {
  const to = addDays(from, days);
  const years = new Set([Number(from.slice(0, 4)), Number(to.slice(0, 4))]);
  const holidays = new Holidays(place.country, place.region);
  const found: CalendarDay[] = [];
  for (const year of years) {
    for (const holiday of holidays.getHolidays(year)) {
      if (holiday.type === 'public') found.push({ date: holiday.date.slice(0, 10), name: holiday.name, kind: 'public_holiday' });
    }
    found.push(...seasonalHooks(year));
  }
  return found.filter((day) => day.date >= from && day.date <= to).sort((a, b) => a.date.localeCompare(b.date));
}

/** Australian retail dates that are not public holidays. */
function seasonalHooks(year: number): CalendarDay[] {
  return [
    { date: nthSunday(year, 5, 2), name: "Mother's Day", kind: 'season' },
    { date: nthSunday(year, 9, 1), name: "Father's Day", kind: 'season' },
    { date: `${year}-06-30`, name: 'End of financial year (EOFY)', kind: 'season' },
    { date: `${year}-12-01`, name: 'Christmas trading begins', kind: 'season' },
  ];
}

/** The n-th Sunday of a month (1-based month), as YYYY-MM-DD. */
function nthSunday(year: number, month: number, n: number): string {
  const first = new Date(Date.UTC(year, month - 1, 1)).getUTCDay();
  const day = 1 + ((7 - first) % 7) + (n - 1) * 7;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function addDays(date: string, days: number): string {
  const at = new Date(`${date}T00:00:00Z`);
  at.setUTCDate(at.getUTCDate() + days);
  return at.toISOString().slice(0, 10);
}
