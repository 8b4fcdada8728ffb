import { describe, expect, it } from 'vitest';
import { DEFAULT_PREFERENCES, defaultPreferences } from '@shared/ipc/preferences-channels';
import { firstRunSentence } from '../../renderer/src/app/first-run-notice';

describe('the first run of the installed app', () => {
  it('says in one sentence that AgencyIQ starts at login and notifies, by default', () => {
    const said = firstRunSentence('electron', defaultPreferences('electron'), false);
    expect(said).toBe(
      'AgencyIQ starts when you log in, waits in the tray and tells you how each post went, so scheduled posts go out on time — you can change this in Settings.',
    );
    expect(said!.split('. ').length).toBe(1);
  });

  it('is not said again once dismissed, nor in the browser, nor when starting at login is off', () => {
    expect(firstRunSentence('electron', DEFAULT_PREFERENCES, true)).toBeNull();
    expect(firstRunSentence('browser', defaultPreferences('browser'), false)).toBeNull();
    expect(firstRunSentence('electron', { ...DEFAULT_PREFERENCES, startAtLogin: false }, false)).toBeNull();
  });

  it('does not promise notifications the owner turned off', () => {
    expect(firstRunSentence('electron', { ...DEFAULT_PREFERENCES, notificationsEnabled: false }, false)).toBe(
      'AgencyIQ starts when you log in and waits in the tray, so scheduled posts go out on time — you can change this in Settings.',
    );
  });
});
