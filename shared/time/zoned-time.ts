/**
 * Wall-clock times in an IANA zone ↔ UTC instants, with the runtime's ICU data (Intl) only.
 *
 * The owner picks "Tuesday 7 October, 9:00" in the business's zone; we store the UTC instant
 * plus the zone. Daylight saving makes that mapping uneven twice a year:
 * - spring forward (e.g. Sydney, first Sunday of October, 02:00 → 03:00): the wall times
 *   02:00–02:59 never happen. `wallToInstant` answers `{ kind: 'gap' }` naming the first valid
 *   time after the gap; scheduling refuses such a pick with that suggestion (a silent shift
 *   would publish at a time the owner never chose), while a weekly queue slot that falls in
 *   the gap is moved to that first valid time (`wallToInstantForward`).
 * - fall back (first Sunday of April, 03:00 → 02:00): 02:00–02:59 happen twice; we take the
 *   first occurrence (the earlier instant), as calendars and Temporal's default do.
 */

/** A day in the calendar: year, month 1–12, day 1–31. */
export interface LocalDate {
  year: number;
  month: number;
  day: number;
}

/** A wall-clock reading in some zone. `weekday` is ISO: 1 Monday … 7 Sunday. */
export interface WallParts extends LocalDate {
  hour: number;
  minute: number;
  second: number;
  weekday: number;
}

/** What a wall time in a zone means as an instant. */
export type WallResolution =
  | { kind: 'exact'; instant: number }
  /** The time happens twice (clocks went back); `instant` is the first, `later` the second. */
  | { kind: 'ambiguous'; instant: number; later: number }
  /** The time never happens (clocks went forward); `firstValid` is the wall time the gap ends at. */
  | { kind: 'gap'; firstValid: { date: string; time: string }; firstValidInstant: number };

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(zone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(zone);
  if (!formatter) {
    // en-US with h23 gives plain numeric parts we can read back; the locale is never shown.
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      era: 'short',
    });
    formatters.set(zone, formatter);
  }
  return formatter;
}

/** The wall-clock reading of `instant` in `zone`. Throws RangeError for an unknown zone. */
export function wallPartsAt(instant: number, zone: string): WallParts {
  const parts = formatterFor(zone).formatToParts(new Date(instant));
  const read = (type: Intl.DateTimeFormatPartTypes): number => Number(parts.find((p) => p.type === type)?.value ?? NaN);
  const era = parts.find((p) => p.type === 'era')?.value;
  const yearOfEra = read('year');
  const year = era === 'BC' || era === 'B' ? 1 - yearOfEra : yearOfEra;
  const date = { year, month: read('month'), day: read('day') };
  return { ...date, hour: read('hour'), minute: read('minute'), second: read('second'), weekday: isoWeekday(date) };
}

/** ISO weekday (1 Monday … 7 Sunday) of a calendar day. */
export function isoWeekday(date: LocalDate): number {
  const day = new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay();
  return day === 0 ? 7 : day;
}

/** `zone`'s offset from UTC at `instant`, in ms (Brisbane: +10 h). */
export function offsetAt(instant: number, zone: string): number {
  const wall = wallPartsAt(instant, zone);
  const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
  return asUtc - (instant - (((instant % 1000) + 1000) % 1000));
}

/** Parses `YYYY-MM-DD`; null when it is not a real calendar day (e.g. 2026-02-30). */
export function parseLocalDate(text: string): LocalDate | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const check = new Date(Date.UTC(year, month - 1, day));
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return null;
  return { year, month, day };
}

