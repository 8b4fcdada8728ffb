import { EventEmitter } from 'node:events';
import path from 'node:path';

// A stand-in for the `electron` module (Electron 45) for tests of the main process glue. It
// records every call in one ordered log (`calls`) and emits events in the order the real one
// does: `will-finish-launching` → `ready` (then `whenReady()` resolves); `loadURL` →
// `did-start-loading`, `did-navigate`, `dom-ready`, `ready-to-show`, `did-finish-load`;
// `app.quit()` → `before-quit` → every window's `close` → `will-quit` → `quit`, each of the
// cancellable ones stopping the chain when a listener calls `preventDefault()`. What the real
// API refuses, it refuses: `setAppUserModelId`, `setName`, `setPath` work any time but
// `requestSingleInstanceLock` fixes the lock to the userData folder at that moment; safeStorage
// throws before `ready`; a destroyed window throws on use.

export interface FakeElectronConfig {
  platform: NodeJS.Platform;
  isPackaged: boolean;
  /** The OS's `appData` (userData defaults to `<appData>/<name>`). */
  appData: string;
  home: string;
  /** Whether a tray icon can be created at all (`new Tray` throws otherwise). */
  trayConstructs: boolean;
  safeStorage: { available: boolean; backend: 'basic_text' | 'gnome_libsecret' | 'kwallet' | 'kwallet5' | 'kwallet6' | 'unknown' };
  /** Answer (button index) the next message boxes give. */
  messageBoxResponse: number;
  /** Names already holding a single-instance lock (userData folders). */
  lockedFolders: Set<string>;
}

interface PreventableEvent {
  defaultPrevented: boolean;
  preventDefault(): void;
}

function preventable(): PreventableEvent {
  return {
    defaultPrevented: false,
    preventDefault() {
      this.defaultPrevented = true;
    },
  };
}

export const calls: string[] = [];
const record = (entry: string): void => {
  calls.push(entry);
};

export const config: FakeElectronConfig = {
  platform: 'linux',
  isPackaged: true,
  appData: '/tmp/appdata',
  home: '/tmp/home',
  trayConstructs: true,
  safeStorage: { available: true, backend: 'gnome_libsecret' },
  messageBoxResponse: 2,
  lockedFolders: new Set(),
};

/** A safeStorage key generation: raising it makes older ciphertext decrypt with `shouldReEncrypt`. */
export const keys = { current: 1 };

// ---------------------------------------------------------------- app

