// The composition root: the only file that wires Electron into the app. Everything it calls is
// either a thin adapter in platform/ or plain Node code in core/ that knows nothing of Electron.
import path from 'node:path';
import { app, dialog, ipcMain, session, type BrowserWindow } from 'electron';
import { preferencesSchema } from '@shared/ipc/preferences-channels';
import { openCore, type Core } from './core/open-core';
import { parseUpdateFeedUrl } from './core/updates/update-feed-url';
import { createDispatcher } from './ipc/dispatcher';
import { ipcEventChannel, registerIpcMain } from './ipc/register-ipc-main';
import { installAppMenu } from './platform/app-menu';
import { registerAppSchemeAsPrivileged, serveRendererOnAppScheme } from './platform/app-protocol';
import { APP_ORIGIN, APP_START_URL } from './platform/app-protocol-response';
import { listenForDeepLinks, registerAsDeepLinkHandler } from './platform/deep-link-sources';
import { createElectronNotifier } from './platform/electron-notifier';
import { createElectronSaveDialog } from './platform/electron-save-dialog';
import { createElectronUpdater } from './platform/electron-updater-adapter';
import { openExternalUrl, openFolder } from './platform/external-links';
import { createElectronLogger, electronLogsFolder } from './platform/log';
import { createMainWindow, focusWindow } from './platform/main-window';
import { decideQuit, decideWindowClose, QUIT_WHILE_PUBLISHING_DIALOG, quitAnswer } from './platform/quit-decision';
import { createSafeStorageSecretStore } from './platform/safe-storage-secret-store';
import { denyAllPermissions } from './platform/session-permissions';
import { applyStartAtLogin, launchedAtLogin } from './platform/start-at-login';
import { createAppTray, type AppTray } from './platform/tray';
import { trayStatusText } from './platform/tray-status';
import { hardenWebContents } from './platform/web-contents-guards';
import { WindowStateStore } from './platform/window-state-store';

