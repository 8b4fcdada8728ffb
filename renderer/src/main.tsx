import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { NotInApp } from './app/NotInApp';
import { hasBridge } from './ipc/client';
import './app/app.css';

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(<StrictMode>{hasBridge() ? <App /> : <NotInApp />}</StrictMode>);
}
