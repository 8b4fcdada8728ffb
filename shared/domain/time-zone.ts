import { z } from 'zod';

/** The first market is Queensland, which has no daylight saving. */
export const DEFAULT_TIME_ZONE = 'Australia/Brisbane';

/** True when the runtime's ICU knows this IANA zone name. */
export function isValidTimeZone(zone: string): boolean {
  if (zone.length === 0 || zone.length > 64) return false;
  try {
    new Intl.DateTimeFormat('en-AU', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export const timeZoneSchema = z
  .string()
  .max(64)
  .refine(isValidTimeZone, { message: 'Unknown time zone' });
