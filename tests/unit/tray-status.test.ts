import { describe, expect, it } from 'vitest';
import { trayAttentionText, trayBadge, trayMenuModel, trayStatusText, trayTooltip } from '../../electron/platform/tray-status';

// Thursday 26 November 2026, 10:00 am in Brisbane (UTC+10, no daylight saving).
const NOW = Date.UTC(2026, 10, 26, 0, 0);
const BRISBANE = 'Australia/Brisbane';
const at = (day: number, hourUtc: number, minute = 0) => Date.UTC(2026, 10, day, hourUtc, minute);

describe('trayStatusText', () => {
  it('says nothing is scheduled when nothing is', () => {
    expect(trayStatusText({ publishing: false, nextScheduledAt: null, timeZone: BRISBANE, needsAttention: 0 }, NOW)).toBe('No posts scheduled');
  });

  it('says publishing while a post goes out, whatever is scheduled next', () => {
    expect(trayStatusText({ publishing: true, nextScheduledAt: at(26, 5), timeZone: BRISBANE, needsAttention: 0 }, NOW)).toBe('Publishing…');
  });

  it.each([
    ['later today', at(26, 5), 'Next post 3:00 pm'],
    ['tonight, just before midnight', at(26, 13, 59), 'Next post 11:59 pm'],
    ['tomorrow morning', at(26, 23, 30), 'Next post tomorrow 9:30 am'],
    ['this week', at(30, 0), 'Next post Mon 10:00 am'],
    ['next month', Date.UTC(2026, 11, 4, 5), 'Next post 4 Dec, 3:00 pm'],
  ])('shows the time in the business zone: %s', (_name, next, text) => {
    expect(trayStatusText({ publishing: false, nextScheduledAt: next, timeZone: BRISBANE, needsAttention: 0 }, NOW)).toBe(text);
  });

  it('counts days in the business zone, not in UTC', () => {
    // 11:30 pm UTC on the 26th is 9:30 am on the 27th in Brisbane, but 3:30 pm on the 26th in Los Angeles.
    const next = at(26, 23, 30);
    const nowLa = Date.UTC(2026, 10, 26, 18, 0); // 10:00 am on the 26th in Los Angeles
    expect(trayStatusText({ publishing: false, nextScheduledAt: next, timeZone: 'America/Los_Angeles', needsAttention: 0 }, nowLa)).toBe('Next post 3:30 pm');
    expect(trayStatusText({ publishing: false, nextScheduledAt: next, timeZone: BRISBANE, needsAttention: 0 }, nowLa)).toBe('Next post 9:30 am');
  });

  it('says a post is due rather than showing a time that has passed', () => {
    expect(trayStatusText({ publishing: false, nextScheduledAt: NOW - 60_000, timeZone: BRISBANE, needsAttention: 0 }, NOW)).toBe('Next post is due now');
  });
});

describe('tray menu', () => {
  it('offers Open, the status line (not clickable) and Quit', () => {
    expect(trayMenuModel('No posts scheduled')).toEqual([
      { kind: 'action', label: 'Open AgencyIQ', action: 'open' },
      { kind: 'status', label: 'No posts scheduled' },
      { kind: 'separator' },
      { kind: 'action', label: 'Quit AgencyIQ', action: 'quit' },
    ]);
    expect(trayTooltip('Publishing…')).toBe('AgencyIQ — Publishing…');
  });
});

describe('the tray’s attention count', () => {
  it('says how many posts need the owner, in the menu, the tooltip and beside the icon', () => {
    expect(trayAttentionText(0)).toBeNull();
    expect(trayAttentionText(1)).toBe('1 post needs you');
    expect(trayAttentionText(3)).toBe('3 posts need you');
    expect(trayBadge(0)).toBe('');
    expect(trayBadge(3)).toBe('3');
    expect(trayBadge(120)).toBe('99+');
    expect(trayMenuModel('No posts scheduled', '2 posts need you')).toEqual([
      { kind: 'action', label: 'Open AgencyIQ', action: 'open' },
      { kind: 'action', label: '2 posts need you', action: 'open' },
      { kind: 'status', label: 'No posts scheduled' },
      { kind: 'separator' },
      { kind: 'action', label: 'Quit AgencyIQ', action: 'quit' },
    ]);
    expect(trayTooltip('Next post 3:00 pm', '1 post needs you')).toBe('AgencyIQ — 1 post needs you · Next post 3:00 pm');
  });
});
