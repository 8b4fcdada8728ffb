import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type * as OpenCoreModule from '../../electron/core/open-core';
import type { CoreOptions } from '../../electron/core/open-core';
import { IPC_INVOKE_CHANNEL } from '../../electron/ipc/register-ipc-main';
import { PACKAGED_APP_ID } from '../../electron/platform/app-identity';
import { backgroundWorkerFile } from '../support/background-worker-file';
import { OFFLINE_SERVICES_ENV } from '../support/core-fixture';
import { cleanUpLaunches, createHarnessState, dbusAnswer, launch, mainWindow, type HarnessState } from '../support/electron-main-harness';
import { billingPeriod, createLeaseSigner, DAY_MS } from '../support/lease-signer';
import { scriptedAdapter, seedConnection, seedLease, seedScheduledPost, waitUntil, type ReceivedPublish } from '../support/publishing-fixture';

// electron/main.ts on each desktop, through the fake `electron` module (tests/fakes/electron):
// what an owner would meet on a real Windows, macOS or Linux computer, one behaviour per test.

const state = vi.hoisted(() => ({ harness: null as unknown as HarnessState }));

vi.mock('electron', () => import('../fakes/electron/fake-electron'));
vi.mock('electron-log/main', () => {
  const transport = { level: 'info' as unknown, maxSize: 0, archiveLogFn: undefined as unknown, getFile: () => ({ path: '/tmp/agencyiq-logs/main.log' }) };
  const noop = () => {};
  return {
    default: {
      transports: { file: transport, console: { level: false }, ipc: { level: false } },
      hooks: [] as unknown[],
      errorHandler: { startCatching: noop },
      debug: noop,
      info: noop,
      warn: noop,
      error: noop,
    },
  };
});
vi.mock('electron-store', () => ({
  default: class {
    readonly #values = new Map<string, unknown>();
    get(key: string) {
      return this.#values.get(key);
    }
    set(key: string, value: unknown) {
      this.#values.set(key, value);
    }
  },
}));
vi.mock('electron-updater', () => ({
  autoUpdater: { on: () => {}, off: () => {}, setFeedURL: () => {}, checkForUpdates: async () => null, downloadUpdate: async () => {}, quitAndInstall: () => {} },
}));
vi.mock('../../electron/platform/run-command', () => ({
  runCommand: async (file: string, args: readonly string[]) => {
    state.harness.commands.push({ file, args });
    return state.harness.answerCommand(file, args);
  },
}));
// The real core, on simulated time and offline services; the test keeps hold of it. Imported
// afresh on each launch (the factory's result is kept across module resets), so its classes
// are the ones the freshly loaded dispatcher checks errors against.
vi.mock('../../electron/core/open-core', () => ({
  DATABASE_FILE_NAME: 'agencyiq.db',
  openCore: async (options: CoreOptions) => {
    const original = await vi.importActual<typeof OpenCoreModule>('../../electron/core/open-core');
    const { env, ...overrides } = state.harness.coreOverrides as { env?: Record<string, string> };
    const core = await original.openCore({
      ...options,
      // main.ts names the bundled worker beside out/electron/main.cjs; here it is built from source.
      backgroundWorkerFile: backgroundWorkerFile(),
      clock: state.harness.time,
      timers: state.harness.time,
      env: { ...options.env, ...OFFLINE_SERVICES_ENV, ...env },
      ...overrides,
    });
    state.harness.core = core;
    return core;
  },
}));

state.harness = createHarnessState();
afterEach(async () => {
  await cleanUpLaunches(state.harness);
  state.harness = createHarnessState();
});

const PAGE_URL = 'app://agencyiq/index.html';
type Electron = Awaited<ReturnType<typeof launch>>['electron'];

/** The page calling a channel through the preload, as the real renderer does. */
async function invoke(electron: Electron, channel: string, payload: unknown = {}): Promise<{ ok: boolean; value?: unknown; error?: { code: string; message: string } }> {
  return (await electron.ipcMain.invoke(IPC_INVOKE_CHANNEL, PAGE_URL, { channel, payload })) as { ok: boolean; value?: unknown; error?: { code: string; message: string } };
}

