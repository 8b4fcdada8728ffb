// The composition root: the only file that wires Electron into the app. Everything it calls is
// either a thin adapter in platform/ or plain Node code in core/ that knows nothing of Electron.
import path from 'node:path';
import { app, dialog, ipcMain, powerMonitor, session, type BrowserWindow } from 'electron';
import { preferencesSchema } from '@shared/ipc/preferences-channels';
import { LinkQueue } from './core/deep-links/link-queue';
import { openCore, type Core } from './core/open-core';
import { parseUpdateFeedUrl } from './core/updates/update-feed-url';
import { createDispatcher } from './ipc/dispatcher';
import { ipcEventChannel, registerIpcMain } from './ipc/register-ipc-main';
import { installAppMenu } from './platform/app-menu';
import { appIdentity, toCoreLink } from './platform/app-identity';
import { registerAppSchemeAsPrivileged, serveRendererOnAppScheme } from './platform/app-protocol';
import { APP_ORIGIN, APP_START_URL } from './platform/app-protocol-response';
import { listenForDeepLinks, registerAsDeepLinkHandler } from './platform/deep-link-sources';
import { createElectronNotifier } from './platform/electron-notifier';
import { createElectronSaveDialog } from './platform/electron-save-dialog';
import { createElectronUpdater } from './platform/electron-updater-adapter';
import { openExternalUrl, openFolder } from './platform/external-links';
import { createElectronLogger, electronLogsFolder } from './platform/log';
import { hasStatusNotifierHost } from './platform/linux-tray-host';
import { registerAppImageSchemeHandler, userApplicationsDir } from './platform/linux-scheme-handler';
import { createMainWindow, focusWindow } from './platform/main-window';
import { decideQuit, decideStartWindow, decideWindowClose, QUIT_WHILE_PUBLISHING_DIALOG, quitAnswer } from './platform/quit-decision';
import { runCommand } from './platform/run-command';
import { createSafeStorageSecretStore } from './platform/safe-storage-secret-store';
import { restrictPermissions } from './platform/session-permissions';
import { applyStartAtLogin, launchedAtLogin } from './platform/start-at-login';
import { createAppTray, type AppTray } from './platform/tray';
import { trayStatusText } from './platform/tray-status';
import { hardenWebContents } from './platform/web-contents-guards';
import { WindowStateStore } from './platform/window-state-store';

// main.cjs sits in out/electron/, next to preload.cjs; the renderer is built to out/renderer/.
const PRELOAD_PATH = path.join(__dirname, 'preload.cjs');
/** The core's background worker, bundled next to this file (build/bundle.mjs). */
const BACKGROUND_WORKER_FILE = path.join(__dirname, 'background-worker.cjs');
const RENDERER_ROOT = path.join(__dirname, '..', 'renderer');
// Copied next to main.cjs by build/bundle.mjs from the generated icons (@2x beside each). macOS
// gets the monochrome template image the menu bar tints; the others the colour icon.
const TRAY_ICON_PATH = path.join(__dirname, 'icons', process.platform === 'darwin' ? 'trayTemplate.png' : 'tray.png');
const TRAY_REFRESH_MS = 60_000;
const APP_LOCALE = 'en-AU';
const DEVELOPMENT_BUILD_UPDATES_REASON = 'This is a development build, which does not update itself. Installed copies of AgencyIQ update automatically.';