class FakeApp extends EventEmitter {
  #ready = false;
  #readyWaiters: Array<() => void> = [];
  #name = 'AgencyIQ';
  #paths = new Map<string, string>();
  #aumid: string | null = null;
  exited: number | null = null;
  quitCompleted = false;
  protocolClients: Array<{ scheme: string; args: string[] }> = [];
  loginItem = { openAtLogin: false, wasOpenedAtLogin: false };
  /** Chromium's switches; like Electron, only those given before `ready` take effect. */
  readonly commandLine = {
    appendSwitch: (name: string, value?: string): void => {
      if (this.#ready) throw new Error(`app.commandLine.appendSwitch('${name}') after ready has no effect`);
      record(`app.commandLine.appendSwitch ${name}${value === undefined ? '' : ` ${value}`}`);
    },
  };

  /** A new process: nothing set, not ready. */
  resetProcess(): void {
    this.removeAllListeners();
    this.#ready = false;
    this.#readyWaiters = [];
    this.#name = 'AgencyIQ';
    this.#paths.clear();
    this.#aumid = null;
    this.exited = null;
    this.quitCompleted = false;
    this.protocolClients = [];
    this.loginItem = { openAtLogin: false, wasOpenedAtLogin: false };
  }
  get isPackaged(): boolean {
    return config.isPackaged;
  }
  get appUserModelId(): string | null {
    return this.#aumid;
  }
  isReady(): boolean {
    return this.#ready;
  }
  whenReady(): Promise<void> {
    record('app.whenReady');
    if (this.#ready) return Promise.resolve();
    return new Promise((resolve) => this.#readyWaiters.push(resolve));
  }
  /** What the OS does once the process has started: launching finishes, then `ready`. */
  emitReady(): void {
    this.emit('will-finish-launching');
    this.#ready = true;
    this.emit('ready', { preventDefault() {} }, {});
    for (const resolve of this.#readyWaiters.splice(0)) resolve();
  }
  setAppUserModelId(id: string): void {
    record(`app.setAppUserModelId ${id}`);
    this.#aumid = id;
  }
  getName(): string {
    return this.#name;
  }
  setName(name: string): void {
    record(`app.setName ${name}`);
    this.#name = name;
  }
  getVersion(): string {
    return '1.2.3';
  }
  getPath(name: string): string {
    const set = this.#paths.get(name);
    if (set !== undefined) return set;
    switch (name) {
      case 'appData':
        return config.appData;
      case 'userData':
        return path.join(config.appData, this.#name);
      case 'home':
        return config.home;
      case 'downloads':
        return path.join(config.home, 'Downloads');
      case 'logs':
        return path.join(this.getPath('userData'), 'logs');
      case 'exe':
        return '/opt/AgencyIQ/agencyiq';
      default:
        throw new Error(`Failed to get '${name}' path`);
    }
  }
  setPath(name: string, value: string): void {
    record(`app.setPath ${name} ${value}`);
    this.#paths.set(name, value);
  }
  requestSingleInstanceLock(): boolean {
    // Electron names the lock after the userData folder as it is when this is called.
    const folder = this.getPath('userData');
    record(`app.requestSingleInstanceLock ${folder}`);
    if (config.lockedFolders.has(folder)) return false;
    config.lockedFolders.add(folder);
    return true;
  }
  enableSandbox(): void {
    if (this.#ready) throw new Error('app.enableSandbox() can only be called before app is ready');
    record('app.enableSandbox');
  }
  setAsDefaultProtocolClient(scheme: string, _exe?: string, args: string[] = []): boolean {
    record(`app.setAsDefaultProtocolClient ${scheme}`);
    this.protocolClients.push({ scheme, args });
    return true;
  }
  getLoginItemSettings(): { openAtLogin: boolean; wasOpenedAtLogin: boolean } {
    return { ...this.loginItem };
  }
  /** The dock / launcher count (macOS, Linux); Electron answers whether it was shown. */
  badgeCount = 0;
  setBadgeCount(count: number): boolean {
    this.badgeCount = count;
    return true;
  }
  setLoginItemSettings(settings: { openAtLogin: boolean }): void {
    record(`app.setLoginItemSettings ${JSON.stringify(settings)}`);
    this.loginItem.openAtLogin = settings.openAtLogin;
  }
  /** Electron's quit: `before-quit`, windows close, `will-quit`, `quit`; any step may be cancelled. */
  quit(): void {
    record('app.quit');
    const beforeQuit = preventable();
    this.emit('before-quit', beforeQuit);
    if (beforeQuit.defaultPrevented) return;
    for (const window of BrowserWindow.getAllWindows()) {
      window.close();
      if (!window.isDestroyed()) return;
    }
    const willQuit = preventable();
    this.emit('will-quit', willQuit);
    if (willQuit.defaultPrevented) return;
    this.quitCompleted = true;
    this.emit('quit', preventable(), 0);
  }
  exit(code = 0): void {
    record(`app.exit ${code}`);
    this.exited = code;
  }
}

// ---------------------------------------------------------------- windows

class FakeWebContents extends EventEmitter {
  static #nextId = 1;
  readonly id = FakeWebContents.#nextId++;
  readonly sent: Array<{ channel: string; payload: unknown }> = [];
  #destroyed = false;
  url = '';
  constructor(readonly owner: BrowserWindow) {
    super();
  }
  send(channel: string, payload: unknown): void {
    if (this.#destroyed) throw new Error('Object has been destroyed');
    record(`webContents.send ${channel}`);
    this.sent.push({ channel, payload });
  }
  isDestroyed(): boolean {
    return this.#destroyed;
  }
  destroy(): void {
    this.#destroyed = true;
  }
  setWindowOpenHandler(): void {}
  getURL(): string {
    return this.url;
  }
}

export class BrowserWindow extends EventEmitter {
  static #all: BrowserWindow[] = [];
  static getAllWindows(): BrowserWindow[] {
    return BrowserWindow.#all.filter((window) => !window.isDestroyed());
  }
  static reset(): void {
    BrowserWindow.#all = [];
  }
  readonly webContents: FakeWebContents;
  #visible = false;
  #minimized = false;
  #destroyed = false;
  #finishLoad: (() => void) | null = null;
  constructor(readonly options: Record<string, unknown>) {
    super();
    record('new BrowserWindow');
    this.webContents = new FakeWebContents(this);
    this.#visible = options['show'] !== false;
    BrowserWindow.#all.push(this);
  }
  #use(): void {
    if (this.#destroyed) throw new TypeError('Object has been destroyed');
  }
  /** Starts loading; the page's scripts run before `did-finish-load` (see `finishLoading`). */
  loadURL(url: string): Promise<void> {
    this.#use();
    record(`window.loadURL ${url}`);
    this.webContents.url = url;
    return new Promise((resolve) => {
      this.#finishLoad = resolve;
      this.webContents.emit('did-start-loading');
      this.webContents.emit('did-navigate', preventable(), url, 200, 'OK');
    });
  }
  /** The page finished: `dom-ready`, `ready-to-show` (first paint), `did-finish-load`. */
  finishLoading(): void {
    this.webContents.emit('dom-ready');
    this.emit('ready-to-show');
    this.webContents.emit('did-finish-load');
    this.webContents.emit('did-stop-loading');
    this.#finishLoad?.();
    this.#finishLoad = null;
  }
  isDestroyed(): boolean {
    return this.#destroyed;
  }
  isVisible(): boolean {
    this.#use();
    return this.#visible;
  }
  isMinimized(): boolean {
    this.#use();
    return this.#minimized;
  }
  isMaximized(): boolean {
    return false;
  }
  isFullScreen(): boolean {
    return false;
  }
  getNormalBounds(): { x: number; y: number; width: number; height: number } {
    return { x: 0, y: 0, width: 1200, height: 800 };
  }
  show(): void {
    this.#use();
    record('window.show');
    this.#visible = true;
    this.emit('show');
  }
  showInactive(): void {
    this.#use();
    record('window.showInactive');
    this.#visible = true;
  }
  hide(): void {
    this.#use();
    record('window.hide');
    this.#visible = false;
    this.emit('hide');
  }
  /** Like Electron's NativeWindowViews: a hidden window is shown minimised. */
  minimize(): void {
    this.#use();
    record('window.minimize');
    this.#minimized = true;
    this.#visible = true;
    this.emit('minimize');
  }
  restore(): void {
    this.#use();
    record('window.restore');
    this.#minimized = false;
    this.#visible = true;
    this.emit('restore');
  }
  maximize(): void {
    record('window.maximize');
  }
  focus(): void {
    this.#use();
    record('window.focus');
    this.emit('focus');
  }
  /** The user (or app.quit) closes it: `close` may be prevented, else `closed`. */
  close(): void {
    if (this.#destroyed) return;
    const event = preventable();
    this.emit('close', event);
    if (event.defaultPrevented) return;
    this.destroy();
  }
  destroy(): void {
    if (this.#destroyed) return;
    this.#destroyed = true;
    this.webContents.destroy();
    this.emit('closed');
  }
  /** Windows only: what a log-off or shutdown sends to every top-level window, in this order. */
  endSession(reasons: string[] = ['shutdown']): void {
    const query = { ...preventable(), reasons };
    this.emit('query-session-end', query);
    this.emit('session-end', { ...preventable(), reasons });
  }
}

// ---------------------------------------------------------------- the rest

class FakeIpcMain extends EventEmitter {
  readonly handlers = new Map<string, (event: unknown, message: unknown) => unknown>();
  handle(channel: string, listener: (event: unknown, message: unknown) => unknown): void {
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, listener);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
  /** A renderer frame at `url` invoking `channel`. */
  async invoke(channel: string, url: string, message: unknown): Promise<unknown> {
    const listener = this.handlers.get(channel);
    if (listener === undefined) throw new Error(`No handler registered for '${channel}'`);
    return listener({ senderFrame: { url } }, message);
  }
}

type PermissionRequestHandler = (contents: unknown, permission: string, callback: (granted: boolean) => void, details: { requestingUrl: string }) => void;
type PermissionCheckHandler = (contents: unknown, permission: string, requestingOrigin: string, details: { requestingUrl?: string }) => boolean;

class FakeSession {
  permissionRequestHandler: PermissionRequestHandler | null = null;
  permissionCheckHandler: PermissionCheckHandler | null = null;
  devicePermissionHandler: unknown = null;
  setPermissionRequestHandler(handler: PermissionRequestHandler | null): void {
    this.permissionRequestHandler = handler;
  }
  setPermissionCheckHandler(handler: PermissionCheckHandler | null): void {
    this.permissionCheckHandler = handler;
  }
  setDevicePermissionHandler(handler: unknown): void {
    this.devicePermissionHandler = handler;
  }
  /** What Chromium decides for a page at `url` asking for `permission` (denied when no handler says yes). */
  async requestPermission(permission: string, url: string): Promise<boolean> {
    const handler = this.permissionRequestHandler;
    if (handler === null) return true; // Electron's default grants everything
    return new Promise((resolve) => handler({}, permission, resolve, { requestingUrl: url }));
  }
  checkPermission(permission: string, url: string): boolean {
    // Chromium passes the origin of a standard scheme as scheme://host.
    const parsed = new URL(url);
    return this.permissionCheckHandler?.({}, permission, `${parsed.protocol}//${parsed.host}`, { requestingUrl: url }) ?? true;
  }
}

export const app = new FakeApp();
export const ipcMain = new FakeIpcMain();
export const session = { defaultSession: new FakeSession() };
export const powerMonitor = new EventEmitter();

export const dialog = {
  shown: [] as Array<{ parent: BrowserWindow | null; parentVisible: boolean; parentMinimized: boolean; options: Record<string, unknown> }>,
  errorBoxes: [] as Array<{ title: string; content: string }>,
  async showMessageBox(first: BrowserWindow | Record<string, unknown>, second?: Record<string, unknown>): Promise<{ response: number; checkboxChecked: boolean }> {
    const parent = first instanceof BrowserWindow ? first : null;
    const options = (parent ? second : first) as Record<string, unknown>;
    record(`dialog.showMessageBox ${parent ? 'parented' : 'unparented'}`);
    dialog.shown.push({
      parent,
      parentVisible: parent !== null && !parent.isDestroyed() && parent.isVisible(),
      parentMinimized: parent !== null && !parent.isDestroyed() && parent.isMinimized(),
      options,
    });
    return { response: config.messageBoxResponse, checkboxChecked: false };
  },
  showErrorBox(title: string, content: string): void {
    record(`dialog.showErrorBox ${title}`);
    dialog.errorBoxes.push({ title, content });
  },
  async showSaveDialog(): Promise<{ canceled: boolean; filePath?: string }> {
    return { canceled: true };
  },
};

export const protocol = {
  schemes: [] as unknown[],
  registerSchemesAsPrivileged(schemes: unknown[]): void {
    if (app.isReady()) throw new Error('protocol.registerSchemesAsPrivileged should be called before app is ready');
    record('protocol.registerSchemesAsPrivileged');
    protocol.schemes.push(...schemes);
  },
  handle(scheme: string): void {
    record(`protocol.handle ${scheme}`);
  },
};

export const Menu = {
  buildFromTemplate: (template: unknown[]) => ({ template }),
  setApplicationMenu: () => {},
};

export class FakeNativeImage {
  template = false;
  constructor(readonly file: string) {}
  setTemplateImage(value: boolean): void {
    this.template = value;
  }
  isTemplateImage(): boolean {
    return this.template;
  }
  isEmpty(): boolean {
    return false;
  }
}
export const nativeImage = { createFromPath: (file: string) => new FakeNativeImage(file) };

export const trays: Tray[] = [];
export class Tray extends EventEmitter {
  readonly statuses: string[] = [];
  destroyed = false;
  constructor(readonly image: FakeNativeImage) {
    super();
    if (!config.trayConstructs) throw new Error('Failed to create tray');
    record('new Tray');
    trays.push(this);
  }
  setToolTip(text: string): void {
    this.statuses.push(text);
  }
  setContextMenu(): void {}
  /** macOS: the text beside the menu-bar icon. */
  title = '';
  setTitle(title: string): void {
    this.title = title;
  }
  destroy(): void {
    this.destroyed = true;
  }
}

export const screen = { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }] };
export const shell = { openExternal: async () => {}, openPath: async () => '' };

export class Notification extends EventEmitter {
  static isSupported(): boolean {
    return true;
  }
  show(): void {}
}

// safeStorage: ciphertext is `k<generation>:` + base64, so a key change is visible to decrypt.
function checkReady(): void {
  if (!app.isReady()) throw new Error('safeStorage cannot be used before the app is ready');
}
export const safeStorage = {
  async isAsyncEncryptionAvailable(): Promise<boolean> {
    checkReady();
    return config.safeStorage.available;
  },
  isEncryptionAvailable(): boolean {
    return config.safeStorage.available;
  },
  getSelectedStorageBackend(): string {
    if (config.platform !== 'linux') throw new Error('getSelectedStorageBackend is only available on Linux');
    checkReady();
    return config.safeStorage.backend;
  },
  async encryptStringAsync(plainText: string): Promise<Buffer> {
    checkReady();
    if (!config.safeStorage.available) throw new Error('Error while encrypting the text provided to safeStorage.encryptStringAsync. Encryption is not available.');
    record('safeStorage.encryptStringAsync');
    return Buffer.from(`k${keys.current}:${Buffer.from(plainText).toString('base64')}`);
  },
  async decryptStringAsync(cipherText: Buffer): Promise<{ result: string; shouldReEncrypt: boolean }> {
    checkReady();
    const match = /^k(\d+):(.*)$/s.exec(cipherText.toString());
    if (match === null) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptStringAsync.');
    return { result: Buffer.from(match[2] ?? '', 'base64').toString(), shouldReEncrypt: Number(match[1]) < keys.current };
  },
};

export const contextBridge = { exposeInMainWorld: () => {} };
export const ipcRenderer = new EventEmitter();

/** Back to a freshly started process. */
export function resetFakeElectron(overrides: Partial<FakeElectronConfig>): void {
  calls.length = 0;
  Object.assign(config, {
    platform: 'linux',
    isPackaged: true,
    trayConstructs: true,
    safeStorage: { available: true, backend: 'gnome_libsecret' },
    messageBoxResponse: 2,
    lockedFolders: new Set(),
    ...overrides,
  });
  keys.current = 1;
  BrowserWindow.reset();
  trays.length = 0;
  dialog.shown.length = 0;
  dialog.errorBoxes.length = 0;
  protocol.schemes.length = 0;
  ipcMain.handlers.clear();
  ipcMain.removeAllListeners();
  app.resetProcess();
  powerMonitor.removeAllListeners();
  session.defaultSession = new FakeSession();
}
