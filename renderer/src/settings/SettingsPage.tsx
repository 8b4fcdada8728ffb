import { BackupsSection } from './BackupsSection';
import { DiagnosticsSection } from './DiagnosticsSection';
import { NotificationsSection } from './NotificationsSection';

/** Settings (`#/settings`): one section per concern, each loading and saving on its own. */
export function SettingsPage() {
  return (
    <>
      <header className="page-header">
        <h1>Settings</h1>
      </header>
      <div className="settings">
        {/* Updates and Startup sections (renderer/src/updates/, from the desktop-shell branch) go here. */}
        <NotificationsSection />
        <BackupsSection />
        <DiagnosticsSection />
      </div>
    </>
  );
}
