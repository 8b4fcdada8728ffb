import { QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { NotInApp } from './app/NotInApp';
import { createQueryClient } from './data/query-client';
import { hasBridge } from './ipc/client';
// Styles live next to the feature they dress; this list is their cascade order (shared base first).
import './app/app.css';
import './compose/compose.css';
import './compose/attachments/attachments.css';
import './media/media-cover.css';
import './compose/preview/preview.css';
import './drafts/drafts.css';
import './ui/toast.css';
import './ui/platform-logo.css';
import './settings/settings.css';
import './updates/updates.css';
import './connections/connections.css';
import './plan/plan.css';
import './scheduling/scheduling.css';
import './ui/modal.css';
import './calendar/calendar.css';
import './publishing/publishing.css';
import './assistant/assistant.css';
import './results/results.css';
import './home/home.css';

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      {hasBridge() ? (
        <QueryClientProvider client={createQueryClient()}>
          <App />
        </QueryClientProvider>
      ) : (
        <NotInApp />
      )}
    </StrictMode>,
  );
}
