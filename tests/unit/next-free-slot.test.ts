import { describe, expect, it } from 'vitest';
import { nextFreeSlot } from '../../electron/core/scheduling/next-free-slot';

const at = (iso: string) => Date.parse(iso);
const iso = (instant: number | null) => (instant === null ? null : new Date(instant).toISOString());

describe('next free slot', () => {
  const brisbane = 'Australia/Brisbane';
  const mondayNine = { weekday: 1, minute: 9 * 60 };

  it('is the soonest slot strictly after now', () => {
    // Monday 28 September 2026, 09:00 Brisbane exactly: that slot is not "after now"; next Monday is.
    expect(iso(nextFreeSlot({ slots: [mondayNine], zone: brisbane, after: at('2026-09-27T23:00:00Z'), taken: new Set() }))).toBe(
      '2026-10-04T23:00:00.000Z',
    );
    expect(iso(nextFreeSlot({ slots: [mondayNine], zone: brisbane, after: at('2026-09-27T22:59:00Z'), taken: new Set() }))).toBe(
      '2026-09-27T23:00:00.000Z',
    );
  });

  it('skips slots other posts hold, week after week', () => {
    const taken = new Set([at('2026-09-27T23:00:00Z'), at('2026-10-04T23:00:00Z'), at('2026-10-11T23:00:00Z')]);
    expect(iso(nextFreeSlot({ slots: [mondayNine], zone: brisbane, after: at('2026-09-27T00:00:00Z'), taken }))).toBe('2026-10-18T23:00:00.000Z');
  });

  it('uses the first occurrence of a repeated hour, then the next week (Sydney, 5 April 2026)', () => {
    const sunday0230 = { weekday: 7, minute: 2 * 60 + 30 };
    const first = nextFreeSlot({ slots: [sunday0230], zone: 'Australia/Sydney', after: at('2026-04-04T00:00:00Z'), taken: new Set() });
    expect(iso(first)).toBe('2026-04-04T15:30:00.000Z'); // 02:30 AEDT, not 02:30 AEST an hour later
    expect(iso(nextFreeSlot({ slots: [sunday0230], zone: 'Australia/Sydney', after: at('2026-04-04T00:00:00Z'), taken: new Set([first!]) }))).toBe(
      '2026-04-11T16:30:00.000Z', // a week on, AEST
    );
  });

  it('answers null with no slots, or when every slot for over a year is taken', () => {
    expect(nextFreeSlot({ slots: [], zone: brisbane, after: 0, taken: new Set() })).toBeNull();
    const after = at('2026-09-28T00:00:00Z');
    const taken = new Set(Array.from({ length: 60 }, (_, week) => at('2026-10-04T23:00:00Z') + week * 7 * 24 * 3600_000));
    expect(nextFreeSlot({ slots: [mondayNine], zone: brisbane, after, taken })).toBeNull();
  });
});
