// No runtime Electron import: the security audit test calls these under plain Node.
import type { BrowserWindowConstructorOptions, WebPreferences } from 'electron';
import { MIN_WINDOW_SIZE, type ScreenRectangle } from './window-state';

/**
 * The Electron security checklist for every window's renderer: isolated, sandboxed, no Node,
 * no <webview>, same-origin rules enforced, nothing experimental. Spellcheck stays on: owners
 * write posts here. Every window the app creates takes its webPreferences from this function
 * (the security audit test fails when a window does not).
 */
export function secureWebPreferences(preloadPath: string): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
    spellcheck: true,
  };
}

/** The main window's constructor options at the given place. */
export function mainWindowOptions(options: {
  preloadPath: string;
  title: string;
  /** Where to open; without x/y the OS centres it. */
  bounds: Partial<ScreenRectangle> & { width: number; height: number };
}): BrowserWindowConstructorOptions {
  return {
    ...options.bounds,
    minWidth: MIN_WINDOW_SIZE.width,
    minHeight: MIN_WINDOW_SIZE.height,
    title: options.title,
    // Shown once painted, so the owner never sees a white flash.
    show: false,
    backgroundColor: '#f7f7f5',
    webPreferences: secureWebPreferences(options.preloadPath),
  };
}
