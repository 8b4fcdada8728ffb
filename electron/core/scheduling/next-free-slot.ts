import { addDays, isoWeekday, wallPartsAt, wallToInstantForward } from '@shared/time/zoned-time';
import type { SlotRow } from './queue-slots-store';

/** How far ahead to look before saying every slot is taken (a bit over a year of weeks). */
const SEARCH_DAYS = 371;

/**
 * The soonest weekly slot instant strictly after `after` that no other post already holds.
 * Slots are wall times in `zone`, so 09:00 stays 09:00 across daylight-saving changes; a slot
 * the clocks skip (spring forward) is taken at the first valid time after the gap, and one
 * that happens twice at its first occurrence. Null when there are no slots or all are taken.
 */
export function nextFreeSlot(input: { slots: readonly SlotRow[]; zone: string; after: number; taken: ReadonlySet<number> }): number | null {
  if (input.slots.length === 0) return null;
  const byWeekday = new Map<number, number[]>();
  for (const slot of input.slots) byWeekday.set(slot.weekday, [...(byWeekday.get(slot.weekday) ?? []), slot.minute]);
  for (const minutes of byWeekday.values()) minutes.sort((a, b) => a - b);

  const today = wallPartsAt(input.after, input.zone);
  for (let offset = 0; offset < SEARCH_DAYS; offset++) {
    const day = addDays(today, offset);
    for (const minute of byWeekday.get(isoWeekday(day)) ?? []) {
      const instant = wallToInstantForward(day, minute, input.zone);
      if (instant > input.after && !input.taken.has(instant)) return instant;
    }
  }
  return null;
}
