import { PreferenceSwitch } from '../settings/PreferenceSwitch';
import { UsualSleepSetting } from '../settings/UsualSleepSetting';

/**
 * Settings → Startup: start at login (opens quietly in the tray so scheduled posts go out), and
 * the hours the computer usually sleeps (posts due then are marked).
 */
export function StartupSettingsSection() {
  return (
    <section className="settings-section" aria-labelledby="settings-startup">
      <h2 id="settings-startup">Startup</h2>
      <PreferenceSwitch
        name="startAtLogin"
        label="Start AgencyIQ when I log in"
        help="AgencyIQ opens quietly in the tray (the menu bar on a Mac), so scheduled posts go out even if you have not opened it. Closing the window keeps it running there; choose Quit from the tray to stop it."
      />
      <UsualSleepSetting />
    </section>
  );
}