/** Parses `HH:MM` (24-hour) into minutes of the day; null when malformed. */
export function parseLocalTime(text: string): number | null {
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(text);
  return match ? Number(match[1]) * 60 + Number(match[2]) : null;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** `YYYY-MM-DD`. */
export function formatLocalDate(date: LocalDate): string {
  return `${pad(date.year, 4)}-${pad(date.month)}-${pad(date.day)}`;
}

/** `HH:MM` from minutes of the day. */
export function formatLocalTime(minuteOfDay: number): string {
  return `${pad(Math.floor(minuteOfDay / 60))}:${pad(minuteOfDay % 60)}`;
}

/** The calendar day `days` after `date` (negative: before). */
export function addDays(date: LocalDate, days: number): LocalDate {
  const moved = new Date(Date.UTC(date.year, date.month - 1, date.day) + days * DAY_MS);
  return { year: moved.getUTCFullYear(), month: moved.getUTCMonth() + 1, day: moved.getUTCDate() };
}

/**
 * The instant(s) at which `zone`'s clocks read `date` `minuteOfDay`:00. Offsets are sampled a
 * day either side, which covers every real transition (none moves clocks by a day or more).
 */
export function wallToInstant(date: LocalDate, minuteOfDay: number, zone: string): WallResolution {
  const naive = Date.UTC(date.year, date.month - 1, date.day) + minuteOfDay * MINUTE_MS;
  const offsets = new Set([offsetAt(naive - DAY_MS, zone), offsetAt(naive, zone), offsetAt(naive + DAY_MS, zone)]);
  const matches = [...offsets]
    .map((offset) => naive - offset)
    .filter((candidate) => offsetAt(candidate, zone) === naive - candidate)
    .sort((a, b) => a - b);
  const unique = [...new Set(matches)];
  if (unique.length === 1) return { kind: 'exact', instant: unique[0]! };
  if (unique.length > 1) return { kind: 'ambiguous', instant: unique[0]!, later: unique[unique.length - 1]! };
  // In a gap: the transition lies between the two readings of `naive`; find its minute.
  const candidates = [...offsets].map((offset) => naive - offset).sort((a, b) => a - b);
  let low = candidates[0]!; // before the transition (old offset)
  let high = candidates[candidates.length - 1]!; // after it (new offset)
  const before = offsetAt(low, zone);
  while (high - low > MINUTE_MS) {
    const middle = low + Math.floor((high - low) / 2 / MINUTE_MS) * MINUTE_MS;
    if (middle === low) break;
    if (offsetAt(middle, zone) === before) low = middle;
    else high = middle;
  }
  const wall = wallPartsAt(high, zone);
  return {
    kind: 'gap',
    firstValid: { date: formatLocalDate(wall), time: formatLocalTime(wall.hour * 60 + wall.minute) },
    firstValidInstant: high,
  };
}

/** Like `wallToInstant`, but a time in a gap becomes the first valid time after it (queue slots). */
export function wallToInstantForward(date: LocalDate, minuteOfDay: number, zone: string): number {
  const resolved = wallToInstant(date, minuteOfDay, zone);
  return resolved.kind === 'gap' ? resolved.firstValidInstant : resolved.instant;
}

/** Month names, January first. */
export const MONTHS: readonly string[] = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
/** Day names by ISO weekday - 1 (Monday first, as weeks start in Australia). */
export const WEEKDAYS: readonly string[] = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

/** "Sunday 5 October 2025" — how a day is named in messages to the owner. */
export function describeLocalDate(date: LocalDate): string {
  return `${WEEKDAYS[isoWeekday(date) - 1]} ${date.day} ${MONTHS[date.month - 1]} ${date.year}`;
}

/** "2:30 am" — how a time of day is named in messages to the owner. */
export function describeLocalTime(minuteOfDay: number): string {
  const hour = Math.floor(minuteOfDay / 60);
  const twelve = hour % 12 === 0 ? 12 : hour % 12;
  return `${twelve}:${pad(minuteOfDay % 60)} ${hour < 12 ? 'am' : 'pm'}`;
}

/** "Sunday 5 October 2025, 9:00 am" for an instant, read in `zone`. */
export function describeInstant(instant: number, zone: string): string {
  const wall = wallPartsAt(instant, zone);
  return `${describeLocalDate(wall)}, ${describeLocalTime(wall.hour * 60 + wall.minute)}`;
}
