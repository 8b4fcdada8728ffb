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

  describe('preferring suggested best times', () => {
    // Monday 9:00, Tuesday 9:00 and Thursday 14:00 in Brisbane; "now" is Sunday 27 September 2026.
    const slots = [mondayNine, { weekday: 2, minute: 9 * 60 }, { weekday: 4, minute: 14 * 60 }];
    const sunday = at('2026-09-27T00:00:00Z');
    const tuesdayNine = '2026-09-28T23:00:00.000Z';

    it('takes the soonest free slot in a suggested hour over an earlier one', () => {
      expect(iso(nextFreeSlot({ slots, zone: brisbane, after: sunday, taken: new Set(), preferred: [{ weekday: 2, hour: 9 }] }))).toBe(tuesdayNine);
    });

    it('matches the hour, not the minute: a 9:30 slot is in the 9 am suggestion', () => {
      const half = [mondayNine, { weekday: 2, minute: 9 * 60 + 30 }];
      expect(iso(nextFreeSlot({ slots: half, zone: brisbane, after: sunday, taken: new Set(), preferred: [{ weekday: 2, hour: 9 }] }))).toBe('2026-09-28T23:30:00.000Z');
    });

    it('moves on to another suggested slot when one is taken', () => {
      const taken = new Set([at(tuesdayNine)]);
      const preferred = [{ weekday: 2, hour: 9 }, { weekday: 4, hour: 14 }];
      expect(iso(nextFreeSlot({ slots, zone: brisbane, after: sunday, taken, preferred }))).toBe('2026-10-01T04:00:00.000Z');
    });

    it('keeps the soonest free slot when no slot falls in a suggested hour, or nothing is suggested', () => {
      const soonest = '2026-09-27T23:00:00.000Z';
      expect(iso(nextFreeSlot({ slots, zone: brisbane, after: sunday, taken: new Set(), preferred: [{ weekday: 6, hour: 10 }] }))).toBe(soonest);
      expect(iso(nextFreeSlot({ slots, zone: brisbane, after: sunday, taken: new Set(), preferred: [] }))).toBe(soonest);
    });

    it('never pushes a post more than a week past the soonest free slot', () => {
      // Every Tuesday 9:00 for the next two months is taken: Monday, the soonest, stands.
      const taken = new Set(Array.from({ length: 9 }, (_, week) => at(tuesdayNine) + week * 7 * 86_400_000));
      expect(iso(nextFreeSlot({ slots: [mondayNine, { weekday: 2, minute: 9 * 60 }], zone: brisbane, after: sunday, taken, preferred: [{ weekday: 2, hour: 9 }] }))).toBe(
        '2026-09-27T23:00:00.000Z',
      );
    });
  });
});
