import { describe, expect, it } from 'vitest';
import { formatAppointment } from '../../renderer/src/format/dates';
import { runningReminder } from '../../renderer/src/scheduling/running-reminder';

describe('the sentence beside a scheduling confirmation', () => {
  it('says plainly when the installed app must be running, and what makes it so', () => {
    expect(runningReminder({ host: 'electron', startAtLogin: true, at: '10:00 am Sun' })).toBe(
      'AgencyIQ needs to be running on this computer at 10:00 am Sun — it starts with your computer and waits in the tray.',
    );
  });

  it('does not claim the app starts with the computer when the owner turned that off', () => {
    expect(runningReminder({ host: 'electron', startAtLogin: false, at: '10:00 am Sun' })).toBe(
      'AgencyIQ needs to be running on this computer at 10:00 am Sun — leave it open in the tray, or turn on “Start AgencyIQ when I log in” in Settings.',
    );
  });

  it('words it for the browser, which has no tray and never starts by itself', () => {
    const said = runningReminder({ host: 'browser', startAtLogin: true, at: '10:00 am Sun' });
    expect(said).toBe('AgencyIQ needs to be running on this computer at 10:00 am Sun — keep it running until then; nothing goes out while it is stopped.');
    expect(said).not.toMatch(/tray|host/);
  });

  it('names the time then the weekday in the business’s zone, adding the date from a week ahead', () => {
    const now = Date.UTC(2026, 11, 3, 2, 0); // Thu 3 Dec 2026, 12:00 pm in Brisbane
    const sunday10am = Date.UTC(2026, 11, 6, 0, 0); // Sun 6 Dec, 10:00 am in Brisbane
    expect(formatAppointment(sunday10am, 'Australia/Brisbane', now)).toBe('10:00 am Sun');
    expect(formatAppointment(sunday10am + 14 * 86_400_000, 'Australia/Brisbane', now)).toBe('10:00 am Sun 20 Dec');
  });
});