const navigations = (electron: Electron) =>
  mainWindow(electron).webContents.sent.filter((message) => message.channel.endsWith('app.navigate')).map((message) => message.payload);

describe('Windows: notifications under the app\'s own identity', () => {
  it('sets the AppUserModelID from electron-builder.yml before anything else', async () => {
    const { electron } = await launch(state.harness, { platform: 'win32' });
    expect(electron.calls[0]).toBe(`app.setAppUserModelId ${PACKAGED_APP_ID}`);
    const builderConfig = fs.readFileSync(path.resolve(import.meta.dirname, '../../electron-builder.yml'), 'utf8');
    expect(builderConfig).toMatch(new RegExp(`^appId: ${PACKAGED_APP_ID.replace(/\./g, '\\.')}$`, 'm'));
  });

  it('does not set one on macOS or Linux (they identify apps by bundle and desktop file)', async () => {
    const { electron } = await launch(state.harness, { platform: 'darwin' });
    expect(electron.calls.some((call) => call.startsWith('app.setAppUserModelId'))).toBe(false);
  });
});

describe('a deep link to a running app started hidden at login', () => {
  it('waits until the page says it is listening, then is delivered', async () => {
    state.harness.answerCommand = () => dbusAnswer(true);
    const { electron } = await launch(state.harness, { platform: 'linux', argv: ['--hidden'] });
    expect(electron.BrowserWindow.getAllWindows()).toHaveLength(0); // in the tray

    electron.app.emit('second-instance', {}, ['/opt/AgencyIQ/agencyiq', 'agencyiq://compose'], '/home/sam');
    const window = mainWindow(electron);
    window.finishLoading(); // the page has loaded, but React has not subscribed yet
    await new Promise((resolve) => setImmediate(resolve));
    expect(navigations(electron)).toEqual([]);

    expect((await invoke(electron, 'app.rendererReady')).ok).toBe(true);
    await waitUntil(() => navigations(electron).length > 0, 'the link to be delivered');
    expect(navigations(electron)).toEqual([{ route: '#/compose' }]);

    // Once listening, later links go straight through.
    electron.app.emit('second-instance', {}, ['/opt/AgencyIQ/agencyiq', 'agencyiq://compose'], '/home/sam');
    await waitUntil(() => navigations(electron).length === 2, 'the second link');
  });
});

describe('Linux without a tray (stock GNOME)', () => {
  it('asks the session bus for a StatusNotifier host, and without one closing minimises instead of hiding', async () => {
    state.harness.answerCommand = (file) => (file === 'dbus-send' ? dbusAnswer(false) : { ok: false, stdout: '' });
    const { electron } = await launch(state.harness, { platform: 'linux' });
    expect(state.harness.commands.find((command) => command.file === 'dbus-send')?.args).toContain('string:org.kde.StatusNotifierWatcher');
    expect(electron.trays).toHaveLength(0);
    const window = mainWindow(electron);
    window.finishLoading();
    window.close();
    expect(window.isDestroyed()).toBe(false);
    expect(window.isMinimized()).toBe(true);
    expect(electron.calls).not.toContain('window.hide');
  });

  it('opens the window minimised when started at login', async () => {
    state.harness.answerCommand = () => dbusAnswer(false);
    const { electron } = await launch(state.harness, { platform: 'linux', argv: ['--hidden'] });
    const window = mainWindow(electron);
    window.finishLoading();
    expect(window.isMinimized()).toBe(true);
    expect(electron.calls).not.toContain('window.show');
  });

  it('hides to the tray where a host is present', async () => {
    state.harness.answerCommand = () => dbusAnswer(true);
    const { electron } = await launch(state.harness, { platform: 'linux' });
    expect(electron.trays).toHaveLength(1);
    const window = mainWindow(electron);
    window.finishLoading();
    window.close();
    expect(window.isVisible()).toBe(false);
    expect(window.isMinimized()).toBe(false);
  });
});

