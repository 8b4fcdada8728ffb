import { describe, expect, it } from 'vitest';
import { likelyAsleep, type RunningSpan } from '../../electron/core/scheduling/likely-asleep';

// "Likely asleep" on simulated time: Brisbane has no daylight saving, so 10 pm there is 12:00 UTC.

const ZONE = 'Australia/Brisbane';
const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;
/** Thu 3 Dec 2026, 9:00 am in Brisbane. */
const NOW = Date.UTC(2026, 11, 2, 23, 0);
/** 10:00 pm Brisbane tonight, and 9:00 am Brisbane tomorrow. */
const TONIGHT_10PM = Date.UTC(2026, 11, 3, 12, 0);
const TOMORROW_9AM = NOW + DAY;

/** Running 7 am – 9 pm Brisbane every day for `days` days up to now (asleep overnight). */
function workdays(days: number): RunningSpan[] {
  const spans: RunningSpan[] = [];
  for (let d = days; d >= 0; d -= 1) {
    const sevenAm = Date.UTC(2026, 11, 2 - d, 21, 0);
    spans.push({ from: sevenAm, to: Math.min(sevenAm + 14 * HOUR, NOW) });
  }
  return spans;
}

describe('likelyAsleep', () => {
  it('says nothing when the owner said nothing and the record shows the app running at that hour', () => {
    expect(likelyAsleep({ at: TOMORROW_9AM, zone: ZONE, now: NOW, usualSleep: null, spans: workdays(5) })).toBeNull();
  });

  it('warns when the app was not running at that time of day on each of the last three days', () => {
    expect(likelyAsleep({ at: TONIGHT_10PM, zone: ZONE, now: NOW, usualSleep: null, spans: workdays(5) })).toBe('not-running');
    // A week ahead: the same three most recent evenings decide.
    expect(likelyAsleep({ at: TONIGHT_10PM + 7 * DAY, zone: ZONE, now: NOW, usualSleep: null, spans: workdays(5) })).toBe('not-running');
  });

  it('does not warn when the app ran at that hour on one of the three days', () => {
    const spans = [...workdays(5), { from: TONIGHT_10PM - 2 * DAY - HOUR, to: TONIGHT_10PM - 2 * DAY + HOUR }];
    expect(likelyAsleep({ at: TONIGHT_10PM, zone: ZONE, now: NOW, usualSleep: null, spans })).toBeNull();
  });

  it('counts the last heartbeat of a span as running until the next one was due', () => {
    const spans = [...workdays(5), ...[1, 2, 3].map((d) => ({ from: TONIGHT_10PM - d * DAY - HOUR, to: TONIGHT_10PM - d * DAY - 60_000 }))];
    expect(likelyAsleep({ at: TONIGHT_10PM, zone: ZONE, now: NOW, usualSleep: null, spans })).toBeNull();
  });

  it('says nothing from a record that does not yet reach back three days (a new install)', () => {
    expect(likelyAsleep({ at: TONIGHT_10PM, zone: ZONE, now: NOW, usualSleep: null, spans: workdays(1) })).toBeNull();
    expect(likelyAsleep({ at: TONIGHT_10PM, zone: ZONE, now: NOW, usualSleep: null, spans: [] })).toBeNull();
  });

  it('warns in the hours the owner said the computer sleeps, across midnight, in the business zone', () => {
    const usualSleep = { from: '22:00', to: '06:30' };
    const spans = [{ from: NOW - 30 * DAY, to: NOW }];
    expect(likelyAsleep({ at: TONIGHT_10PM, zone: ZONE, now: NOW, usualSleep, spans })).toBe('owner-said');
    expect(likelyAsleep({ at: TONIGHT_10PM + 8 * HOUR + 29 * 60_000, zone: ZONE, now: NOW, usualSleep, spans })).toBe('owner-said');
    expect(likelyAsleep({ at: TONIGHT_10PM + 8 * HOUR + 30 * 60_000, zone: ZONE, now: NOW, usualSleep, spans })).toBeNull();
    expect(likelyAsleep({ at: TONIGHT_10PM - 60_000, zone: ZONE, now: NOW, usualSleep, spans })).toBeNull();
    // The same instant is 11 pm in Sydney (daylight saving in December): still inside 22:00–06:30.
    expect(likelyAsleep({ at: TONIGHT_10PM - HOUR, zone: 'Australia/Sydney', now: NOW, usualSleep, spans })).toBe('owner-said');
    expect(likelyAsleep({ at: TONIGHT_10PM - HOUR, zone: ZONE, now: NOW, usualSleep, spans })).toBeNull();
  });

  it('reads hours within one day too (a computer asleep over lunch)', () => {
    const usualSleep = { from: '12:00', to: '13:00' };
    const noon = Date.UTC(2026, 11, 3, 2, 0);
    expect(likelyAsleep({ at: noon, zone: ZONE, now: NOW, usualSleep, spans: [] })).toBe('owner-said');
    expect(likelyAsleep({ at: noon + HOUR, zone: ZONE, now: NOW, usualSleep, spans: [] })).toBeNull();
  });
});
