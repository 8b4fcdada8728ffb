// The composition root: the only file that wires Electron into the app. Everything it calls is
// either a thin adapter in platform/ or plain Node code in core/ that knows nothing of Electron.
import path from 'node:path';
import { app, dialog, ipcMain, session, type BrowserWindow } from 'electron';
import type { DeepLinkAction } from './core/deep-links/deep-link-action';
import { parseAppUrl } from './core/deep-links/parse-app-url';
import { openCore, type Core } from './core/open-core';
import type { Logger } from './core/ports/logger';
import { createDispatcher } from './ipc/dispatcher';
import { registerIpcMain } from './ipc/register-ipc-main';
import { installAppMenu } from './platform/app-menu';
import { registerAppSchemeAsPrivileged, serveRendererOnAppScheme } from './platform/app-protocol';
import { APP_ORIGIN, APP_START_URL } from './platform/app-protocol-response';
import { listenForDeepLinks, registerAsDeepLinkHandler } from './platform/deep-link-sources';
import { createElectronLogger } from './platform/log';
import { createMainWindow, focusWindow } from './platform/main-window';
import { denyAllPermissions } from './platform/session-permissions';
import { hardenWebContents } from './platform/web-contents-guards';
import { WindowStateStore } from './platform/window-state-store';

// main.cjs sits in out/electron/, next to preload.cjs; the renderer is built to out/renderer/.
const PRELOAD_PATH = path.join(__dirname, 'preload.cjs');
const RENDERER_ROOT = path.join(__dirname, '..', 'renderer');

function assertNever(value: never): never {
  throw new Error(`Unhandled deep link: ${JSON.stringify(value)}`);
}

/**
 * Acts on a deep link that parsed. Each kind has its owner: the OAuth links belong to the
 * connections flow, which matches them against a pending `state`; licence returns trigger a
 * licence sync; compose and draft links tell the renderer where to go. Until those exist, the
 * window coming forward is the whole effect and the log records what arrived.
 */
function handleDeepLink(action: DeepLinkAction, logger: Logger): void {
  switch (action.kind) {
    case 'oauth-callback':
    case 'oauth-error':
      logger.info('OAuth deep link received, but no sign-in is waiting for it', {
        kind: action.kind,
        platform: action.platform,
      });
      return;
    case 'oauth-complete':
      logger.info('OAuth relay hand-off received, but no sign-in is waiting for it', { kind: action.kind });
      return;
    case 'licence-return':
      logger.info('Returned from the Stripe page', { kind: action.kind, outcome: action.outcome });
      return;
    case 'open-compose':
    case 'open-draft':
      logger.info('Deep link to a screen received', { kind: action.kind });
      return;
    default:
      assertNever(action);
  }
}

function main(): void {
  const logger = createElectronLogger({ verbose: !app.isPackaged });

  // A second launch (often the OS delivering a deep link) hands its argv to the running instance
  // through `second-instance` and leaves; two processes must never share one database.
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }

  registerAppSchemeAsPrivileged();
  app.enableSandbox();
  registerAsDeepLinkHandler();
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, logger));

  let core: Core | null = null;
  let mainWindow: BrowserWindow | null = null;
  // Links can arrive before the window exists (macOS `open-url` at launch, or argv).
  const waitingLinks: DeepLinkAction[] = [];
  const windowStateStore = new WindowStateStore();

  const receiveDeepLink = (raw: string): void => {
    const parsed = parseAppUrl(raw);
    if (!parsed.ok) {
      // The logger redacts; the cut keeps a hostile megabyte-long link out of the file.
      logger.warn('Deep link refused', { reason: parsed.reason, link: raw.slice(0, 300) });
      return;
    }
    if (mainWindow === null) {
      waitingLinks.push(parsed.action);
      // macOS keeps running with no window; a link is a reason to show one.
      if (core !== null) openMainWindow();
      return;
    }
    focusWindow(mainWindow);
    handleDeepLink(parsed.action, logger);
  };

  const openMainWindow = (): void => {
    mainWindow = createMainWindow({
      preloadPath: PRELOAD_PATH,
      startUrl: APP_START_URL,
      stateStore: windowStateStore,
      title: app.getName(),
      logger,
    });
    mainWindow.on('closed', () => {
      mainWindow = null;
    });
    for (const action of waitingLinks.splice(0)) handleDeepLink(action, logger);
  };

  listenForDeepLinks({
    onDeepLink: receiveDeepLink,
    onSecondInstance: () => {
      if (mainWindow !== null) focusWindow(mainWindow);
      else if (core !== null) openMainWindow();
    },
  });

  const start = async (): Promise<void> => {
    denyAllPermissions(session.defaultSession, logger);
    serveRendererOnAppScheme(RENDERER_ROOT);
    installAppMenu({ isMac: process.platform === 'darwin', isDevelopment: !app.isPackaged });

    core = await openCore({
      dataDir: app.getPath('userData'),
      logger,
      host: 'electron',
      version: app.getVersion(),
    });
    registerIpcMain({
      ipcMain,
      dispatch: createDispatcher(core.handlers, logger),
      allowedOrigins: [APP_ORIGIN],
      logger,
    });
    openMainWindow();
  };

  app
    .whenReady()
    .then(start)
    .catch((error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      logger.error('AgencyIQ could not start', { error });
      dialog.showErrorBox('AgencyIQ could not start', message);
      app.exit(1);
    });

  app.on('activate', () => {
    // macOS: clicking the dock icon with no window open brings one back.
    if (mainWindow === null && core !== null) openMainWindow();
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  // Electron does not wait for promises in quit handlers, so the first quit is held back until the
  // database is closed (WAL checkpointed, file handles released), then quit is asked for again.
  let closing = false;
  app.on('will-quit', (event) => {
    if (core === null) return;
    event.preventDefault();
    if (closing) return;
    closing = true;
    const closingCore = core;
    closingCore
      .close()
      .catch((error: unknown) => logger.error('The database did not close cleanly', { error }))
      .finally(() => {
        core = null;
        app.quit();
      });
  });
}

main();