describe('Linux without a keyring', () => {
  it('starts anyway: drafting works, connections and the licence wait for the owner\'s choice, which is remembered', async () => {
    const noKeyring = { safeStorage: { available: true, backend: 'basic_text' as const } };
    const { electron, dirs } = await launch(state.harness, { platform: 'linux', electron: noKeyring });
    expect(electron.dialog.errorBoxes).toEqual([]);

    const draftId = randomUUID();
    expect((await invoke(electron, 'drafts.save', { id: draftId, body: 'Fresh loaves at 7', targets: [] })).ok).toBe(true);
    expect(await invoke(electron, 'secrets.status')).toEqual({ ok: true, value: { state: 'weak-needs-consent', protection: 'weak' } });
    const connect = await invoke(electron, 'connections.connect', { platform: 'x' });
    expect(connect.error?.code).toBe('unavailable');
    expect(connect.error?.message).toMatch(/waiting for your choice/);
    const licence = (await invoke(electron, 'licence.status')).value as { message: string; publishingAllowed: boolean };
    expect(licence.message).toMatch(/waiting for your choice/);
    expect(licence.publishingAllowed).toBe(false);
    // Nothing was encrypted with the weak store before the owner said yes.
    expect(electron.calls).not.toContain('safeStorage.encryptStringAsync');

    expect(await invoke(electron, 'secrets.acceptWeakStorage')).toEqual({ ok: true, value: { state: 'weak-accepted', protection: 'weak' } });
    expect(((await invoke(electron, 'licence.status')).value as { message: string }).message).not.toMatch(/waiting for your choice/);
    expect(electron.calls).toContain('safeStorage.encryptStringAsync'); // the licence identity now exists
    // The draft is still there after the domains were rebuilt.
    expect((await invoke(electron, 'drafts.get', { id: draftId })).ok).toBe(true);

    // Next start: the choice is remembered.
    await state.harness.core?.close();
    const again = await launch(state.harness, { platform: 'linux', electron: noKeyring, dirs });
    expect(await invoke(again.electron, 'secrets.status')).toEqual({ ok: true, value: { state: 'weak-accepted', protection: 'weak' } });
  });

  it('starts without any encryption at all, and says so', async () => {
    const { electron } = await launch(state.harness, { platform: 'linux', electron: { safeStorage: { available: false, backend: 'unknown' } } });
    expect(await invoke(electron, 'secrets.status')).toEqual({ ok: true, value: { state: 'unavailable', protection: null } });
    expect((await invoke(electron, 'secrets.acceptWeakStorage')).value).toEqual({ state: 'unavailable', protection: null });
    expect((await invoke(electron, 'drafts.save', { id: randomUUID(), body: 'Still drafting', targets: [] })).ok).toBe(true);
  });

  it('re-encrypts a saved sign-in when safeStorage says the key changed (shouldReEncrypt)', async () => {
    const { electron, core } = await launch(state.harness, { platform: 'linux' });
    const id = await seedConnection(core.connections.store, 'x', { accessToken: 'x-token-1' });
    const stored = () => Buffer.from(core.database.sqlite.prepare('SELECT token_ciphertext FROM connections WHERE id = ?').pluck().get(id) as Uint8Array).toString();
    expect(stored()).toMatch(/^k1:/);
    electron.keys.current = 2; // the OS key rotated
    await core.connections.store.readTokens(id);
    expect(stored()).toMatch(/^k2:/);
    expect((await core.connections.store.readTokens(id)).accessToken).toBe('x-token-1');
  });
});

