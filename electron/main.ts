// The composition root: the only file that wires Electron into the app. Everything it calls is
// either a thin adapter in platform/ or plain Node code in core/ that knows nothing of Electron.
import path from 'node:path';
import { app, dialog, ipcMain, session, type BrowserWindow } from 'electron';
import { openCore, type Core } from './core/open-core';
import { createDispatcher } from './ipc/dispatcher';
import { ipcEventChannel, registerIpcMain } from './ipc/register-ipc-main';
import { installAppMenu } from './platform/app-menu';
import { registerAppSchemeAsPrivileged, serveRendererOnAppScheme } from './platform/app-protocol';
import { APP_ORIGIN, APP_START_URL } from './platform/app-protocol-response';
import { listenForDeepLinks, registerAsDeepLinkHandler } from './platform/deep-link-sources';
import { openExternalUrl } from './platform/external-links';
import { createElectronLogger } from './platform/log';
import { createMainWindow, focusWindow } from './platform/main-window';
import { createSafeStorageSecretStore } from './platform/safe-storage-secret-store';
import { denyAllPermissions } from './platform/session-permissions';
import { hardenWebContents } from './platform/web-contents-guards';
import { WindowStateStore } from './platform/window-state-store';

// main.cjs sits in out/electron/, next to preload.cjs; the renderer is built to out/renderer/.
const PRELOAD_PATH = path.join(__dirname, 'preload.cjs');
const RENDERER_ROOT = path.join(__dirname, '..', 'renderer');

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
  // Links can arrive before the core and window exist (macOS `open-url` at launch, or argv).
  const waitingLinks: string[] = [];
  const windowStateStore = new WindowStateStore();

  const receiveDeepLink = (raw: string): void => {
    if (core === null) {
      waitingLinks.push(raw);
      return;
    }
    // A link is a reason to show the window (macOS keeps running with none open).
    if (mainWindow === null) openMainWindow();
    else focusWindow(mainWindow);
    void core.openDeepLink(raw);
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
    for (const raw of waitingLinks.splice(0)) void core?.openDeepLink(raw);
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
      secretStore: await createSafeStorageSecretStore(),
      shell: { openExternal: (url) => openExternalUrl(url, logger) },
      env: process.env,
      allowDevOverrides: !app.isPackaged,
    });
    core.events.subscribe(({ event, payload }) => {
      if (mainWindow !== null && !mainWindow.isDestroyed()) mainWindow.webContents.send(ipcEventChannel(event), payload);
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
