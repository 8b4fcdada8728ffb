import { parseLocalTime, wallPartsAt } from '@shared/time/zoned-time';
import type { AsleepReason, UsualSleep } from '@shared/ipc/scheduling-channels';

/** A stretch of time the core was running without a gap (from its own record, `running-record.ts`). */
export interface RunningSpan {
  from: number;
  to: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;
/** How many earlier days at the post's hour must all have found the app not running. */
export const DAYS_LOOKED_AT = 3;
/**
 * A span's end is its last heartbeat: the app was running for up to one more beat after it, so
 * an instant that close to the end counts as covered.
 */
export const HEARTBEAT_MS = 5 * 60 * 1000;

/**
 * Whether a post due at `at` is likely to find this computer asleep, and why — or null.
 *
 * - `owner-said`: its wall time in `zone` falls in the hours the owner said the computer usually
 *   sleeps ("from" inclusive, "to" exclusive, across midnight when "from" is later).
 * - `not-running`: at the same time of day on each of the last three days before now, the
 *   record shows AgencyIQ was not running (the computer was asleep, off, or the app closed).
 *   Only said when the record reaches back over all three days: a new install knows nothing yet.
 *
 * Pure: the caller passes the time, the owner's answer and the record.
 */
export function likelyAsleep(input: {
  at: number;
  zone: string;
  now: number;
  usualSleep: UsualSleep | null;
  spans: readonly RunningSpan[];
}): AsleepReason | null {
  const { at, zone, now, usualSleep, spans } = input;
  if (usualSleep !== null && inSleepHours(at, zone, usualSleep)) return 'owner-said';
  // The latest earlier instant at the same time of day (whole days back), then two more before it.
  // Whole days, not wall days: a daylight-saving change shifts one probe by an hour, which a
  // habit of sleeping through that hour survives.
  const probe = at - Math.max(1, Math.ceil((at - now) / DAY_MS)) * DAY_MS;
  const probes = Array.from({ length: DAYS_LOOKED_AT }, (_, i) => probe - i * DAY_MS);
  const oldest = probes[probes.length - 1]!;
  const recordStart = spans.reduce((earliest, span) => Math.min(earliest, span.from), Number.POSITIVE_INFINITY);
  if (recordStart > oldest) return null;
  const running = (instant: number) => spans.some((span) => span.from <= instant && instant <= span.to + HEARTBEAT_MS);
  return probes.some(running) ? null : 'not-running';
}

function inSleepHours(at: number, zone: string, sleep: UsualSleep): boolean {
  const from = parseLocalTime(sleep.from);
  const to = parseLocalTime(sleep.to);
  if (from === null || to === null || from === to) return false;
  const wall = wallPartsAt(at, zone);
  const minute = wall.hour * 60 + wall.minute;
  return from < to ? minute >= from && minute < to : minute >= from || minute < to;
}