describe('Linux AppImage', () => {
  it('writes a desktop entry for agencyiq:// links and makes it the default with xdg-mime', async () => {
    state.harness.answerCommand = (file) => (file === 'dbus-send' ? dbusAnswer(true) : { ok: true, stdout: '' });
    const dataHome = path.join(process.env['TMPDIR'] ?? '/tmp', `agencyiq-xdg-${randomUUID()}`);
    const appImage = '/home/sam/Apps/AgencyIQ 1.2.3.AppImage';
    await launch(state.harness, { platform: 'linux', env: { APPIMAGE: appImage, XDG_DATA_HOME: dataHome } });
    try {
      const file = path.join(dataHome, 'applications', 'agencyiq-appimage.desktop');
      await waitUntil(() => state.harness.commands.some((command) => command.file === 'xdg-mime'), 'xdg-mime to be asked');
      const entry = fs.readFileSync(file, 'utf8');
      expect(entry).toContain('MimeType=x-scheme-handler/agencyiq;\n');
      expect(entry).toContain(`Exec="${appImage}" %U\n`);
      expect(state.harness.commands.find((command) => command.file === 'xdg-mime')?.args).toEqual(['default', 'agencyiq-appimage.desktop', 'x-scheme-handler/agencyiq']);
    } finally {
      fs.rmSync(dataHome, { recursive: true, force: true });
    }
  });
});

describe('waking after sleep', () => {
  it('publishes a post that fell due during sleep within a second of resume, and refreshes the tray', async () => {
    const signer = createLeaseSigner();
    const received: ReceivedPublish[] = [];
    state.harness.coreOverrides = {
      env: { AGENCYIQ_LICENCE_PUBLIC_KEY: signer.publicKeyRaw },
      allowDevOverrides: true,
      platformAdapters: { x: scriptedAdapter('x', received) },
    };
    state.harness.answerCommand = () => dbusAnswer(true);
    const { electron, core } = await launch(state.harness, { platform: 'linux' });
    const time = state.harness.time;
    // The lease row is sealed with the key the app keeps through safeStorage (the fake's here).
    const appSecrets = {
      protection: 'keyring' as const,
      encrypt: (plainText: string) => electron.safeStorage.encryptStringAsync(plainText),
      decrypt: async (cipherText: Buffer) => (await electron.safeStorage.decryptStringAsync(cipherText)).result,
    };
    await seedLease(core.database.sqlite, signer, time.now(), { postsPerCycle: 27, ...billingPeriod(time.now() - 5 * DAY_MS) }, appSecrets);
    const connectionId = await seedConnection(core.connections.store, 'x');
    seedScheduledPost(core.database.sqlite, { body: 'Hot cross buns are back', scheduledAt: time.now() + 3 * 60_000, targets: [{ platform: 'x', connectionId }] });
    core.wake(); // as scheduling does after a change: the engine sleeps until the post is due
    await new Promise((resolve) => setImmediate(resolve));

    // The lid closes for ten minutes: the clock moves on, timers do not count the sleep.
    time.sleep(10 * 60_000);
    const tooltipsBefore = electron.trays[0]?.statuses.length ?? 0;
    electron.powerMonitor.emit('resume');
    time.advance(1_000);
    await waitUntil(() => received.length > 0, 'the due post to go out after resume');
    expect(received[0]?.request.text).toBe('Hot cross buns are back');
    await waitUntil(() => (electron.trays[0]?.statuses.length ?? 0) > tooltipsBefore, 'the tray to refresh');
  });

  it('also wakes on unlock-screen', async () => {
    state.harness.answerCommand = () => dbusAnswer(true);
    const { electron, core } = await launch(state.harness, { platform: 'win32' });
    const wake = vi.spyOn(core, 'wake');
    electron.powerMonitor.emit('unlock-screen');
    expect(wake).toHaveBeenCalledTimes(1);
  });
});

describe('quitting while a post is publishing', () => {
  it.each(['hidden', 'minimised'] as const)('brings a %s window forward before asking', async (how) => {
    state.harness.answerCommand = () => dbusAnswer(true);
    const { electron, core } = await launch(state.harness, { platform: 'linux' });
    const window = mainWindow(electron);
    window.finishLoading();
    if (how === 'hidden') window.close(); // to the tray
    else window.minimize();
    const done = core.publishing.begin();
    try {
      electron.app.quit();
      await waitUntil(() => electron.dialog.shown.length > 0, 'the question');
      const question = electron.dialog.shown[0];
      expect(question !== undefined && (question.parent === null || (question.parentVisible && !question.parentMinimized))).toBe(true);
      expect(question?.options['title']).toBe('A post is publishing');
      expect(electron.app.quitCompleted).toBe(false); // "Keep AgencyIQ open" was answered
    } finally {
      done();
    }
  });
});

