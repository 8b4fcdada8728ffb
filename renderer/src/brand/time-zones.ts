import { DEFAULT_TIME_ZONE } from '@shared/domain/time-zone';

export interface TimeZoneOption {
  zone: string;
  label: string;
}

export interface TimeZoneGroup {
  label: string;
  options: TimeZoneOption[];
}

function offsetOf(zone: string): string {
  try {
    const parts = new Intl.DateTimeFormat('en-AU', { timeZone: zone, timeZoneName: 'shortOffset' }).formatToParts();
    return parts.find((part) => part.type === 'timeZoneName')?.value ?? '';
  } catch {
    return '';
  }
}

function optionFor(zone: string, place: string): TimeZoneOption {
  const offset = offsetOf(zone);
  const name = place.replaceAll('_', ' ').replaceAll('/', ' – ');
  return { zone, label: offset ? `${name} (${offset})` : name };
}

let cached: TimeZoneGroup[] | undefined;

/**
 * Every IANA zone this runtime knows, Australian ones first (the first market), labelled by
 * place and current offset, e.g. "Brisbane (GMT+10)".
 */
export function timeZoneGroups(): TimeZoneGroup[] {
  if (cached) return cached;
  const zones = new Set(Intl.supportedValuesOf('timeZone'));
  zones.add(DEFAULT_TIME_ZONE);
  zones.add('UTC');
  const sorted = [...zones].sort();
  const australian = sorted.filter((zone) => zone.startsWith('Australia/'));
  const elsewhere = sorted.filter((zone) => !zone.startsWith('Australia/'));
  cached = [
    { label: 'Australia', options: australian.map((zone) => optionFor(zone, zone.slice('Australia/'.length))) },
    { label: 'Everywhere else', options: elsewhere.map((zone) => optionFor(zone, zone)) },
  ];
  return cached;
}

/** True when the select already lists `zone`; a saved zone it lacks is shown on its own. */
export function isListed(zone: string): boolean {
  return timeZoneGroups().some((group) => group.options.some((option) => option.zone === zone));
}
