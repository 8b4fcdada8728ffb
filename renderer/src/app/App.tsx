import { useEffect, useRef } from 'react';
import { DamagedDatabaseNotice } from '../backups/DamagedDatabaseNotice';
import { BrandPage } from '../brand/BrandPage';
import { CalendarPage } from '../calendar/CalendarPage';
import { ComposePage } from '../compose/ComposePage';
import { ConnectionsPage } from '../connections/ConnectionsPage';
import { DraftsPage } from '../drafts/DraftsPage';
import { PlanPage } from '../plan/PlanPage';
import { PublishingPage } from '../publishing/PublishingPage';
import { SettingsPage } from '../settings/SettingsPage';
import { ToastRegion } from '../ui/Toast';
import { UpdateBanner } from '../updates/UpdateBanner';
import { RecoveryNotice } from './RecoveryNotice';
import { useRoute, type Route } from './route';
import { Sidebar } from './Sidebar';
import { useAppEvents } from './use-app-events';
import { useRecovery } from './use-recovery';
import { useSandbox } from './use-sandbox';

const TITLES: Record<Route['page'], string> = {
  compose: 'Compose',
  drafts: 'Drafts',
  calendar: 'Calendar',
  publishing: 'Publishing',
  brand: 'Brand',
  connections: 'Connections',
  plan: 'Plan',
  settings: 'Settings',
};

function Page({ route, visit }: { route: Route; visit: number }) {
  switch (route.page) {
    case 'compose':
      // Each visit to "new draft" is a fresh draft with its own id.
      return <ComposePage key={route.draftId ?? `new-${visit}`} draftId={route.draftId} />;
    case 'drafts':
      return <DraftsPage />;
    case 'calendar':
      return <CalendarPage />;
    case 'publishing':
      return <PublishingPage />;
    case 'brand':
      return <BrandPage />;
    case 'connections':
      return <ConnectionsPage />;
    case 'plan':
      return <PlanPage />;
    case 'settings':
      return <SettingsPage />;
  }
}

export function App() {
  const { route, visit } = useRoute();
  const recovery = useRecovery();
  const appEvents = useAppEvents();
  const mainRef = useRef<HTMLElement>(null);
  const sandbox = useSandbox();

  useEffect(() => {
    document.title = `${TITLES[route.page]} – AgencyIQ`;
  }, [route.page]);

  // After moving to another page, start keyboard and screen-reader users at its content.
  useEffect(() => {
    if (visit > 0) mainRef.current?.focus();
  }, [visit]);

  return (
    <>
      <div className="shell">
        {/* A button, not an "#main" link: the hash holds the page, so a fragment link would navigate. */}
        <button type="button" className="skip-link" onClick={() => mainRef.current?.focus()}>
          Skip to content
        </button>
        <Sidebar current={route.page} />
        <main id="main" ref={mainRef} tabIndex={-1} className="content">
          {/* Inside main, so moving focus to the page's content keeps it in view. */}
          {sandbox && (
            <p className="sandbox-banner" role="note">
              Sandbox — nothing leaves this computer
            </p>
          )}
          {recovery === null ? (
            <p role="status" className="loading">
              Opening AgencyIQ…
            </p>
          ) : (
            <>
              <DamagedDatabaseNotice />
              <UpdateBanner />
              <RecoveryNotice outcome={recovery} />
              <Page route={route} visit={visit} />
            </>
          )}
        </main>
        <ToastRegion toast={appEvents.toast} onClose={appEvents.closeToast} />
      </div>
    </>
  );
}
