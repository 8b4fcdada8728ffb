import { addDays, isoWeekday, wallPartsAt, wallToInstantForward } from '@shared/time/zoned-time';
import type { SlotRow } from './queue-slots-store';

/** How far ahead to look before saying every slot is taken (a bit over a year of weeks). */
const SEARCH_DAYS = 371;
const WEEK_MS = 7 * 86_400_000;

/** A suggested weekly posting hour in the business's zone (best times; ISO weekday 1 Monday … 7 Sunday). */
export interface PreferredHour {
  weekday: number;
  hour: number;
}

/**
 * The soonest weekly slot instant strictly after `after` that no other post already holds.
 * Slots are wall times in `zone`, so 09:00 stays 09:00 across daylight-saving changes; a slot
 * the clocks skip (spring forward) is taken at the first valid time after the gap, and one
 * that happens twice at its first occurrence. Null when there are no slots or all are taken.
 *
 * With `preferred` hours (the owner's "prefer suggested best times" setting), the soonest free
 * slot that falls in one of those hours wins, provided it comes within a week of the soonest free
 * slot: every weekly slot recurs within that week, so a preferred slot that is free at all is
 * found, and a post is never pushed further out than a week for it. Otherwise the soonest stands.
 */
export function nextFreeSlot(input: {
  slots: readonly SlotRow[];
  zone: string;
  after: number;
  taken: ReadonlySet<number>;
  preferred?: readonly PreferredHour[];
}): number | null {
  if (input.slots.length === 0) return null;
  const preferred = new Set((input.preferred ?? []).map((cell) => `${cell.weekday}-${cell.hour}`));
  let soonest: number | null = null;
  for (const { instant, slot } of freeSlots(input)) {
    soonest ??= instant;
    if (preferred.size === 0) return soonest;
    if (instant >= soonest + WEEK_MS) return soonest;
    if (preferred.has(`${slot.weekday}-${Math.floor(slot.minute / 60)}`)) return instant;
  }
  return soonest;
}

/** Free slot instants after `after`, soonest first, each with the weekly slot it comes from. */
function* freeSlots(input: { slots: readonly SlotRow[]; zone: string; after: number; taken: ReadonlySet<number> }): Generator<{ instant: number; slot: SlotRow }> {
  const byWeekday = new Map<number, SlotRow[]>();
  for (const slot of input.slots) byWeekday.set(slot.weekday, [...(byWeekday.get(slot.weekday) ?? []), slot]);
  for (const list of byWeekday.values()) list.sort((a, b) => a.minute - b.minute);

  const today = wallPartsAt(input.after, input.zone);
  for (let offset = 0; offset < SEARCH_DAYS; offset++) {
    const day = addDays(today, offset);
    for (const slot of byWeekday.get(isoWeekday(day)) ?? []) {
      const instant = wallToInstantForward(day, slot.minute, input.zone);
      if (instant > input.after && !input.taken.has(instant)) yield { instant, slot };
    }
  }
}
