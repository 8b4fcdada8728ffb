import { ipcMain, type BrowserWindow } from 'electron';
import Store from 'electron-store';
import { parseWindowState, type WindowState } from './window-state';

/**
 * Small preferences that belong to this machine rather than to the owner's data (which lives in
 * SQLite): today, where the main window was. electron-store writes atomically, in userData.
 */
interface Preferences {
  mainWindow?: unknown;
}

const SAVE_DELAY_MS = 500;
const ELECTRON_STORE_IPC_CHANNEL = 'electron-store-get-data';

/** Remembers the main window's bounds across runs. */
export class WindowStateStore {
  private readonly store = new Store<Preferences>({ name: 'preferences', clearInvalidConfig: true });

  constructor() {
    // electron-store answers any renderer's synchronous request for the userData path and app
    // version on this channel. No renderer of ours uses electron-store, so the channel is closed.
    ipcMain.removeAllListeners(ELECTRON_STORE_IPC_CHANNEL);
  }

  /** The last saved state, or null on first run or when the file holds something unusable. */
  load(): WindowState | null {
    return parseWindowState(this.store.get('mainWindow'));
  }

  save(state: WindowState): void {
    this.store.set('mainWindow', state);
  }

  /**
   * Saves the window's state as it is moved and resized (debounced) and once more when it
   * closes, so a crash loses at most the last half second of dragging.
   */
  track(window: BrowserWindow): void {
    let timer: NodeJS.Timeout | undefined;
    const saveNow = (): void => {
      clearTimeout(timer);
      if (window.isDestroyed() || window.isMinimized() || window.isFullScreen()) return;
      this.save({ bounds: window.getNormalBounds(), maximized: window.isMaximized() });
    };
    const saveSoon = (): void => {
      clearTimeout(timer);
      timer = setTimeout(saveNow, SAVE_DELAY_MS);
    };
    window.on('resize', saveSoon);
    window.on('move', saveSoon);
    window.on('maximize', saveSoon);
    window.on('unmaximize', saveSoon);
    window.on('close', saveNow);
  }
}
