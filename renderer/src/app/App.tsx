import { useEffect, useRef } from 'react';
import { DamagedDatabaseNotice } from '../backups/DamagedDatabaseNotice';
import { useContractEvents } from '../data/use-contract-events';
import { useIpcQuery } from '../data/use-ipc-query';
import { ToastRegion } from '../ui/Toast';
import { UpdateBanner } from '../updates/UpdateBanner';
import { FirstRunNotice } from './FirstRunNotice';
import { pageFor } from './pages';
import { RecoveryNotice } from './RecoveryNotice';
import { Sidebar } from './Sidebar';
import { useAppEvents } from './use-app-events';
import { useRecovery } from './use-recovery';
import { useRoute } from './use-route';
import { useSandbox } from './use-sandbox';

export function App() {
  useContractEvents();
  const { route, visit } = useRoute();
  const page = pageFor(route);
  const recovery = useRecovery();
  const appEvents = useAppEvents();
  const mainRef = useRef<HTMLElement>(null);
  const sandbox = useSandbox();
  const browser = useIpcQuery('app.info', {}).data?.host === 'browser';

  useEffect(() => {
    document.title = `${page.title} – AgencyIQ`;
  }, [page.title]);

  // After moving to another page, start keyboard and screen-reader users at its content.
  useEffect(() => {
    if (visit > 0) mainRef.current?.focus();
  }, [visit]);

  return (
    <div className="shell">
      {/* A button, not an "#main" link: the hash holds the page, so a fragment link would navigate. */}
      <button type="button" className="skip-link" onClick={() => mainRef.current?.focus()}>
        Skip to content
      </button>
      <Sidebar current={route.page} />
      <main id="main" ref={mainRef} tabIndex={-1} className="content">
        {/* Inside main, so moving focus to the page's content keeps it in view. */}
        {/* The browser's own notice, said once here rather than on the pages it concerns (the
            sandbox has its own banner, and one banner is enough). */}
        {browser && !sandbox && (
          <p className="browser-banner" role="note">
            You are using AgencyIQ in a web browser: it does not start with your computer, and posts go out only while it
            keeps running.
          </p>
        )}
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
            <FirstRunNotice />
            <RecoveryNotice outcome={recovery} />
            {page.render(route, visit)}
          </>
        )}
      </main>
      <ToastRegion toast={appEvents.toast} onClose={appEvents.closeToast} />
    </div>
  );
}
