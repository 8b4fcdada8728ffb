import { BrowserWindow, screen } from 'electron';
import type { Logger } from '../core/ports/logger';
import { windowStateToRestore } from './window-state';
import { mainWindowOptions } from './window-options';
import type { WindowStateStore } from './window-state-store';

/**
 * Creates the one main window with the full Electron security checklist in its web preferences
 * (`secureWebPreferences`), at its remembered place, and loads `startUrl`. Navigation and window-open rules are applied to
 * every webContents by `hardenWebContents`, not here.
 */
export function createMainWindow(options: {
  preloadPath: string;
  startUrl: string;
  stateStore: WindowStateStore;
  title: string;
  logger: Logger;
  /** Appear minimised (start at login on a desktop without a tray): in the task bar, out of the way. */
  startMinimized?: boolean;
}): BrowserWindow {
  const workAreas = screen.getAllDisplays().map((display) => display.workArea);
  const { bounds, maximized } = windowStateToRestore(options.stateStore.load(), workAreas);

  const window = new BrowserWindow(mainWindowOptions({ preloadPath: options.preloadPath, title: options.title, bounds }));

  options.stateStore.track(window);
  window.once('ready-to-show', () => {
    if (maximized) window.maximize();
    // Electron shows a hidden window minimised when asked to minimise it.
    if (options.startMinimized === true) window.minimize();
    else window.show();
  });
  window.loadURL(options.startUrl).catch((error: unknown) => {
    options.logger.error('The main window could not load the app', {
      error: error instanceof Error ? error.message : String(error),
    });
  });
  return window;
}

/** Brings the window to the front, restoring it if minimised (second launch, deep link). */
export function focusWindow(window: BrowserWindow): void {
  if (window.isDestroyed()) return;
  if (window.isMinimized()) window.restore();
  if (!window.isVisible()) window.show();
  window.focus();
}