function main(): void {
  const identity = appIdentity(app.isPackaged);
  // Windows attributes notifications (and the login item) to this id; the installer stamps the
  // same one on its shortcuts. First, before anything can show a notification.
  if (process.platform === 'win32') app.setAppUserModelId(identity.appUserModelId);
  // The app speaks en-AU everywhere (renderer/src/format/dates.ts); Chromium draws the date
  // field's own display (dd/mm/yyyy) in its application locale, so ask for that one. Before ready.
  app.commandLine.appendSwitch('lang', APP_LOCALE);
  // A development run is another app to the OS: its own name (hence keychain item), data folder
  // and so single-instance lock (Electron names it after userData), and its own link scheme.
  if (!app.isPackaged) {
    app.setName(identity.name);
    app.setPath('userData', path.join(app.getPath('appData'), identity.name));
  }
  const logger = createElectronLogger({ verbose: !app.isPackaged });

  // A second launch (often the OS delivering a deep link) hands its argv to the running instance
  // through `second-instance` and leaves; two processes must never share one database.
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }

  // Linux shows a tray icon only where a StatusNotifier host runs; asked now, in the background,
  // answered (or given up, 1 s) long before the window could be closed. Unknown counts as none.
  let trayHostPresent = process.platform !== 'linux';
  const trayHostProbe = process.platform === 'linux' ? hasStatusNotifierHost(runCommand) : Promise.resolve(true);
  void trayHostProbe.then((present) => {
    trayHostPresent = present;
  });

  registerAppSchemeAsPrivileged();
  app.enableSandbox();
  registerAsDeepLinkHandler(identity.scheme);
  app.on('web-contents-created', (_event, contents) =>
    hardenWebContents(contents, { logger, openExternal: (url) => openExternalUrl(url, logger) }),
  );

  let core: Core | null = null;
  let mainWindow: BrowserWindow | null = null;
  // Links can arrive before the core and window exist (macOS `open-url` at launch, or argv).
  const waitingLinks: string[] = [];
  // Once the core runs, links wait here until the page says it is listening (`app.rendererReady`).
  const linkQueue = new LinkQueue((raw) => void core?.openDeepLink(raw));
  const windowStateStore = new WindowStateStore();
  // Tray and quit state: while quitting, windows close instead of hiding to the tray; once the
  // owner has answered "a post is publishing", quitting does not ask again.
  let tray: AppTray | null = null;
  let quitting = false;
  let quitConfirmed = false;
  let askingAboutQuit = false;

  const receiveDeepLink = (raw: string): void => {
    const link = toCoreLink(raw, identity.scheme);
    if (core === null) {
      waitingLinks.push(link);
      return;
    }
    // A link is a reason to show the window (macOS keeps running with none open, a login start
    // keeps it hidden). A page still loading gets the link once it says it is listening.
    showWindow();
    linkQueue.push(link);
  };

  // `route` (a hash such as `#/settings`) opens the window on that screen.
  const openMainWindow = (route = '', options: { minimized?: boolean } = {}): BrowserWindow => {
    linkQueue.rendererLoading();
    mainWindow = createMainWindow({
      preloadPath: PRELOAD_PATH,
      startUrl: APP_START_URL + route,
      stateStore: windowStateStore,
      title: app.getName(),
      logger,
      startMinimized: options.minimized === true,
    });
    const window = mainWindow;
    // A reload (after a restore) is a new page: it says ready again before links go to it.
    window.webContents.on('did-navigate', () => linkQueue.rendererLoading());
    window.on('close', (event) => {
      const decision = decideWindowClose({ platform: process.platform, quitting, trayAvailable: trayAvailable() });
      if (decision === 'close') return;
      event.preventDefault();
      if (decision === 'minimize') window.minimize();
      else window.hide();
    });
    // Windows log-off and shutdown send no before-quit/will-quit: the database is closed here.
    // `query-session-end` may still be cancelled (another program can refuse), so it only notes;
    // `session-end` is final.
    window.on('query-session-end', () => logger.info('Windows is ending the session'));
    window.on('session-end', () => closeCoreNow());
    window.on('closed', () => {
      if (mainWindow === window) mainWindow = null;
      linkQueue.rendererLoading();
    });
    return window;
  };

  const trayAvailable = (): boolean => tray !== null && trayHostPresent;

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
      .then((status) => {
        tray?.setStatus(trayStatusText(status, Date.now()), status.needsAttention);
        // The dock (macOS) and Unity-style launchers (Linux) show the same count; 0 clears it.
        // Windows has no app badge (the tray tooltip and menu carry the count there).
        if (process.platform !== 'win32') app.setBadgeCount(status.needsAttention);
      })
      .catch((error: unknown) => logger.warn('Could not update the tray status', { error }));
  };

  listenForDeepLinks(identity.scheme, {
    onDeepLink: receiveDeepLink,
    onSecondInstance: () => {
      if (mainWindow !== null) focusWindow(mainWindow);
      else if (core !== null) openMainWindow();
    },
  });

  const start = async (): Promise<void> => {
    restrictPermissions(session.defaultSession, logger, APP_ORIGIN);
    serveRendererOnAppScheme(RENDERER_ROOT);
    installAppMenu({ isMac: process.platform === 'darwin', isDevelopment: !app.isPackaged });

    core = await openCore({
      dataDir: app.getPath('userData'),
      logger,
      host: 'electron',
      version: app.getVersion(),
      // Null without any encryption: the core opens anyway and connections and the licence wait.
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
      backgroundWorkerFile: BACKGROUND_WORKER_FILE,
    });
    core.events.subscribe(({ event, payload }) => {
      if (mainWindow !== null && !mainWindow.isDestroyed()) mainWindow.webContents.send(ipcEventChannel(event), payload);
    });
    core.onRendererReady(() => linkQueue.rendererReady());
    registerIpcMain({
      ipcMain,
      dispatch: createDispatcher(core.handlers, logger),
      allowedOrigins: [APP_ORIGIN],
      logger,
    });

    // Tray, background running and start at login (the window may close; the app keeps going).
    const startedCore = core;
    trayHostPresent = await trayHostProbe;
    if (trayHostPresent) {
      tray = createAppTray({ iconPath: TRAY_ICON_PATH, template: process.platform === 'darwin', onOpen: showWindow, onQuit: () => app.quit(), logger });
    } else {
      logger.info('This desktop shows no tray icons; closing the window minimises it');
    }
    refreshTray();
    // Timers do not count time asleep: after sleep or a locked screen, due posts go out now.
    const wakeUp = (): void => {
      core?.wake();
      refreshTray();
    };
    powerMonitor.on('resume', wakeUp);
    powerMonitor.on('unlock-screen', wakeUp);
    if (process.platform === 'linux' && app.isPackaged && process.env.APPIMAGE !== undefined) {
      // An AppImage installs nothing: it registers itself for its links each start (it may have moved).
      const appImage = process.env.APPIMAGE;
      registerAppImageSchemeHandler({
        applicationsDir: userApplicationsDir(process.env, app.getPath('home')),
        appImage,
        scheme: identity.scheme,
        run: runCommand,
      })
        .then((registered) => {
          if (!registered) logger.info('xdg-mime is not available; links open AgencyIQ where the desktop reads the entry itself');
        })
        .catch((error: unknown) => logger.warn('Could not register the AppImage for links', { error: error instanceof Error ? error.message : String(error) }));
    }
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

    // Started by the login item: stay in the tray; without one, open minimised; a link opens it.
    const pending = waitingLinks.splice(0);
    const startWindow = decideStartWindow({ launchedAtLogin: launchedAtLogin(), trayAvailable: trayAvailable(), linkWaiting: pending.length > 0 });
    if (startWindow !== 'tray') openMainWindow('', { minimized: startWindow === 'minimized' });
    for (const link of pending) linkQueue.push(link);
  };

  // Every quit (tray, menu, Cmd+Q, an update's restart) passes here: while a post is publishing
  // the owner is asked first (`decideQuit`), and may choose to quit once it is done.
  const askBeforeQuitting = async (current: Core): Promise<void> => {
    if (askingAboutQuit) return;
    askingAboutQuit = true;
    try {
      const parent = mainWindow !== null && !mainWindow.isDestroyed() ? mainWindow : null;
      // A dialog attached to a hidden or minimised window is not seen (macOS does not show it;
      // Windows leaves it behind other windows): the window comes forward first.
      if (parent !== null) focusWindow(parent);
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

  // Closing the core: sends in flight are recorded, a backup under way is abandoned at its next
  // step (never mid-rename: renames are single synchronous steps, and start-up completes any a
  // kill interrupted), the database is checkpointed and closed.
  let closing: Promise<void> | null = null;
  const closeCore = (): Promise<void> => {
    if (core === null) return Promise.resolve();
    const closingCore = core;
    closing ??= closingCore
      .close()
      .catch((error: unknown) => logger.error('The database did not close cleanly', { error }))
      .finally(() => {
        core = null;
        tray?.destroy();
        tray = null;
      });
    return closing;
  };
  // `session-end`: Windows ends the process once this returns, so what is still open is closed
  // now, synchronously; the promise of `closeCore` may never get its turn.
  const closeCoreNow = (): void => {
    quitting = true;
    core?.closeNow();
    void closeCore();
  };

  // Electron does not wait for promises in quit handlers, so the first quit is held back until the
  // database is closed (WAL checkpointed, file handles released), then quit is asked for again.
  app.on('will-quit', (event) => {
    if (core === null) return;
    event.preventDefault();
    // Already closing (a session end): quit once that is done, as for any other quit.
    void closeCore().then(() => app.quit());
  });
}

main();
