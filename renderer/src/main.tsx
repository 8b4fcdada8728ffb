import { QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { NotInApp } from './app/NotInApp';
import { createQueryClient } from './data/query-client';
import { hasBridge } from './ipc/client';
import './app/app.css';

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