describe('clipboard', () => {
  it('lets the app page write to the clipboard, and nothing else, and no other origin', async () => {
    const { electron } = await launch(state.harness, { platform: 'darwin' });
    const session = electron.session.defaultSession;
    expect(await session.requestPermission('clipboard-sanitized-write', `${PAGE_URL}#/plan`)).toBe(true);
    expect(session.checkPermission('clipboard-sanitized-write', PAGE_URL)).toBe(true);
    expect(await session.requestPermission('clipboard-read', PAGE_URL)).toBe(false);
    expect(await session.requestPermission('clipboard-sanitized-write', 'https://agencyiq.example/')).toBe(false);
    expect(session.checkPermission('clipboard-sanitized-write', 'https://agencyiq.example/')).toBe(false);
  });
});

describe('a development run next to the installed app', () => {
  it('has its own name, data folder, single-instance lock and link scheme', async () => {
    const installed = await launch(state.harness, { platform: 'win32' });
    const installedData = state.harness.core?.database.sqlite.name;
    expect(installed.electron.app.protocolClients.map((client) => client.scheme)).toEqual(['agencyiq']);
    await state.harness.core?.close();

    const dev = await launch(state.harness, { platform: 'win32', electron: { isPackaged: false }, dirs: installed.dirs });
    const { app, calls } = dev.electron;
    expect(app.getName()).toBe('AgencyIQ Dev');
    expect(app.getPath('userData')).toBe(path.join(installed.dirs.appData, 'AgencyIQ Dev'));
    expect(calls).toContain(`app.requestSingleInstanceLock ${path.join(installed.dirs.appData, 'AgencyIQ Dev')}`);
    expect(state.harness.core?.database.sqlite.name).toBe(path.join(installed.dirs.appData, 'AgencyIQ Dev', 'agencyiq.db'));
    expect(state.harness.core?.database.sqlite.name).not.toBe(installedData);
    expect(app.protocolClients.map((client) => client.scheme)).toEqual(['agencyiq-dev']);
    expect(app.appUserModelId).toBe(`${PACKAGED_APP_ID}.dev`);

    // Its own links reach it; the installed app's do not.
    const window = mainWindow(dev.electron);
    window.finishLoading();
    await invoke(dev.electron, 'app.rendererReady');
    app.emit('second-instance', {}, ['agencyiq.exe', 'agencyiq://compose'], 'C:\\');
    app.emit('second-instance', {}, ['agencyiq.exe', 'agencyiq-dev://compose'], 'C:\\');
    await waitUntil(() => navigations(dev.electron).length > 0, 'the dev link');
    expect(navigations(dev.electron)).toEqual([{ route: '#/compose' }]);
  });
});

describe('Windows log-off and shutdown', () => {
  it('closes the database when the session ends (no before-quit or will-quit comes)', async () => {
    state.harness.answerCommand = () => dbusAnswer(true);
    const { electron, core } = await launch(state.harness, { platform: 'win32' });
    const window = mainWindow(electron);
    window.finishLoading();
    const sqlite = core.database.sqlite;
    window.endSession(['logoff']);
    // Synchronously: Windows ends the process once the handlers return.
    expect(sqlite.open).toBe(false);
    expect(fs.existsSync(`${sqlite.name}-wal`)).toBe(false); // checkpointed
  });
});

describe('the owner\'s locale', () => {
  it('asks Chromium for en-AU before ready, so the date field reads dd/mm/yyyy like every other date', async () => {
    const { electron } = await launch(state.harness, { platform: 'linux' });
    expect(electron.calls).toContain('app.commandLine.appendSwitch lang en-AU');
  });
});
