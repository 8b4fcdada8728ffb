import Holidays from 'date-holidays';
import { SCHOOL_TERMS_AU, schoolTermsFor } from '@shared/calendar/school-terms-au';
import { countryName, regionName } from '../profile/places';

/**
 * What is coming up where the business is: public holidays from `date-holidays`, the school terms
 * shipped in `shared/calendar/school-terms-au.ts`, and a few seasonal hooks Australian retailers
 * plan around. The place is the profile's country and state/region; a profile without one falls
 * back to the Australian state its time zone names (Sydney's zone counts as New South Wales).
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
  kind: 'public_holiday' | 'school' | 'season';
}

export interface Place {
  /** ISO 3166-1 alpha-2, as date-holidays names it. */
  country: string;
  /** date-holidays' state/region code; '' for the whole country. */
  region: string;
}

export function placeForZone(timeZone: string): Place | null {
  const region = AU_ZONE_STATES[timeZone];
  return region === undefined ? null : { country: 'AU', region };
}

/** The profile's own place when it names one, else the state its time zone names. */
export function placeForProfile(profile: { country: string; region: string; timeZone: string }): Place | null {
  return profile.country !== '' ? { country: profile.country, region: profile.region } : placeForZone(profile.timeZone);
}

/** "Queensland, Australia" */
export function placeLabel(place: Place): string {
  return place.region === '' ? countryName(place.country) : `${regionName(place.country, place.region)}, ${countryName(place.country)}`;
}

/** The public holidays, school dates and seasonal hooks from `from` (YYYY-MM-DD) for `days` days, in date order. */
export function localCalendar(place: Place, from: string, days: number): CalendarDay[] {
  const to = addDays(from, days);
  const years = new Set([Number(from.slice(0, 4)), Number(to.slice(0, 4))]);
  const holidays = place.region === '' ? new Holidays(place.country) : new Holidays(place.country, place.region);
  const found: CalendarDay[] = [];
  for (const year of years) {
    for (const holiday of holidays.getHolidays(year) || []) {
      if (holiday.type === 'public') found.push({ date: holiday.date.slice(0, 10), name: holiday.name, kind: 'public_holiday' });
    }
    if (place.country === 'AU') found.push(...seasonalHooks(year));
  }
  if (place.country === 'AU') found.push(...schoolDays(place.region, from));
  return found.filter((day) => day.date >= from && day.date <= to).sort((a, b) => a.date.localeCompare(b.date));
}

/** The first and last day of each term; on `from` itself, the holidays it falls in (when the file knows their end). */
function schoolDays(region: string, from: string): CalendarDay[] {
  const state = schoolTermsFor(region);
  if (state === null) return [];
  const days: CalendarDay[] = [];
  state.terms.forEach((term, index) => {
    days.push({ date: term.start, name: `Term ${term.term} begins (${state.stateName} state schools)`, kind: 'school' });
    days.push({ date: term.end, name: `Last day of Term ${term.term}: ${state.stateName} school holidays begin`, kind: 'school' });
    const next = state.terms[index + 1];
    if (next !== undefined && from > term.end && from < next.start) {
      days.push({ date: from, name: `${state.stateName} school holidays (until ${longDate(addDays(next.start, -1))})`, kind: 'school' });
    }
  });
  return days;
}

export interface SchoolTermsStatus {
  /** `past_last_date`: today is after the last date the shipped file covers. */
  status: 'current' | 'past_last_date' | 'not_included';
  stateName: string;
  lastDate: string;
  source: { title: string; url: string } | null;
  /** A plain sentence when the owner should know the school dates are missing or out of date. */
  notice: string | null;
}

/** Whether the shipped school terms speak for this place today; null outside Australia or without a state. */
export function schoolTermsStatus(place: Place, today: string): SchoolTermsStatus | null {
  if (place.country !== 'AU' || place.region === '') return null;
  const state = schoolTermsFor(place.region);
  const stateName = regionName('AU', place.region);
  const lastDate = SCHOOL_TERMS_AU.lastDate;
  if (state === null) {
    return { status: 'not_included', stateName, lastDate, source: null, notice: `School term dates for ${stateName} are not included in this version of AgencyIQ yet, so school holidays are not shown.` };
  }
  const source = { title: state.source.title, url: state.source.url };
  if (today > lastDate) {
    return {
      status: 'past_last_date', stateName, lastDate, source,
      notice: `The school term dates in this version of AgencyIQ end on ${longDate(lastDate)}, and today is past that, so school holidays are not shown. Check ${state.source.title} (${state.source.url}) or update AgencyIQ.`,
    };
  }
  return { status: 'current', stateName, lastDate, source, notice: null };
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

/** "Friday 11 December 2026" (the core's one date sentence; the renderer formats its own). */
function longDate(date: string): string {
  return new Intl.DateTimeFormat('en-AU', { timeZone: 'UTC', weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }).format(new Date(`${date}T00:00:00Z`));
}
