import { AssistantSettingsSection } from '../assistant/AssistantSettingsSection';
import { BackupsSection } from './BackupsSection';
import { DiagnosticsSection } from './DiagnosticsSection';
import { StartupSettingsSection } from '../updates/StartupSettingsSection';
import { UpdateSettingsSection } from '../updates/UpdateSettingsSection';
import { MissedPostsSection } from './MissedPostsSection';
import { NotificationsSection } from './NotificationsSection';
import { ResultsSection } from './ResultsSection';

/** Settings (`#/settings`): one section per concern, each loading and saving on its own. */
export function SettingsPage() {
  return (
    <>
      <header className="page-header">
        <h1>Settings</h1>
      </header>
      <div className="settings">
        <UpdateSettingsSection />
        <StartupSettingsSection />
        <NotificationsSection />
        <MissedPostsSection />
        <AssistantSettingsSection />
        <ResultsSection />
        <BackupsSection />
        <DiagnosticsSection />
      </div>
    </>
  );
}