// main.cjs sits in out/electron/, next to preload.cjs; the renderer is built to out/renderer/.
const PRELOAD_PATH = path.join(__dirname, 'preload.cjs');
const RENDERER_ROOT = path.join(__dirname, '..', 'renderer');
// Copied next to main.cjs by build/bundle.mjs from the generated icons (tray@2x.png beside it).
const TRAY_ICON_PATH = path.join(__dirname, 'icons', 'tray.png');
const TRAY_REFRESH_MS = 60_000;
const DEVELOPMENT_BUILD_UPDATES_REASON = 'This is a development build, which does not update itself. Installed copies of AgencyIQ update automatically.';

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
  app.on('web-contents-created', (_event, contents) =>
    hardenWebContents(contents, { logger, openExternal: (url) => openExternalUrl(url, logger) }),
  );

  let core: Core | null = null;
  let mainWindow: BrowserWindow | null = null;
  // Links can arrive before the core and window exist (macOS `open-url` at launch, or argv).
  const waitingLinks: string[] = [];
  const windowStateStore = new WindowStateStore();
  // Tray and quit state: while quitting, windows close instead of hiding to the tray; once the
  // owner has answered "a post is publishing", quitting does not ask again.
  let tray: AppTray | null = null;
  let quitting = false;
  let quitConfirmed = false;
  let askingAboutQuit = false;

  const receiveDeepLink = (raw: string): void => {
    if (core === null) {
      waitingLinks.push(raw);
      return;
    }
    const current = core;
    // A link is a reason to show the window (macOS keeps running with none open). A new window
    // gets the link once its page has loaded, so a screen change it causes is not sent to nobody.
    if (mainWindow === null) {
      openMainWindow().webContents.once('did-finish-load', () => void current.openDeepLink(raw));
      return;
    }
    focusWindow(mainWindow);
    void current.openDeepLink(raw);
  };

  // `route` (a hash such as `#/settings`) opens the window on that screen.
  const openMainWindow = (route = ''): BrowserWindow => {
    mainWindow = createMainWindow({
      preloadPath: PRELOAD_PATH,
      startUrl: APP_START_URL + route,
      stateStore: windowStateStore,
      title: app.getName(),
      logger,
    });
    const window = mainWindow;
    window.on('close', (event) => {
      if (decideWindowClose({ platform: process.platform, quitting, trayAvailable: tray !== null }) === 'close') return;
      event.preventDefault();
      window.hide();
    });
    mainWindow.on('closed', () => {
      mainWindow = null;
    });
    // Links that came before the window are handled once its page can hear what they change.
    const pending = waitingLinks.splice(0);
    if (pending.length > 0) {
      window.webContents.once('did-finish-load', () => {
        for (const raw of pending) void core?.openDeepLink(raw);
      });
    }
    return window;
  };

  const showWindow = (): void => {
    if (mainWindow === null) {
      if (core !== null) openMainWindow();
    } else focusWindow(mainWindow);
  };

  const refreshTray = (): void => {
    const current = core;
    if (current === null || tray === null) return;
    current
      .backgroundStatus()
      .then((status) => tray?.setStatus(trayStatusText(status, Date.now())))
      .catch((error: unknown) => logger.warn('Could not update the tray status', { error }));
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
      shell: { openExternal: (url) => openExternalUrl(url, logger), openPath: (folder) => openFolder(folder, logger) },
      env: process.env,
      logsFolder: electronLogsFolder(),
      saveDialog: createElectronSaveDialog(() => mainWindow),
      // A clicked notification brings the window forward on the screen it is about.
      notifier: createElectronNotifier({
        logger,
        onClick: (route) => {
          if (mainWindow === null) {
            openMainWindow(route);
            return;
          }
          focusWindow(mainWindow);
          core?.events.emit('app.navigate', { route });
        },
      }),
      updates: app.isPackaged
        ? {
            updater: createElectronUpdater({
              logger,
              feedUrl: parseUpdateFeedUrl(process.env),
              beforeRestart: () => {
                quitting = true;
                quitConfirmed = true;
              },
            }),
          }
        : { disabledReason: DEVELOPMENT_BUILD_UPDATES_REASON },
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

    // Tray, background running and start at login (the window may close; the app keeps going).
    const startedCore = core;
    tray = createAppTray({ iconPath: TRAY_ICON_PATH, onOpen: showWindow, onQuit: () => app.quit(), logger });
    refreshTray();
    setInterval(refreshTray, TRAY_REFRESH_MS).unref();
    startedCore.publishing.onChange(refreshTray);
    let startAtLogin = (await startedCore.preferences.get()).startAtLogin;
    applyStartAtLogin(startAtLogin, logger);
    startedCore.events.subscribe(({ event, payload }) => {
      if (event !== 'preferences.changed') return;
      const parsed = preferencesSchema.safeParse(payload);
      if (!parsed.success || parsed.data.startAtLogin === startAtLogin) return;
      startAtLogin = parsed.data.startAtLogin;
      applyStartAtLogin(startAtLogin, logger);
    });

    // Started by the login item: stay in the tray, unless there is no tray or a link is waiting.
    if (!launchedAtLogin() || tray === null || waitingLinks.length > 0) openMainWindow();
  };

  // Every quit (tray, menu, Cmd+Q, an update's restart) passes here: while a post is publishing
  // the owner is asked first (`decideQuit`), and may choose to quit once it is done.
  const askBeforeQuitting = async (current: Core): Promise<void> => {
    if (askingAboutQuit) return;
    askingAboutQuit = true;
    try {
      const parent = mainWindow !== null && !mainWindow.isDestroyed() ? mainWindow : null;
      const { response } = parent
        ? await dialog.showMessageBox(parent, QUIT_WHILE_PUBLISHING_DIALOG)
        : await dialog.showMessageBox(QUIT_WHILE_PUBLISHING_DIALOG);
      const answer = quitAnswer(response);
      if (answer === 'stay') return;
      quitConfirmed = true;
      if (answer === 'quit-now' || !current.publishing.isPublishing()) {
        app.quit();
        return;
      }
      const stopWaiting = current.publishing.onChange((publishing) => {
        if (publishing) return;
        stopWaiting();
        app.quit();
      });
    } finally {
      askingAboutQuit = false;
    }
  };

  app.on('before-quit', (event) => {
    if (core === null || decideQuit({ publishing: core.publishing.isPublishing(), confirmed: quitConfirmed }) === 'quit') {
      quitting = true;
      return;
    }
    event.preventDefault();
    void askBeforeQuitting(core);
  });

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
    // macOS: clicking the dock icon with no window open (or hidden) brings one back.
    if (core !== null) showWindow();
  });

  // Reached on Windows/Linux only when there is no tray to hide to (see decideWindowClose).
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
        tray?.destroy();
        tray = null;
        app.quit();
      });
  });
}

main();
